// The nudge cards: a manager's cases (the daily digest, `ärenden`, and the same card refreshed
// after an action) and what an HR partner sees of cases escalated to them. A case names a unit
// and, for personal signals, a person — never an answer, a rating or a sick-leave date.
import { DateTime } from "luxon";
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { formatDay as formatDayIn } from "../../i18n/dates.js";
import { DISMISS_REASONS } from "../../domain/nudges/case-actions.js";
import type { CaseView } from "../../domain/nudges/list-cases.js";
import type { NudgeThresholds } from "../../domain/nudges/thresholds.js";
import { expandCard, noticeColor, type NoticeTone } from "./render-card.js";
import { actionData } from "../card-verbs.js";

type Card = Record<string, unknown>;

export interface CaseCardOptions {
  locale: Locale;
  timeZone: string;
  now: Date;
  thresholds: NudgeThresholds;
  /** "digest": the daily card; "list": `ärenden`; "escalated": an HR partner's read-only view. */
  mode: "digest" | "list" | "escalated";
  notice?: string;
  /** A saved action's notice is good news; anything else (a refusal) is the default, attention. */
  noticeTone?: NoticeTone;
}

const formatDay = (d: Date | string, o: CaseCardOptions) => formatDayIn(d, o.locale, o.timeZone);

export function casesCardJson(cases: CaseView[], o: CaseCardOptions, escalated: CaseView[] = []): Card {
  const t = translatorFor(o.locale);
  const ids = cases.map((c) => c.id);
  const today = DateTime.fromJSDate(o.now, { zone: o.timeZone }).toISODate()!;
  const item = (c: CaseView, i: number, actionable: boolean) => ({
    headline: headlineOf(c, t),
    lines: linesOf(c, t, o),
    status: statusOf(c, t, o),
    actions: {
      show: actionable && (c.status === "open" || c.status === "planned"),
      today,
      planLabel: t("nudges.actions.plan"),
      planInputId: `plannedFor_${i}`,
      planInputLabel: t("nudges.actions.planDate"),
      planInputError: t("nudges.actions.planDateError"),
      planSubmitLabel: t("nudges.actions.planSubmit"),
      planData: actionData("nudge.plan", { caseId: c.id, slot: i, caseIds: ids }),
      doneLabel: t("nudges.actions.done"),
      doneData: actionData("nudge.done", { caseId: c.id, caseIds: ids }),
      dismissLabel: t("nudges.actions.dismiss"),
      reasonInputId: `reason_${i}`,
      reasonLabel: t("nudges.actions.reason"),
      reasonError: t("nudges.actions.reasonError"),
      reasons: DISMISS_REASONS.map((value) => ({ title: t(`nudges.reasons.${value}`), value })),
      dismissSubmitLabel: t("nudges.actions.dismissSubmit"),
      dismissData: actionData("nudge.dismiss", { caseId: c.id, slot: i, caseIds: ids }),
    },
  });
  const escalatedItems = escalated.map((c, i) => item(c, cases.length + i, false));
  const mine = cases.map((c, i) => item(c, i, o.mode !== "escalated"));
  const none = cases.length + escalated.length === 0;
  return expandCard("cases", {
    title: o.mode === "digest" ? t("nudges.digest.title") : t("nudges.list.title"),
    intro: none ? t("nudges.list.none") : o.mode === "digest" ? t("nudges.digest.intro", { count: cases.length + escalated.length }) : "",
    notice: o.notice ?? "",
    noticeColor: noticeColor(o.noticeTone ?? "attention"),
    cases: [
      ...mine,
      ...escalatedItems.map((e) => ({ ...e, headline: `${t("nudges.escalated.prefix", { days: o.thresholds.escalationDays })} ${e.headline}` })),
    ],
    footer: t("nudges.footer", { days: o.thresholds.escalationDays }),
  });
}

function headlineOf(c: CaseView, t: Translate): string {
  switch (c.signal) {
    case "short_sick_leave":
      return t("nudges.signals.shortSickLeave.headline", { name: c.subjectName ?? "?" });
    case "contact_request":
      return t("nudges.signals.contactRequest.headline", { name: c.subjectName ?? "?" });
    case "falling_pulse":
      return t("nudges.signals.fallingPulse.headline", { unit: c.unitName });
  }
}

function linesOf(c: CaseView, t: Translate, o: CaseCardOptions): string[] {
  switch (c.signal) {
    case "short_sick_leave":
      return [
        t("nudges.signals.shortSickLeave.text", {
          name: c.subjectName ?? "?",
          occasions: o.thresholds.sickLeaveOccasions,
          months: o.thresholds.sickLeaveMonths,
        }),
        t("nudges.signals.shortSickLeave.suggestion"),
      ];
    case "contact_request":
      return [t("nudges.signals.contactRequest.text"), t("nudges.signals.contactRequest.suggestion")];
    case "falling_pulse": {
      const lines = [
        t("nudges.signals.fallingPulse.text", { latest: c.detail.latestPct ?? 0, baseline: c.detail.baselinePct ?? 0, unit: c.unitName }),
        t("nudges.signals.fallingPulse.suggestion"),
      ];
      if (c.detail.weakestFactor) lines.push(t("nudges.signals.fallingPulse.weakest", { factor: t(`healthFactors.factors.${c.detail.weakestFactor}`) }));
      return lines;
    }
  }
}

function statusOf(c: CaseView, t: Translate, o: CaseCardOptions): string {
  const since = t("nudges.status.since", { date: formatDay(c.openedAt, o) });
  switch (c.status) {
    case "open":
      return `${t("nudges.status.open")} · ${since}${c.escalated ? ` · ${t("nudges.status.escalated")}` : ""}`;
    case "planned":
      return `${t("nudges.status.planned", { date: formatDay(c.plannedFor!, o) })} · ${since}`;
    case "done":
      return t("nudges.status.done");
    case "not_relevant":
      return t("nudges.status.notRelevant", { reason: t(`nudges.reasons.${c.reason ?? "other"}`) });
  }
}
