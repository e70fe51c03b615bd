// Erasure when the employer decides it (a retention decision, a person exported by mistake):
// the person's personal data and their pseudonymous answers and ratings (found through the key,
// own-answer-rows.ts) go in one transaction. Who took part (pulse participation, answered rounds,
// memberships of released sick-leave cells) is unlinked from them rather than deleted, so the
// release windows still hold them as someone who left. Released figures (cells) stay as they
// were: they never held a person id, and they are the authority's records of the unit.
//
// Kept, and why (ADR 0016): the audit log (the authority's record of who did and saw what, under
// its own retention; an erase does not rewrite it); records of work done in a role (priority
// steps, activities, schedules, targets, cases they handle about others); the erasure's own audit
// event, which names the person by HR id only — the link to the decision — with the decision
// reference, a reason code and counts: no name, e-mail or content.
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { recordAudit } from "./audit.js";
import { deleteOwnAnswerRows, findOwnAnswers, findOwnRatings, unlinkedId } from "./own-answer-rows.js";
import { STATUS, TERMINAL_STATUSES } from "../../delivery/outbox-status.js";

export const ERASE_REASONS = ["export_error", "retention_decision", "other"] as const;
export type EraseReason = (typeof ERASE_REASONS)[number];

/** A decision reference (diarienummer, case number): short, no free prose that could carry health data. */
export const DecisionReferenceSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} .:/#_-]{0,63}$/u, "a decision reference of letters, digits and . : / # _ - (at most 64 characters), e.g. KS 2026/123");

export interface EraseRequest {
  personId: string;
  now: Date;
  reason: EraseReason;
  reference: string;
  operator: string;
}

export interface EraseCounts {
  answers: number;
  ratings: number;
  pulseRecipients: number;
  pulseParticipation: number;
  /** Memberships of released monthly sick-leave cells, unlinked from them (the cells stay). */
  sickLeaveCellMembers: number;
  roundRecipients: number;
  absences: number;
  contactRequests: number;
  cases: number;
  messages: number;
  messagesRedacted: number;
  conversations: number;
  assignments: number;
}

export type EraseResult = { ok: true; counts: EraseCounts; wasActive: boolean } | { ok: false; reason: "notFound" };

const REDACTED_PAYLOAD = JSON.stringify({ erased: true });

export async function erasePerson(db: Db, secret: string, r: EraseRequest): Promise<EraseResult> {
  return db.$transaction(
    async (tx) => {
      const person = await tx.person.findUnique({ where: { id: r.personId } });
      if (!person) return { ok: false as const, reason: "notFound" as const };
      const answerIds = (await findOwnAnswers(tx, secret, r.personId)).map((a) => a.id);
      const ratingIds = (await findOwnRatings(tx, secret, r.personId)).map((a) => a.id);
      const personId = r.personId;
      const unlinked = unlinkedId();
      const own = await deleteOwnAnswerRows(tx, personId, { answerIds, ratingIds }, unlinked);
      const counts: EraseCounts = {
        answers: own.answers,
        ratings: own.ratings,
        // The units they answered from are part of the pulse's release window (with participation).
        pulseRecipients:
          (await tx.pulseRecipient.updateMany({ where: { personId, answered: true }, data: { personId: unlinked, reminded: false } })).count +
          (await tx.pulseRecipient.deleteMany({ where: { personId } })).count,
        pulseParticipation: own.participation,
        // Unlinked, not deleted: later months are still decided against a window that holds them (own-answer-rows.ts).
        sickLeaveCellMembers: own.sickLeaveCellMembers,
        roundRecipients: own.roundRecipients,
        absences: (await tx.absence.deleteMany({ where: { personId } })).count,
        contactRequests: (await tx.contactRequest.deleteMany({ where: { personId } })).count,
        cases: (await tx.nudgeCase.deleteMany({ where: { subjectPersonId: personId } })).count,
        messages: (await tx.outboxMessage.deleteMany({ where: { personId } })).count,
        messagesRedacted: await redactMessagesNaming(tx, person),
        conversations: (await tx.conversationRef.deleteMany({ where: { personId } })).count,
        assignments: (await tx.assignment.deleteMany({ where: { personId } })).count,
      };
      await tx.person.delete({ where: { id: personId } });
      await recordAudit(tx, {
        at: r.now,
        actorId: null,
        action: "person.erase",
        subjectType: "person",
        subjectId: personId,
        detail: { reason: r.reason, reference: r.reference, operator: r.operator, counts },
      });
      return { ok: true as const, counts, wasActive: person.active };
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}

/**
 * Cards sent to others that name the person (a manager's early-signal digest): finished ones keep
 * their row (idempotency) without the content; a digest not yet sent is dropped.
 */
async function redactMessagesNaming(tx: DbTx, person: { id: string; displayName: string; email: string | null }): Promise<number> {
  // Short names would match unrelated text; the id and e-mail are exact.
  const needles = [person.id, person.email, person.displayName.trim().length >= 4 ? person.displayName.trim() : null].filter((n): n is string => !!n);
  const naming = { OR: needles.map((n) => ({ payload: { contains: n } })) };
  const redacted = await tx.outboxMessage.updateMany({ where: { status: { in: TERMINAL_STATUSES }, ...naming }, data: { payload: REDACTED_PAYLOAD } });
  const dropped = await tx.outboxMessage.deleteMany({ where: { status: STATUS.pending, kind: { startsWith: "nudge" }, ...naming } });
  return redacted.count + dropped.count;
}
