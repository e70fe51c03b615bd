// What a unit's manager and skyddsombud see after a pulse: every figure comes from PulseCell and
// reaches the caller as Released or as a reason (Figure), never as a raw number.
import { z } from "zod/v4";
import type { DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";
import type { Figure } from "./released.js";
import { figureOfCell, shareFiguresOfCell, shareOfCell, type QuestionFigures, type ShareFigures } from "./cell-figures.js";
import { readTargetProgress, type TargetProgress } from "./targets.js";

export const TREND_LENGTH = 6;

export type { QuestionFigures, ShareFigures };
/** Small groups' bars hold 0 or at least this many people (release-rules.ts): the card says so. */
export { DISTRIBUTION_MIN_BAR } from "./release-rules.js";

export interface UnitSummary {
  unit: { id: string; name: string };
  pulse: { id: string; dueAt: Date; closesAt: Date };
  questions: { questionId: string; figure: Figure<QuestionFigures> }[];
  /**
   * The core question's share good or better in the unit's recent pulses, oldest first (the last
   * is this pulse); a withheld pulse keeps its place with its reason.
   */
  trend: { dueAt: Date; share: Figure<ShareFigures> }[];
  /** The whole population that got this pulse (the schedule's unit), unless that is this unit. */
  comparison: { unit: { id: string; name: string }; share: Figure<number> } | null;
  target: TargetProgress | null;
}

/** The latest summarised pulse with a cell for this unit; null when there is none yet. */
export async function findLatestPulseFor(db: DbTx, unitId: string): Promise<string | null> {
  const cell = await db.pulseCell.findFirst({ where: { unitId, questionId: CORE_QUESTION_ID }, orderBy: { dueAt: "desc" }, select: { pulseId: true } });
  return cell?.pulseId ?? null;
}

export async function readUnitSummary(db: DbTx, o: { unitId: string; pulseId: string; now: Date; k: number }): Promise<UnitSummary | null> {
  const { unitId, pulseId, k } = o;
  const [unit, pulse, cells] = await Promise.all([
    db.unit.findUnique({ where: { id: unitId }, select: { id: true, name: true } }),
    db.pulse.findUnique({ where: { id: pulseId }, select: { id: true, unitId: true, dueAt: true, closesAt: true, scheduleId: true, questionIds: true } }),
    db.pulseCell.findMany({ where: { pulseId, unitId } }),
  ]);
  if (!unit || !pulse || cells.length === 0) return null;
  const order: string[] = z.array(z.string()).parse(JSON.parse(pulse.questionIds));
  cells.sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId));
  const [trendCells, comparison, target] = await Promise.all([
    db.pulseCell.findMany({
      where: { unitId, questionId: CORE_QUESTION_ID, scheduleId: pulse.scheduleId, dueAt: { lte: pulse.dueAt } },
      orderBy: { dueAt: "desc" },
      take: TREND_LENGTH,
    }),
    pulse.unitId === unitId ? null : readComparison(db, pulse.id, pulse.unitId, k),
    readTargetProgress(db, unitId, o.now),
  ]);
  return {
    unit,
    pulse: { id: pulse.id, dueAt: pulse.dueAt, closesAt: pulse.closesAt },
    questions: cells.map((cell) => ({ questionId: cell.questionId, figure: figureOfCell(cell, k) })),
    trend: trendCells.reverse().map((cell) => ({ dueAt: cell.dueAt, share: shareFiguresOfCell(cell, k) })),
    comparison,
    target,
  };
}

async function readComparison(db: DbTx, pulseId: string, unitId: string, k: number): Promise<UnitSummary["comparison"]> {
  const [unit, cell] = await Promise.all([
    db.unit.findUnique({ where: { id: unitId }, select: { id: true, name: true } }),
    db.pulseCell.findUnique({ where: { pulseId_unitId_questionId: { pulseId, unitId, questionId: CORE_QUESTION_ID } } }),
  ]);
  if (!unit || !cell) return null;
  return { unit, share: shareOfCell(cell, k) };
}
