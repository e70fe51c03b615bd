// Retention of the records no feature job deletes: closed early-signal cases, contact requests,
// the audit log and finished outbox messages, each after its configured period (null = kept).
// Raw answers, ratings, sick-leave occasions and activity ids have their own jobs; the cutoffs of
// every class are computed here so `friskpuls retention` and the jobs agree.
import { DateTime } from "luxon";
import type { Db, DbTx } from "../../db/client.js";
import { computeExpiryCutoff } from "../absences/absence-calendar.js";
import type { RetentionPolicy } from "./retention-policy.js";
import { TERMINAL_STATUSES } from "../../delivery/outbox-status.js";

/** Statuses of an outbox row that is done with: nothing will send it again. */
/** Case statuses that still need their owner: never deleted by retention. */
const OPEN_CASE_STATUSES = ["open", "planned"];

const monthsBefore = (now: Date, months: number) => DateTime.fromJSDate(now, { zone: "UTC" }).minus({ months }).toJSDate();

export interface RecordCutoffs {
  answers: Date;
  ratings: Date;
  /** A calendar day (YYYY-MM-DD, Swedish time): occasions whose last day is before it go. */
  absences: string;
  cases: Date | null;
  contactRequests: Date | null;
  audit: Date | null;
  outbox: Date | null;
  processedActivities: Date;
}

export function computeCutoffs(now: Date, policy: RetentionPolicy): RecordCutoffs {
  const orKeep = (months: number | null) => (months === null ? null : monthsBefore(now, months));
  return {
    answers: monthsBefore(now, policy.answersMonths),
    ratings: monthsBefore(now, policy.ratingsMonths),
    absences: computeExpiryCutoff(now, policy.absencesMonths),
    cases: orKeep(policy.casesMonths),
    contactRequests: orKeep(policy.contactRequestsMonths),
    audit: orKeep(policy.auditMonths),
    outbox: policy.outboxDays === null ? null : new Date(now.getTime() - policy.outboxDays * 86_400_000),
    processedActivities: new Date(now.getTime() - policy.processedActivitiesHours * 3600_000),
  };
}

/** The where-clauses of what retention deletes now, shared by the job and the report. */
export function expiredRecordFilters(cutoffs: RecordCutoffs) {
  return {
    cases: cutoffs.cases && { status: { notIn: OPEN_CASE_STATUSES }, closedAt: { lt: cutoffs.cases } },
    // A request whose case is still open stays: the case is being handled (and would read as withdrawn).
    contactRequests: cutoffs.contactRequests && { createdAt: { lt: cutoffs.contactRequests } },
    audit: cutoffs.audit && { at: { lt: cutoffs.audit } },
    outbox: cutoffs.outbox && { status: { in: TERMINAL_STATUSES }, finishedAt: { lt: cutoffs.outbox } },
  };
}

/** Contact requests past their period whose case is not open (or gone, or never opened). */
export async function listExpiredContactRequestIds(db: DbTx, cutoff: Date): Promise<string[]> {
  const old = await db.contactRequest.findMany({ where: { createdAt: { lt: cutoff } }, select: { id: true, caseId: true } });
  const caseIds = [...new Set(old.map((r) => r.caseId).filter((id): id is string => !!id))];
  const open = new Set(
    (await db.nudgeCase.findMany({ where: { id: { in: caseIds }, status: { in: OPEN_CASE_STATUSES } }, select: { id: true } })).map((c) => c.id),
  );
  return old.filter((r) => !r.caseId || !open.has(r.caseId)).map((r) => r.id);
}

export async function deleteExpiredRecords(db: Db, now: Date, policy: RetentionPolicy) {
  const filters = expiredRecordFilters(computeCutoffs(now, policy));
  const result = { cases: 0, contactRequests: 0, auditEvents: 0, outboxMessages: 0 };
  if (filters.contactRequests) {
    const ids = await listExpiredContactRequestIds(db, filters.contactRequests.createdAt.lt);
    for (let i = 0; i < ids.length; i += 500)
      result.contactRequests += (await db.contactRequest.deleteMany({ where: { id: { in: ids.slice(i, i + 500) } } })).count;
  }
  if (filters.cases) result.cases = (await db.nudgeCase.deleteMany({ where: filters.cases })).count;
  if (filters.audit) result.auditEvents = (await db.auditEvent.deleteMany({ where: filters.audit })).count;
  if (filters.outbox) result.outboxMessages = (await db.outboxMessage.deleteMany({ where: filters.outbox })).count;
  return result;
}
