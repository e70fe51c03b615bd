// Storing a tap on the pulse card. Authorised on the server: the person must be a recipient of
// that pulse, the pulse open, the question part of it and the value on its scale. Answer rows
// carry the pseudonymous token, never the person; participation only says "answered".
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
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
  const context = await loadContext(a.db, a.pulseId, a.personId);
  if (!context) return { ok: false, refusal: "notRecipient" };
  const token = deriveAnswerToken(a.secret, a.pulseId, a.personId);
  if (!isOpen(context.pulse, a.now)) return { ok: false, refusal: "closed", view: await readView(a.db, context, token, a.now) };
  if (!context.questionIds.includes(a.questionId) || !isValidAnswer(a.questionId, a.value)) {
    return { ok: false, refusal: "invalidAnswer", view: await readView(a.db, context, token, a.now) };
  }
  await a.db.$transaction(async (tx) => {
    // One row per unit of the send-time snapshot, so unit aggregates need no join.
    for (const unitId of context.unitIds) {
      await tx.pulseAnswer.upsert({
        where: { pulseId_token_questionId_unitId: { pulseId: a.pulseId, token, questionId: a.questionId, unitId } },
        create: { pulseId: a.pulseId, token, questionId: a.questionId, unitId, value: a.value },
        update: { value: a.value },
      });
    }
    await tx.pulseRecipient.update({ where: { pulseId_personId: { pulseId: a.pulseId, personId: a.personId } }, data: { answered: true } });
    // Which question, never the value: the respondent sets the privacy rules compare.
    const participation = { pulseId: a.pulseId, questionId: a.questionId, personId: a.personId };
    await tx.pulseParticipation.upsert({ where: { pulseId_questionId_personId: participation }, create: participation, update: {} });
  });
  return { ok: true, view: await readView(a.db, context, token, a.now) };
}

/** "Jag vill att min chef hör av sig": kept apart from the answers, withdrawn while the pulse is open. */
export async function setContactRequest(a: PulseActor & { wanted: boolean }): Promise<PulseActionResult> {
  const context = await loadContext(a.db, a.pulseId, a.personId);
  if (!context) return { ok: false, refusal: "notRecipient" };
  const token = deriveAnswerToken(a.secret, a.pulseId, a.personId);
  if (!isOpen(context.pulse, a.now)) return { ok: false, refusal: "closed", view: await readView(a.db, context, token, a.now) };
  const sourceRef = `pulse:${a.pulseId}`;
  const existing = await a.db.contactRequest.findUnique({ where: { personId_sourceRef: { personId: a.personId, sourceRef } } });
  if (a.wanted && !existing) {
    await a.db.contactRequest.create({ data: { personId: a.personId, sourceRef, createdAt: a.now } }).catch(ignoreUniqueViolation);
  } else if (!a.wanted && existing && !existing.caseId) {
    await a.db.contactRequest.delete({ where: { id: existing.id } });
  }
  return { ok: true, view: await readView(a.db, context, token, a.now) };
}

/** The card's current state for a recipient (e.g. to render the reminder). */
export async function readPulseView(db: Db, secret: string, pulseId: string, personId: string, now: Date): Promise<PulseView | null> {
  const context = await loadContext(db, pulseId, personId);
  return context && readView(db, context, deriveAnswerToken(secret, pulseId, personId), now);
}

interface PulseContext {
  pulse: { id: string; status: string; closesAt: Date };
  questionIds: string[];
  unitIds: string[];
  personId: string;
}

async function loadContext(db: DbTx, pulseId: string, personId: string): Promise<PulseContext | null> {
  if (!z.uuid().safeParse(pulseId).success) return null;
  const recipient = await db.pulseRecipient.findUnique({
    where: { pulseId_personId: { pulseId, personId } },
    select: { unitIds: true, pulse: { select: { id: true, status: true, closesAt: true, questionIds: true } } },
  });
  if (!recipient) return null;
  return {
    pulse: recipient.pulse,
    questionIds: parseQuestionIds(recipient.pulse.questionIds),
    unitIds: UnitIdsSchema.parse(JSON.parse(recipient.unitIds)),
    personId,
  };
}

function isOpen(pulse: { status: string; closesAt: Date }, now: Date): boolean {
  return pulse.status === "open" && now < pulse.closesAt;
}

async function readView(db: DbTx, context: PulseContext, token: string, now: Date): Promise<PulseView> {
  const rows = await db.pulseAnswer.findMany({
    where: { pulseId: context.pulse.id, token, unitId: context.unitIds[0]! },
    select: { questionId: true, value: true },
  });
  const contact = await db.contactRequest.findUnique({
    where: { personId_sourceRef: { personId: context.personId, sourceRef: `pulse:${context.pulse.id}` } },
    select: { id: true },
  });
  return {
    pulseId: context.pulse.id,
    questionIds: context.questionIds,
    closesAt: context.pulse.closesAt,
    open: isOpen(context.pulse, now),
    answers: Object.fromEntries(rows.map((r) => [r.questionId, r.value])),
    contactRequested: !!contact,
  };
}

function ignoreUniqueViolation(error: unknown): void {
  if ((error as { code?: string }).code !== "P2002") throw error;
}
