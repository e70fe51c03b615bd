// The pulse schedule form for one unit. HR partners change the schedule — when, how often, the
// holiday pauses and the question pack — and the unit's own pause; a unit's chef sees the
// schedule and changes only the unit's pause (issue 16). Both see when the next pulse comes.
import { formatDay, formatDayTime } from "../../i18n/dates.js";
import { translatorFor, type Locale } from "../../i18n/index.js";
import type { EffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { QUESTION_PACK_IDS } from "../../domain/pulse/question-bank.js";
import { formatPauseText } from "../../domain/schedule/pause-periods.js";
import { expandCard } from "./render-card.js";
import { actionData } from "../card-verbs.js";

export interface ScheduleCardOptions {
  saved?: boolean;
  /** "hr": the whole form; "chef": the schedule as text and the unit's pause. */
  mode?: "hr" | "chef";
  /** The line under the title after a save (defaults to the schedule's "saved" text). */
  savedText?: string;
}

export function scheduleCardJson(s: EffectiveSchedule, locale: Locale, options: boolean | ScheduleCardOptions = false): Record<string, unknown> {
  const o: ScheduleCardOptions = typeof options === "boolean" ? { saved: options } : options;
  const hr = (o.mode ?? "hr") === "hr";
  const t = translatorFor(locale);
  const weekdayName = (n: number) => t(`schedule.weekdays.${n}`);
  const every = t("schedule.every", { count: s.intervalWeeks, weekday: weekdayName(s.weekday) });
  const pack = s.questionPack ?? "standard";
  const whenText = (d: Date) => formatDayTime(d, locale, s.timeZone);
  const day = (iso: string) => formatDay(iso, locale, s.timeZone);
  const pauses = s.pauses ?? [];
  return expandCard("schedule", {
    title: hr ? t("schedule.title", { unit: s.unitName }) : t("schedule.pauseTitle", { unit: s.unitName }),
    current:
      s.fromUnitId === s.unitId
        ? t("schedule.currentOwn", { every, time: s.sendTime, days: s.answerWindowDays })
        : t("schedule.currentInherited", { every, time: s.sendTime, days: s.answerWindowDays, from: s.fromUnitName }),
    next: s.nextPulseAt === undefined ? "" : s.nextPulseAt ? t("schedule.nextPulse", { when: whenText(s.nextPulseAt) }) : t("schedule.nextPulseNone"),
    pausesNow: pauses.length > 0 ? t("schedule.pausesNow", { periods: formatPauseText(pauses, locale) }) : t("schedule.pausesNone"),
    packNow: t("schedule.packNow", { pack: t(`schedule.packs.${pack}`) }),
    unitPauseNow: s.unitPause
      ? t("schedule.unitPauseNow", { unit: s.unitName, from: day(s.unitPause.fromDate), until: day(s.unitPause.toDate) })
      : t("schedule.unitPauseNone", { unit: s.unitName }),
    saved: o.saved ? (o.savedText ?? t("schedule.saved")) : "",
    hr,
    weekday: String(s.weekday),
    intervalWeeks: String(s.intervalWeeks),
    sendTime: s.sendTime,
    answerWindowDays: String(s.answerWindowDays),
    pauses: formatPauseText(pauses, locale),
    questionPack: pack,
    unitPauseFrom: s.unitPause?.fromDate ?? "",
    unitPauseUntil: s.unitPause?.toDate ?? "",
    weekdays: [1, 2, 3, 4, 5].map((n) => ({ title: weekdayName(n), value: String(n) })),
    intervals: [1, 2, 3, 4].map((n) => ({ title: t("schedule.intervalWeeks", { count: n }), value: String(n) })),
    windows: [1, 2, 3, 4, 5, 7].map((n) => ({ title: t("schedule.windowDays", { count: n }), value: String(n) })),
    packs: ["standard", ...QUESTION_PACK_IDS].map((id) => ({ title: t(`schedule.packs.${id}`), value: id })),
    labels: {
      weekday: t("schedule.labels.weekday"),
      interval: t("schedule.labels.interval"),
      sendTime: t("schedule.labels.sendTime"),
      window: t("schedule.labels.window"),
      save: t("schedule.labels.save"),
      pauses: t("schedule.labels.pauses"),
      pausesPlaceholder: t("schedule.labels.pausesPlaceholder"),
      pack: t("schedule.labels.pack"),
      unitPauseFrom: t("schedule.labels.unitPauseFrom", { unit: s.unitName }),
      unitPauseUntil: t("schedule.labels.unitPauseUntil"),
      savePause: t("schedule.labels.savePause"),
    },
    pausesHelp: t("schedule.pausesHelp"),
    unitPauseHelp: t("schedule.unitPauseHelp"),
    note: t("schedule.note"),
    data: actionData("schedule.save", { unitId: s.unitId }),
    pauseData: actionData("schedule.pause", { unitId: s.unitId }),
  });
}
