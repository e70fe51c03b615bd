// Storing a tap on the pulse card. Authorised on the server: the person must be a recipient of
// that pulse, the pulse open, the question part of it and the value on its scale. Answer rows
// carry the pseudonymous token, never the person; participation only says "answered".
import { randomUUID } from "node:crypto";
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
  // The busiest write of the app (everyone answers within minutes of a pulse): one batch
  // transaction of plain statements that also reads the card's new state back. Prisma compiles
  // every model query anew (about a millisecond of CPU each); as an interactive transaction of
  // upserts followed by two reads this was most of an answer's cost (docs/performance.md, issue 8).
  // Plain SQL that both SQLite and PostgreSQL accept; the recipient row exists (loadContext).
  const sourceRef = `pulse:${a.pulseId}`;
  const results = await a.db.$transaction([
    // One row per unit of the send-time snapshot, so unit aggregates need no join.
    ...context.unitIds.map(
      (unitId) => a.db.$executeRaw`
        INSERT INTO "PulseAnswer" ("id", "pulseId", "token", "questionId", "unitId", "value")
        VALUES (${randomUUID()}, ${a.pulseId}, ${token}, ${a.questionId}, ${unitId}, ${a.value})
        ON CONFLICT ("pulseId", "token", "questionId", "unitId") DO UPDATE SET "value" = excluded."value"`,
    ),
    a.db.$executeRaw`UPDATE "PulseRecipient" SET "answered" = TRUE WHERE "pulseId" = ${a.pulseId} AND "personId" = ${a.personId}`,
    // Which question, never the value: the respondent sets the privacy rules compare.
    a.db.$executeRaw`
      INSERT INTO "PulseParticipation" ("pulseId", "questionId", "personId") VALUES (${a.pulseId}, ${a.questionId}, ${a.personId})
      ON CONFLICT DO NOTHING`,
    a.db.$queryRaw`SELECT "questionId", "value" FROM "PulseAnswer" WHERE "pulseId" = ${a.pulseId} AND "token" = ${token} AND "unitId" = ${context.unitIds[0]!}`,
    a.db.$queryRaw`SELECT "id" FROM "ContactRequest" WHERE "personId" = ${a.personId} AND "sourceRef" = ${sourceRef}`,
  ]);
  const [answers, contact] = results.slice(-2) as [{ questionId: string; value: number | bigint }[], { id: string }[]];
  return { ok: true, view: toView(context, a.now, answers, contact.length > 0) };
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
  // One plain statement (on every tap): the recipient row and its pulse.
  const [row] = await db.$queryRaw<{ unitIds: string; id: string; status: string; closesAt: Date; questionIds: string }[]>`
    SELECT r."unitIds", p."id", p."status", p."closesAt", p."questionIds"
      FROM "PulseRecipient" r JOIN "Pulse" p ON p."id" = r."pulseId"
     WHERE r."pulseId" = ${pulseId} AND r."personId" = ${personId}`;
  if (!row) return null;
  return {
    pulse: { id: row.id, status: row.status, closesAt: new Date(row.closesAt) },
    questionIds: parseQuestionIds(row.questionIds),
    unitIds: UnitIdsSchema.parse(JSON.parse(row.unitIds)),
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
  return toView(context, now, rows, !!contact);
}

function toView(context: PulseContext, now: Date, rows: { questionId: string; value: number | bigint }[], contactRequested: boolean): PulseView {
  return {
    pulseId: context.pulse.id,
    questionIds: context.questionIds,
    closesAt: context.pulse.closesAt,
    open: isOpen(context.pulse, now),
    answers: Object.fromEntries(rows.map((r) => [r.questionId, Number(r.value)])),
    contactRequested,
  };
}

function ignoreUniqueViolation(error: unknown): void {
  if ((error as { code?: string }).code !== "P2002") throw error;
}
