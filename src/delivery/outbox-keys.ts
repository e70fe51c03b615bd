// Every proactive card's outbox kind and idempotency key, built in one place. The key strings are
// stored in OutboxMessage.idempotencyKey: changing one would plan a card a second time after an
// upgrade, so test/delivery/outbox-keys.test.ts pins them byte for byte.

export type OutboxKind =
  | "pulse"
  | "pulse-reminder"
  | "hf-rate"
  | "hf-remind"
  | "hf-unit"
  | "hf-activity"
  | "hf-result"
  | "unitSummary"
  | "subtreeOverview"
  | "nudge-digest"
  | "memberResult";

export interface OutboxKey {
  kind: OutboxKind;
  idempotencyKey: string;
}

const key = (kind: OutboxKind, ...parts: string[]): OutboxKey => ({ kind, idempotencyKey: [kind, ...parts].join(":") });

/** A new pulse's card. */
export const pulseCardKey = (pulseId: string, personId: string) => key("pulse", pulseId, personId);

/** The pulse's one reminder. */
export const pulseReminderKey = (pulseId: string, personId: string) => key("pulse-reminder", pulseId, personId);

/** A new friskfaktor round's rating card. */
export const roundCardKey = (roundId: string, personId: string) => key("hf-rate", roundId, personId);

/** The round's one reminder. */
export const roundReminderKey = (roundId: string, personId: string) => key("hf-remind", roundId, personId);

/** The unit's friskfaktor card to a party; `stage` ("results", "step2", …) makes each state its own message. */
export const unitCardKey = (roundId: string, unitId: string, stage: string, personId: string) => key("hf-unit", roundId, unitId, stage, personId);

/** An agreed activity falls due. */
export const activityReminderKey = (activityId: string, personId: string) => key("hf-activity", activityId, personId);

/** A postponed activity falls due on its new date (one more part than activityReminderKey: never the same key). */
export const postponedActivityReminderKey = (activityId: string, dueDate: string, personId: string) => key("hf-activity", activityId, dueDate, personId);

/** A unit's agreed friskfaktor result (profile, priorities, activities) to one of its members (issue 16). */
export const hfMemberResultKey = (roundId: string, unitId: string, personId: string) => key("hf-result", roundId, unitId, personId);

/** The same, once more when the unit's activities are planned (the day after the first one was added). */
export const hfMemberActivitiesKey = (roundId: string, unitId: string, personId: string) => key("hf-result", roundId, unitId, "activities", personId);

/** After a pulse: a unit's summary (chef, skyddsombud) or a subtree's overview (HR partner). */
export const summaryKey = (view: "unitSummary" | "subtreeOverview", pulseId: string, unitId: string, personId: string) => key(view, pulseId, unitId, personId);

/** After a pulse: "Så mår vi", a unit's result to one of its members (issue 16). */
export const memberResultKey = (pulseId: string, unitId: string, personId: string) => key("memberResult", pulseId, unitId, personId);

/** The daily case card: one per person and local day (YYYY-MM-DD in their time zone). */
export const digestKey = (personId: string, localDay: string) => key("nudge-digest", personId, localDay);
