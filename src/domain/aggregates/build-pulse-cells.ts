// Builds and stores the cells of a closed pulse, once. This and record-answer.ts (a person's own
// answers) are the only readers of PulseAnswer; everything shown later reads PulseCell.
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID, QUESTION_BANK } from "../pulse/question-bank.js";
import {
  buildUnitChains,
  collectAnswers,
  collectRespondents,
  computePulseCells,
  countInvited,
  type PulseCellResult,
  type UnitChains,
  type UnitNode,
} from "./pulse-cells.js";

const UnitIdsSchema = z.array(z.string()).min(1);
const QuestionIdsSchema = z.array(z.string()).min(1).max(3);
const AncestorIdsSchema = z.array(z.string());
/**
 * The release window (ADR 0009): a new pulse's cells are decided against every cell of the same
 * question released in a pulse due less than this long before it, of any schedule. A year covers
 * the trend (six pulses, at most 8 weeks apart), the target's calendar-year figure and a year of
 * cards in the chat; a person's answer is assumed to be unchanged across it.
 */
export const RELEASE_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

export interface BuiltPulse {
  pulseId: string;
  cells: number;
  released: number;
}

/**
 * Closed pulses whose cells are not built yet, oldest first, up to the first pulse that is still
 * open: cells are built in due order across schedules, so each pulse is decided against
 * everything released before it (a pulse's window holds only pulses already built).
 */
