// How long each class of data is kept (gallring): one value per class, from configuration
// (src/config.ts), defaults = what the jobs deleted before it was configurable. null = kept until
// a decision says otherwise: nothing deletes that class automatically. A few classes have a fixed
// period instead, set by the rule that needs them (FIXED_RETENTION).
import { SICK_LEAVE_CELL_RETENTION_MONTHS } from "../aggregates/build-sick-leave-cells.js";

export interface RetentionPolicy {
  /** Raw pulse answers (and who answered which question), counted from the pulse's close. */
  answersMonths: number;
  /** Friskfaktor ratings, counted from the round's close. */
  ratingsMonths: number;
  /** Sick-leave occasions, counted from their last day (DESIGN.md: never more than 13 months). */
  absencesMonths: number;
  /** Early-signal cases that are closed (done / not relevant), counted from closing. */
  casesMonths: number | null;
  /** "Jag vill att min chef hör av sig", counted from the request; never while its case is open. */
  contactRequestsMonths: number | null;
  /** The audit log, counted from the event. */
  auditMonths: number | null;
  /**
   * Sent, failed and unreachable proactive messages, counted from when they finished. One period
   * for all three: a failed or ambiguous row is looked at within days (the tick's and the logs'
   * counts), and 30 days covers any job re-planning by idempotency key.
   */
  outboxDays: number | null;
  /** Inbound activity ids kept against replays (ADR 0012). */
  processedActivitiesHours: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  answersMonths: 24,
  ratingsMonths: 24,
  absencesMonths: 13,
  casesMonths: null,
  contactRequestsMonths: null,
  auditMonths: null,
  outboxDays: 30,
  processedActivitiesHours: 24,
};

/**
 * Periods that are not configuration. sickLeaveCellMembersMonths: who is counted in a released
 * monthly sick-leave cell (SickLeaveCellMember), with the cells, counted from the cell's month:
 * the differencing window over time (12 months) and one more (build-sick-leave-cells.ts).
 */
export const FIXED_RETENTION = {
  sickLeaveCellMembersMonths: SICK_LEAVE_CELL_RETENTION_MONTHS,
} as const;

export type RetentionClass = keyof RetentionPolicy | keyof typeof FIXED_RETENTION;
