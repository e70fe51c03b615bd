// Storing a tap on the pulse card. Authorised on the server: the person must be a recipient of
// that pulse, the pulse open, the question part of it and the value on its scale. Answer rows
// carry the pseudonymous token, never the person; participation only says "answered".
import { randomUUID } from "node:crypto";
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { directSql } from "../../db/direct-sql.js";
import { answerContext, markRecipientAnswered, recordParticipation, upsertAnswer } from "./record-answer.statements.js";
import { deriveAnswerToken } from "./answer-token.js";
import { isValidAnswer } from "./question-bank.js";
import { UnitIdsSchema, parseQuestionIds } from "./plan-pulse.js";

export type PulseRefusal = "notRecipient" | "closed" | "invalidAnswer";

export interface PulseView {
  pulseId: string;
  questionIds: string[];
  closesAt: Date;
  open: boolean;
  /** This person's own answers, by question. */
  answers: Record<string, number>;
  contactRequested: boolean;
}

export type PulseActionResult = { ok: true; view: PulseView } | { ok: false; refusal: PulseRefusal; view?: PulseView };

interface PulseActor {
  db: Db;
  secret: string;
  now: Date;
  personId: string;
  pulseId: string;
}

export async function recordPulseAnswer(a: PulseActor & { questionId: string; value: number }): Promise<PulseActionResult> {
  const token = deriveAnswerToken(a.secret, a.pulseId, a.personId);
  const context = await loadContext(a.db, a.pulseId, a.personId, token);
  if (!context) return { ok: false, refusal: "notRecipient" };
  if (!isOpen(context.pulse, a.now)) return { ok: false, refusal: "closed", view: toView(context, a.now) };
  if (!context.questionIds.includes(a.questionId) || !isValidAnswer(a.questionId, a.value)) {
    return { ok: false, refusal: "invalidAnswer", view: toView(context, a.now) };
  }
  // The busiest write of the app (everyone answers within minutes of a pulse): one transaction
  // of plain statements through the direct SQL door (ADR 0013). The recipient row exists (loadContext).
  await (
    await directSql(a.db)
  ).transaction([
    // One row per unit of the send-time snapshot, so unit aggregates need no join.
    ...context.unitIds.map((unitId) => upsertAnswer(randomUUID(), a.pulseId, token, a.questionId, unitId, a.value)),
    markRecipientAnswered(a.pulseId, a.personId),
    // Which question, never the value: the respondent sets the privacy rules compare.
    recordParticipation(a.pulseId, a.questionId, a.personId),
  ]);
  const answered = { ...context, answers: { ...context.answers, [a.questionId]: a.value } };
  return { ok: true, view: toView(answered, a.now) };
}

/** "Jag vill att min chef hör av sig": kept apart from the answers, withdrawn while the pulse is open. */
export async function setContactRequest(a: PulseActor & { wanted: boolean }): Promise<PulseActionResult> {
  const token = deriveAnswerToken(a.secret, a.pulseId, a.personId);
  const context = await loadContext(a.db, a.pulseId, a.personId, token);
  if (!context) return { ok: false, refusal: "notRecipient" };
  if (!isOpen(context.pulse, a.now)) return { ok: false, refusal: "closed", view: toView(context, a.now) };
  const sourceRef = `pulse:${a.pulseId}`;
  const existing = await a.db.contactRequest.findUnique({ where: { personId_sourceRef: { personId: a.personId, sourceRef } } });
  if (a.wanted && !existing) {
    await a.db.contactRequest.create({ data: { personId: a.personId, sourceRef, createdAt: a.now } }).catch(ignoreUniqueViolation);
  } else if (!a.wanted && existing && !existing.caseId) {
    await a.db.contactRequest.delete({ where: { id: existing.id } });
  }
  // Asked for now, or kept because a case already holds it (such a request is not withdrawn).
  const contactRequested = a.wanted || !!existing?.caseId;
  return { ok: true, view: toView({ ...context, contactRequested }, a.now) };
}

/** The card's current state for a recipient (e.g. to render the reminder). */
export async function readPulseView(db: Db, secret: string, pulseId: string, personId: string, now: Date): Promise<PulseView | null> {
  const context = await loadContext(db, pulseId, personId, deriveAnswerToken(secret, pulseId, personId));
  return context && toView(context, now);
}

interface PulseContext {
  pulse: { id: string; status: string; closesAt: Date };
  questionIds: string[];
  unitIds: string[];
  personId: string;
  /** The person's own answers so far, by question. */
  answers: Record<string, number>;
  contactRequested: boolean;
}

const PulseIdSchema = z.uuid();

interface ContextRow {
  unitIds: string;
  id: string;
  status: string;
  closesAt: Date;
  questionIds: string;
  questionId: string | null;
  value: number | null;
  contacts: number;
}

/**
 * The recipient row, its pulse, the person's answers so far and whether they asked to be
 * contacted: one statement through the direct SQL door, on every tap (ADR 0013).
 */
async function loadContext(db: Db, pulseId: string, personId: string, token: string): Promise<PulseContext | null> {
  if (!PulseIdSchema.safeParse(pulseId).success) return null;
  const rows = await (await directSql(db)).query<ContextRow>(answerContext(pulseId, personId, token, `pulse:${pulseId}`));
  const [row] = rows;
  if (!row) return null;
  // One answer row per unit of the snapshot, all with the same value.
  const answers: Record<string, number> = {};
  for (const r of rows) if (r.questionId !== null && r.value !== null) answers[r.questionId] = Number(r.value);
  return {
    pulse: { id: row.id, status: row.status, closesAt: row.closesAt },
    questionIds: parseQuestionIds(row.questionIds),
    unitIds: UnitIdsSchema.parse(JSON.parse(row.unitIds)),
    personId,
    answers,
    contactRequested: Number(row.contacts) > 0,
  };
}

function isOpen(pulse: { status: string; closesAt: Date }, now: Date): boolean {
  return pulse.status === "open" && now < pulse.closesAt;
}

function toView(context: PulseContext, now: Date): PulseView {
  return {
    pulseId: context.pulse.id,
    questionIds: context.questionIds,
    closesAt: context.pulse.closesAt,
    open: isOpen(context.pulse, now),
    answers: context.answers,
    contactRequested: context.contactRequested,
  };
}

function ignoreUniqueViolation(error: unknown): void {
  if ((error as { code?: string }).code !== "P2002") throw error;
}
