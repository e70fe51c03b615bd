// Builds and stores the cells of a closed pulse, once. This and record-answer.ts (a person's own
// answers) are the only readers of PulseAnswer; everything shown later reads PulseCell.
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { QUESTION_BANK } from "../pulse/question-bank.js";
import {
  buildUnitChains,
  collectAnswers,
  collectRespondents,
  computePulseCells,
  type PulseCellResult,
  type UnitChains,
} from "./pulse-cells.js";

const UnitIdsSchema = z.array(z.string()).min(1);
const QuestionIdsSchema = z.array(z.string()).min(1).max(3);
/** How far back a cell looks for its last released predecessor (a year of fortnightly pulses). */
const PREVIOUS_LOOKBACK_PULSES = 26;

export interface BuiltPulse {
  pulseId: string;
  cells: number;
  released: number;
}

/** Closed pulses whose cells are not built yet, oldest first (each needs its predecessors). */
export async function listUnsummarizedPulses(db: Db): Promise<{ id: string; scheduleId: string; unitId: string; dueAt: Date }[]> {
  return db.pulse.findMany({
    where: { status: "closed", summarizedAt: null },
    select: { id: true, scheduleId: true, unitId: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
}

/** Builds the cells of one closed pulse; null when it was built already (e.g. by another instance). */
export async function buildPulseCells(db: Db, pulseId: string, k: number, now: Date): Promise<BuiltPulse | null> {
  const pulse = await db.pulse.findUniqueOrThrow({ where: { id: pulseId } });
  if (pulse.summarizedAt || pulse.status !== "closed") return null;
  const units = await db.unit.findMany({ select: { id: true, parentId: true } });
  const chains = buildUnitChains(units, pulse.unitId);
  const questionIds = QuestionIdsSchema.parse(JSON.parse(pulse.questionIds));
  const [recipients, participation, answers] = await Promise.all([
    loadRecipients(db, pulse.id),
    db.pulseParticipation.findMany({ where: { pulseId: pulse.id }, select: { personId: true, questionId: true } }),
    db.pulseAnswer.findMany({ where: { pulseId: pulse.id }, select: { unitId: true, token: true, questionId: true, value: true } }),
  ]);
  const previous = await loadPreviousRespondents(db, pulse, questionIds, chains);
  const cells = computePulseCells({
    chains,
    questionIds,
    respondents: collectRespondents(recipients, participation, chains),
    answers: collectAnswers(answers, chains),
    previousRespondents: (questionId, unitId) => previous.get(`${questionId}\u0000${unitId}`) ?? null,
    goodValues: goodValuesOf,
    k,
  });
  const stored = await storeCells(db, pulse, cells, now);
  return stored ? { pulseId: pulse.id, cells: cells.length, released: cells.filter((c) => c.released).length } : null;
}

function goodValuesOf(questionId: string): readonly number[] {
  const question = QUESTION_BANK.questions[questionId];
  return question ? QUESTION_BANK.scales[question.scale]!.goodValues : [];
}

async function loadRecipients(db: DbTx, pulseId: string) {
  const rows = await db.pulseRecipient.findMany({ where: { pulseId }, select: { personId: true, unitIds: true } });
  return rows.map((r) => ({ personId: r.personId, unitIds: UnitIdsSchema.parse(JSON.parse(r.unitIds)) }));
}

/**
 * For every (question, unit): the respondents of the last released cell of the same schedule.
 * Walks back pulse by pulse, so the usual case (the previous pulse was released) reads one pulse.
 */
async function loadPreviousRespondents(
  db: Db,
  pulse: { id: string; scheduleId: string; dueAt: Date },
  questionIds: string[],
  chains: UnitChains,
): Promise<Map<string, Set<string>>> {
  const earlier = await db.pulse.findMany({
    where: { scheduleId: pulse.scheduleId, dueAt: { lt: pulse.dueAt }, summarizedAt: { not: null } },
    select: { id: true },
    orderBy: { dueAt: "desc" },
    take: PREVIOUS_LOOKBACK_PULSES,
  });
  const wanted = new Set<string>();
  for (const questionId of questionIds) for (const unitId of chains.keys()) wanted.add(`${questionId}\u0000${unitId}`);
  const result = new Map<string, Set<string>>();
  for (const { id } of earlier) {
    if (wanted.size === 0) break;
    const released = await db.pulseCell.findMany({ where: { pulseId: id, released: true, questionId: { in: questionIds } }, select: { unitId: true, questionId: true } });
    const here = released.map((c) => `${c.questionId}\u0000${c.unitId}`).filter((key) => wanted.has(key));
    if (here.length === 0) continue;
    const [recipients, participation] = await Promise.all([
      loadRecipients(db, id),
      db.pulseParticipation.findMany({ where: { pulseId: id, questionId: { in: questionIds } }, select: { personId: true, questionId: true } }),
    ]);
    const respondents = collectRespondents(recipients, participation, chains);
    for (const key of here) {
      const [questionId, unitId] = key.split("\u0000") as [string, string];
      result.set(key, respondents.get(questionId)?.get(unitId) ?? new Set());
      wanted.delete(key);
    }
  }
  return result;
}

async function storeCells(db: Db, pulse: { id: string; scheduleId: string; dueAt: Date }, cells: PulseCellResult[], now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Claim first: a second instance building the same pulse finds nothing to claim and stops.
    const claimed = await tx.pulse.updateMany({ where: { id: pulse.id, summarizedAt: null }, data: { summarizedAt: now } });
    if (claimed.count === 0) return false;
    await tx.pulseCell.deleteMany({ where: { pulseId: pulse.id } });
    const rows = cells.map((c) => ({
      pulseId: pulse.id,
      unitId: c.unitId,
      questionId: c.questionId,
      scheduleId: pulse.scheduleId,
      dueAt: pulse.dueAt,
      released: c.released,
      reason: c.reason,
      respondents: c.figures?.respondents ?? null,
      counts: c.figures ? JSON.stringify(c.figures.counts) : null,
      goodCount: c.figures?.goodCount ?? null,
    }));
    for (let i = 0; i < rows.length; i += 500) await tx.pulseCell.createMany({ data: rows.slice(i, i + 500) });
    return true;
    // A large organisation writes a thousand cells or more; Prisma's 5 s default is too tight.
  }, { timeout: 60_000, maxWait: 20_000 });
}
