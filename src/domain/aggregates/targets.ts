// Targets (måltal): yearly rises in the share answering Bra/Mycket bra, e.g. +2, +3, +3
// percentage points over three years, counted from the year before the first target year.
// Targets on a unit apply to its subtree unless a unit further down has its own; progress is
// each unit's own figure against its own baseline. Progress pools released cells only, so it
// reveals nothing that the released pulse figures do not.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";
import { release, type Released } from "./released.js";

export const TARGET_METRIC = "share_good_health";
const TARGET_ZONE = "Europe/Stockholm";

export const TargetEntrySchema = z.object({
  year: z.number().int().min(2000).max(2100),
  deltaPp: z.number().min(-50).max(50),
});
export type TargetEntry = z.infer<typeof TargetEntrySchema>;

export interface TargetPlan {
  unitId: string;
  entries: TargetEntry[];
}

export interface TargetProgress {
  /** The unit whose targets apply (this one or the nearest above). */
  planUnitId: string;
  year: number;
  baselineYear: number;
  /** Cumulative target rise for `year` over the baseline year, in percentage points. */
  targetPp: number;
  /** null: no released pulse in that year. */
  baselinePct: Released<number> | null;
  currentPct: Released<number> | null;
}

export async function setTargets(db: Db, o: { unitId: string; entries: TargetEntry[]; actorId: string | null; now: Date }): Promise<void> {
  const entries = z.array(TargetEntrySchema).min(1).parse(o.entries);
  await db.$transaction(async (tx) => {
    await tx.unit.findUniqueOrThrow({ where: { id: o.unitId }, select: { id: true } });
    for (const e of entries) {
      await tx.target.upsert({
        where: { unitId_year_metric: { unitId: o.unitId, year: e.year, metric: TARGET_METRIC } },
        create: { unitId: o.unitId, year: e.year, metric: TARGET_METRIC, deltaPp: e.deltaPp, createdById: o.actorId, createdAt: o.now },
        update: { deltaPp: e.deltaPp, createdById: o.actorId },
      });
    }
    await tx.auditEvent.create({
      data: { at: o.now, actorId: o.actorId, action: "targets.set", subjectType: "unit", subjectId: o.unitId, detail: JSON.stringify({ entries }) },
    });
  });
}

/** The targets that apply to a unit: its own, else those of the nearest unit above with any. */
export async function findTargetPlan(db: DbTx, unitId: string): Promise<TargetPlan | null> {
  const ancestry = (await loadUnitTree(db)).ancestry(unitId);
  const chain = ancestry.length > 0 ? ancestry : [unitId];
  const rows = await db.target.findMany({ where: { unitId: { in: chain }, metric: TARGET_METRIC }, orderBy: { year: "asc" } });
  const at = chain.find((id) => rows.some((r) => r.unitId === id));
  if (at === undefined) return null;
  return { unitId: at, entries: rows.filter((r) => r.unitId === at).map((r) => TargetEntrySchema.parse({ year: r.year, deltaPp: r.deltaPp })) };
}

export async function readTargetProgress(db: DbTx, unitId: string, now: Date): Promise<TargetProgress | null> {
  const plan = await findTargetPlan(db, unitId);
  if (!plan) return null;
  const year = DateTime.fromJSDate(now, { zone: TARGET_ZONE }).year;
  const baselineYear = plan.entries[0]!.year - 1;
  const targetPp = plan.entries.filter((e) => e.year <= year).reduce((sum, e) => sum + e.deltaPp, 0);
  const [baselinePct, currentPct] = await Promise.all([readYearShare(db, unitId, baselineYear), readYearShare(db, unitId, year)]);
  return { planUnitId: plan.unitId, year, baselineYear, targetPp, baselinePct, currentPct };
}

/** The share good or better over a calendar year, pooled over the unit's released pulses. */
async function readYearShare(db: DbTx, unitId: string, year: number): Promise<Released<number> | null> {
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: TARGET_ZONE }).toJSDate();
  const to = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: TARGET_ZONE }).toJSDate();
  const cells = await db.pulseCell.findMany({
    where: { unitId, questionId: CORE_QUESTION_ID, released: true, dueAt: { gte: from, lt: to } },
    select: { respondents: true, goodCount: true },
  });
  const respondents = cells.reduce((sum, c) => sum + (c.respondents ?? 0), 0);
  const good = cells.reduce((sum, c) => sum + (c.goodCount ?? 0), 0);
  return respondents > 0 ? release((100 * good) / respondents) : null;
}
