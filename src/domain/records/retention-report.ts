// What `friskpuls retention` shows: per data class how long it is kept, how many rows are stored
// and how many the next run of the retention jobs deletes. Counts only, never contents.
import type { Db } from "../../db/client.js";
import { FIXED_RETENTION, type RetentionClass, type RetentionPolicy } from "./retention-policy.js";
import { computeCutoffs, expiredRecordFilters, listExpiredContactRequestIds } from "./delete-expired-records.js";
import { countAnswerRows, countSickLeaveCellMembers } from "./own-answer-rows.js";
import { sickLeaveCellCutoffMonth } from "../aggregates/build-sick-leave-cells.js";

export interface RetentionLine {
  class: RetentionClass;
  /** The configured period, or null = kept (no automatic deletion). */
  period: { value: number; unit: "months" | "days" | "hours" } | null;
  /**
   * Rows (or days) older than this go; null when kept. ISO instant, or a calendar day for absences
   * and for sick-leave cell members (the first day of the first month kept, Swedish time).
   */
  cutoff: string | null;
  stored: number;
  dueForDeletion: number;
}

export async function readRetentionReport(db: Db, now: Date, policy: RetentionPolicy): Promise<RetentionLine[]> {
  const cutoffs = computeCutoffs(now, policy);
  const filters = expiredRecordFilters(cutoffs);
  const months = (value: number | null) => (value === null ? null : { value, unit: "months" as const });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  // The answer jobs take only pulses and rounds whose cells are built (delete-expired-answers.ts).
  const expiredPulses = (await db.pulse.findMany({ where: { closesAt: { lt: cutoffs.answers }, summarizedAt: { not: null } }, select: { id: true } })).map(
    (p) => p.id,
  );
  const expiredRounds = (await db.hfRound.findMany({ where: { closesAt: { lt: cutoffs.ratings }, summarizedAt: { not: null } }, select: { id: true } })).map(
    (r) => r.id,
  );
  const rows = await countAnswerRows(db, { pulseIds: expiredPulses, roundIds: expiredRounds });
  const sickLeaveCutoff = sickLeaveCellCutoffMonth(now);
  const sickLeaveMembers = await countSickLeaveCellMembers(db, sickLeaveCutoff);
  return [
    { class: "answersMonths", period: months(policy.answersMonths), cutoff: iso(cutoffs.answers), stored: rows.answers, dueForDeletion: rows.expiredAnswers },
    { class: "ratingsMonths", period: months(policy.ratingsMonths), cutoff: iso(cutoffs.ratings), stored: rows.ratings, dueForDeletion: rows.expiredRatings },
    {
      class: "absencesMonths",
      period: months(policy.absencesMonths),
      cutoff: cutoffs.absences,
      stored: await db.absence.count(),
      dueForDeletion: await db.absence.count({ where: { lastDay: { lt: cutoffs.absences } } }),
    },
    {
      // Fixed (the differencing window over time and one month): deleted with their cells by absences.retention.
      class: "sickLeaveCellMembersMonths",
      period: months(FIXED_RETENTION.sickLeaveCellMembersMonths),
      cutoff: `${sickLeaveCutoff}-01`,
      stored: sickLeaveMembers.stored,
      dueForDeletion: sickLeaveMembers.expired,
    },
    {
      class: "casesMonths",
      period: months(policy.casesMonths),
      cutoff: iso(cutoffs.cases),
      stored: await db.nudgeCase.count(),
      dueForDeletion: filters.cases ? await db.nudgeCase.count({ where: filters.cases }) : 0,
    },
    {
      class: "contactRequestsMonths",
      period: months(policy.contactRequestsMonths),
      cutoff: iso(cutoffs.contactRequests),
      stored: await db.contactRequest.count(),
      dueForDeletion: cutoffs.contactRequests ? (await listExpiredContactRequestIds(db, cutoffs.contactRequests)).length : 0,
    },
    {
      class: "auditMonths",
      period: months(policy.auditMonths),
      cutoff: iso(cutoffs.audit),
      stored: await db.auditEvent.count(),
      dueForDeletion: filters.audit ? await db.auditEvent.count({ where: filters.audit }) : 0,
    },
    {
      class: "outboxDays",
      period: policy.outboxDays === null ? null : { value: policy.outboxDays, unit: "days" },
      cutoff: iso(cutoffs.outbox),
      stored: await db.outboxMessage.count(),
      dueForDeletion: filters.outbox ? await db.outboxMessage.count({ where: filters.outbox }) : 0,
    },
    {
      class: "processedActivitiesHours",
      period: { value: policy.processedActivitiesHours, unit: "hours" },
      cutoff: iso(cutoffs.processedActivities),
      stored: await db.processedActivity.count(),
      dueForDeletion: await db.processedActivity.count({ where: { receivedAt: { lt: cutoffs.processedActivities } } }),
    },
  ];
}
