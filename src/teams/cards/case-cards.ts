// The nudge cards, written for whoever reads them: a chef's cases (the daily digest, `ärenden`,
// and the same card refreshed after an action), a skyddsombud's copy of a unit's case, and the
// cases escalated to an HR partner (whose chef, how old, with the buttons to act on them). A case
// names a unit and, for personal signals, a person — never an answer, a rating or a sick-leave date.
import { DateTime } from "luxon";
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { dismissReasonsFor } from "../../domain/nudges/case-actions.js";
import type { CaseView } from "../../domain/nudges/list-cases.js";
import type { NudgeThresholds, Signal } from "../../domain/nudges/thresholds.js";
import { expandCard } from "./render-card.js";
import { actionData } from "../card-verbs.js";

type Card = Record<string, unknown>;

export interface CaseCardOptions {
  locale: Locale;
  timeZone: string;
  now: Date;
  thresholds: NudgeThresholds;
  /** "digest": the daily card (what is new, what came to an HR partner); "list": `ärenden` and a refreshed card. */
  mode: "digest" | "list";
  notice?: string;
}

const DAY_MS = 86_400_000;

/** A Teams deep link to a 1:1 chat (users= takes the UPN, which the org export's e-mail normally is). */
export function teamsChatLink(email: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(email).replace(/%40/g, "@")}`;
}

/** Contact requests first (someone is waiting for a call), then the oldest first. */
const SIGNAL_ORDER: Record<Signal, number> = { contact_request: 0, short_sick_leave: 1, falling_pulse: 2 };
const byUrgency = (a: CaseView, b: CaseView) => SIGNAL_ORDER[a.signal] - SIGNAL_ORDER[b.signal] || a.openedAt.getTime() - b.openedAt.getTime();

const formatDay = (d: Date | string, o: CaseCardOptions) =>
  (typeof d === "string" ? DateTime.fromISO(d, { zone: o.timeZone }) : DateTime.fromJSDate(d, { zone: o.timeZone })).setLocale(o.locale).toFormat("d LLL yyyy");

/** The reader's own cases, then those escalated to them as HR partner (never the same case twice). */
export function casesCardJson(ownCases: CaseView[], o: CaseCardOptions, escalatedCases: CaseView[] = []): Card {
  const t = translatorFor(o.locale);
  const own = [...ownCases].sort(byUrgency);
  const escalated = escalatedCases.filter((c) => !own.some((m) => m.id === c.id)).sort(byUrgency);
  const ids = [...own, ...escalated].map((c) => c.id);
  const today = DateTime.fromJSDate(o.now, { zone: o.timeZone }).toISODate()!;
  const days = o.thresholds.escalationDays;
  const item = (c: CaseView, i: number, asHr: boolean) => ({
    sectionHeading: asHr && i === own.length ? t("nudges.escalated.heading", { days }) : "",
    headline: headlineOf(c, t),
    lines: linesOf(c, t, o, asHr),
    meta: asHr
      ? t("nudges.escalated.owner", { chef: c.ownerName ?? "?", count: Math.max(0, Math.floor((o.now.getTime() - c.openedAt.getTime()) / DAY_MS)) })
      : "",
    status: statusOf(c, t, o),
    links: linksOf(c, t, asHr),
    actions: {
      show: c.status === "open" || c.status === "planned",
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
      reasons: dismissReasonsFor(c.signal).map((value) => ({ title: t(`nudges.reasons.${value}`), value })),
      dismissSubmitLabel: t("nudges.actions.dismissSubmit"),
      dismissData: actionData("nudge.dismiss", { caseId: c.id, slot: i, caseIds: ids }),
    },
  });
  const items = [...own.map((c, i) => item(c, i, false)), ...escalated.map((c, i) => item(c, own.length + i, true))];
  const intro =
    items.length === 0
      ? t("nudges.list.none")
      : [
          o.mode === "digest" && own.length > 0 ? t("nudges.digest.intro", { count: own.length }) : "",
          escalated.length > 0 ? t("nudges.escalated.intro", { count: escalated.length, days }) : "",
        ]
          .filter(Boolean)
          .join(" ");
  return expandCard("cases", {
    title: o.mode === "digest" ? t("nudges.digest.title") : t("nudges.list.title"),
    intro,
    notice: o.notice ?? "",
    cases: items,
    footer: footerOf(own, escalated, t, days),
  });
}

/** Only what this reader's cases call for: escalation for a chef, none for a skyddsombud's copy. */
function footerOf(own: CaseView[], escalated: CaseView[], t: Translate, days: number): string {
  const parts = [t("nudges.footer.base")];
  if (own.some((c) => c.detail.ownerRole !== "safety_rep")) parts.push(t("nudges.footer.escalation", { days }));
  if (own.some((c) => c.detail.ownerRole === "safety_rep")) parts.push(t("nudges.footer.safetyRep"));
  if (escalated.length > 0) parts.push(t("nudges.footer.hr"));
  if ([...own, ...escalated].some((c) => c.signal === "short_sick_leave")) parts.push(t("nudges.footer.sickLeave"));
  return parts.join(" ");
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

/** What the case says; the suggestion is for the one who owns it (an HR partner gets the chef's name instead). */
function linesOf(c: CaseView, t: Translate, o: CaseCardOptions, asHr: boolean): string[] {
  switch (c.signal) {
    case "short_sick_leave": {
      const text = t("nudges.signals.shortSickLeave.text", {
        name: c.subjectName ?? "?",
        occasions: o.thresholds.sickLeaveOccasions,
        months: o.thresholds.sickLeaveMonths,
      });
      return asHr ? [text] : [text, t("nudges.signals.shortSickLeave.suggestion")];
    }
    case "contact_request":
      return asHr ? [t("nudges.signals.contactRequest.text")] : [t("nudges.signals.contactRequest.text"), t("nudges.signals.contactRequest.suggestion")];
    case "falling_pulse": {
      const lines = [t("nudges.signals.fallingPulse.text", { latest: c.detail.latestPct ?? 0, baseline: c.detail.baselinePct ?? 0, unit: c.unitName })];
      if (!asHr)
        lines.push(c.detail.ownerRole === "safety_rep" ? t("nudges.signals.fallingPulse.suggestionSafetyRep") : t("nudges.signals.fallingPulse.suggestion"));
      if (c.detail.weakestFactor) lines.push(t("nudges.signals.fallingPulse.weakest", { factor: t(`healthFactors.factors.${c.detail.weakestFactor}`) }));
      return lines;
    }
  }
}

/** A chef chats with the person the case is about; an HR partner with the chef whose case lapsed. */
function linksOf(c: CaseView, t: Translate, asHr: boolean): { title: string; url: string }[] {
  if (c.status !== "open" && c.status !== "planned") return [];
  if (asHr) return c.ownerEmail ? [{ title: t("nudges.escalated.writeToChef", { chef: c.ownerName ?? "?" }), url: teamsChatLink(c.ownerEmail) }] : [];
  if (c.subjectEmail && c.subjectName) return [{ title: t("nudges.actions.chat", { name: c.subjectName }), url: teamsChatLink(c.subjectEmail) }];
  return [];
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
