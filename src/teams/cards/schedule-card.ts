// The HR partner's pulse schedule form for one unit.
import { translatorFor, type Locale } from "../../i18n/index.js";
import type { EffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { expandCard } from "./render-card.js";
import { actionData } from "../card-verbs.js";

export function scheduleCardJson(s: EffectiveSchedule, locale: Locale, saved = false): Record<string, unknown> {
  const t = translatorFor(locale);
  const weekdayName = (n: number) => t(`schedule.weekdays.${n}`);
  const every = t("schedule.every", { count: s.intervalWeeks, weekday: weekdayName(s.weekday) });
  return expandCard("schedule", {
    title: t("schedule.title", { unit: s.unitName }),
    current:
      s.fromUnitId === s.unitId
        ? t("schedule.currentOwn", { every, time: s.sendTime, days: s.answerWindowDays })
        : t("schedule.currentInherited", { every, time: s.sendTime, days: s.answerWindowDays, from: s.fromUnitName }),
    saved: saved ? t("schedule.saved") : "",
    weekday: String(s.weekday),
    intervalWeeks: String(s.intervalWeeks),
    sendTime: s.sendTime,
    answerWindowDays: String(s.answerWindowDays),
    weekdays: [1, 2, 3, 4, 5].map((n) => ({ title: weekdayName(n), value: String(n) })),
    intervals: [1, 2, 3, 4].map((n) => ({ title: t("schedule.intervalWeeks", { count: n }), value: String(n) })),
    windows: [1, 2, 3, 4, 5, 7].map((n) => ({ title: t("schedule.windowDays", { count: n }), value: String(n) })),
    labels: {
      weekday: t("schedule.labels.weekday"),
      interval: t("schedule.labels.interval"),
      sendTime: t("schedule.labels.sendTime"),
      window: t("schedule.labels.window"),
      save: t("schedule.labels.save"),
    },
    note: t("schedule.note"),
    data: actionData("schedule.save", { unitId: s.unitId }),
  });
}