export async function listUnsummarizedPulses(db: Db): Promise<{ id: string; scheduleId: string; unitId: string; dueAt: Date }[]> {
  const pending = await db.pulse.findMany({
    where: { summarizedAt: null },
    select: { id: true, scheduleId: true, unitId: true, dueAt: true, status: true },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  const firstOpen = pending.findIndex((p) => p.status !== "closed");
  return (firstOpen === -1 ? pending : pending.slice(0, firstOpen)).map(({ status: _status, ...p }) => p);
}

/**
 * Builds the cells of one closed pulse; null when it was built already (e.g. by another
 * instance) or when a pulse due before it is not built yet (it is built after that one).
 */
export async function buildPulseCells(db: Db, pulseId: string, k: number, now: Date): Promise<BuiltPulse | null> {
  const pulse = await db.pulse.findUniqueOrThrow({ where: { id: pulseId } });
  if (pulse.summarizedAt || pulse.status !== "closed") return null;
  if ((await db.pulse.count({ where: { dueAt: { lt: pulse.dueAt }, summarizedAt: null } })) > 0) return null;
  const units = await db.unit.findMany({ select: { id: true, parentId: true } });
  const chains = buildUnitChains(units, pulse.unitId);
  const questionIds = QuestionIdsSchema.parse(JSON.parse(pulse.questionIds));
  const [recipients, participation, answers] = await Promise.all([
    loadRecipients(db, pulse.id),
    db.pulseParticipation.findMany({ where: { pulseId: pulse.id }, select: { personId: true, questionId: true } }),
    db.pulseAnswer.findMany({ where: { pulseId: pulse.id }, select: { unitId: true, token: true, questionId: true, value: true } }),
  ]);
  const window = await loadReleasedWindow(db, pulse, questionIds, units);
  const cells = computePulseCells({
    chains,
    questionIds,
    respondents: collectRespondents(recipients, participation, chains),
    answers: collectAnswers(answers, chains),
    window: (questionId) => window.get(questionId) ?? new Map(),
    coreQuestionId: CORE_QUESTION_ID,
    goodValues: goodValuesOf,
    k,
    invited: countInvited(recipients, chains),
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
 * Per question: for every person, the cells of that question released in earlier pulses inside
 * the window (any schedule) that they are in. Rebuilt from who took part (PulseParticipation,
 * never what) and the recipients' units of that pulse, with the unit tree of that pulse's day (the
 * cells' stored ancestors), so a reorganisation since does not change what an earlier cell was.
 * Straight to person → cell numbers, without a set per cell: a year of a large municipality is
 * 26 pulses × 10,000 people, read on every build.
 */
async function loadReleasedWindow(
  db: Db,
  pulse: { id: string; dueAt: Date },
  questionIds: string[],
  units: readonly UnitNode[],
): Promise<Map<string, Map<string, number[]>>> {
  const earlier = await db.pulse.findMany({
    where: {
      id: { not: pulse.id },
      dueAt: { gt: new Date(pulse.dueAt.getTime() - RELEASE_WINDOW_DAYS * DAY_MS), lte: pulse.dueAt },
      summarizedAt: { not: null },
    },
    select: { id: true, unitId: true },
    orderBy: { dueAt: "desc" },
  });
  const result = new Map(questionIds.map((q) => [q, new Map<string, number[]>()]));
  let numbered = 0;
  for (const { id, unitId: scopeRootId } of earlier) {
    const cells = await db.pulseCell.findMany({
      where: { pulseId: id, questionId: { in: questionIds } },
      select: { unitId: true, questionId: true, released: true, ancestorIds: true },
    });
    // question → unit → the window cell's number.
    const numberOf = new Map<string, Map<string, number>>();
    for (const c of cells) {
      if (!c.released) continue;
      let byUnit = numberOf.get(c.questionId);
      if (!byUnit) numberOf.set(c.questionId, (byUnit = new Map()));
      byUnit.set(c.unitId, numbered++);
    }
    if (numberOf.size === 0) continue;
    const chains = chainsOfPulse(cells, units, scopeRootId);
    const [recipients, participation] = await Promise.all([
      db.pulseRecipient.findMany({ where: { pulseId: id }, select: { personId: true, unitIds: true } }),
      db.pulseParticipation.findMany({ where: { pulseId: id, questionId: { in: [...numberOf.keys()] } }, select: { personId: true, questionId: true } }),
    ]);
    const unitsOf = new Map(recipients.map((r) => [r.personId, r.unitIds]));
    // Most people share their units' JSON with others: each distinct one is parsed and walked once
    // per question, into the numbers of the released cells above those units.
    const numbersOf = new Map<string, Map<string, number[]>>();
    for (const p of participation) {
      const unitIds = unitsOf.get(p.personId);
      const byUnit = numberOf.get(p.questionId);
      if (unitIds === undefined || !byUnit) continue;
      let memo = numbersOf.get(p.questionId);
      if (!memo) numbersOf.set(p.questionId, (memo = new Map()));
      let numbers = memo.get(unitIds);
      if (!numbers) {
        const found = new Set<number>();
        for (const unitId of UnitIdsSchema.parse(JSON.parse(unitIds))) {
          for (const cell of chains.get(unitId) ?? []) {
            const n = byUnit.get(cell);
            if (n !== undefined) found.add(n);
          }
        }
        memo.set(unitIds, (numbers = [...found]));
      }
      if (numbers.length === 0) continue;
      const byPerson = result.get(p.questionId)!;
      const list = byPerson.get(p.personId);
      if (list) list.push(...numbers);
      else byPerson.set(p.personId, [...numbers]);
    }
  }
  return result;
}

/** The tree a pulse was built with, from its cells; cells built before ancestors were stored use today's tree. */
function chainsOfPulse(cells: { unitId: string; ancestorIds: string | null }[], units: readonly UnitNode[], scopeRootId: string): UnitChains {
  if (cells.some((c) => c.ancestorIds === null)) return buildUnitChains(units, scopeRootId);
  const chains: UnitChains = new Map();
  for (const c of cells) if (!chains.has(c.unitId)) chains.set(c.unitId, [c.unitId, ...AncestorIdsSchema.parse(JSON.parse(c.ancestorIds!))]);
  return chains;
}

async function storeCells(db: Db, pulse: { id: string; scheduleId: string; dueAt: Date }, cells: PulseCellResult[], now: Date): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
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
        invited: c.figures?.invited ?? null,
        ancestorIds: JSON.stringify(c.ancestorIds),
      }));
      for (let i = 0; i < rows.length; i += 500) await tx.pulseCell.createMany({ data: rows.slice(i, i + 500) });
      return true;
      // A large organisation writes a thousand cells or more; Prisma's 5 s default is too tight.
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
