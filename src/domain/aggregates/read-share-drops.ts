// The falling-pulse signal's input (DESIGN.md, "Early signals and nudges"): units whose latest
// share answering Bra/Mycket bra is well below their own rolling baseline. Only released cells
// count, for both the latest pulse and every baseline pulse, so the nudge says nothing the
// released figures do not; units whose latest cell is withheld are not considered at all.
import type { DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";
import { shareOfCell } from "./cell-figures.js";
import { isReleased } from "./released.js";

export interface ShareDrop {
  unitId: string;
  pulseId: string;
  /** Rounded to whole percentage points: released figures, as on the summary card. */
  latestPct: number;
  baselinePct: number;
}

/** Baselines need this many released pulses before the latest. */
export const MIN_BASELINE_PULSES = 3;

export async function listShareDrops(
  db: DbTx,
  o: { now: Date; k: number; dropPoints: number; baselinePulses: number; maxAgeDays: number },
): Promise<ShareDrop[]> {
  // Cells of pulses closed recently enough to matter, newest first per unit. Their count is
  // units × (baseline + 1) at most per schedule: tens of thousands for a large municipality.
  const since = new Date(o.now.getTime() - (o.baselinePulses + 1) * 8 * 7 * 86_400_000);
  const cells = await db.pulseCell.findMany({
    where: { questionId: CORE_QUESTION_ID, dueAt: { gte: since, lte: o.now } },
    select: { pulseId: true, unitId: true, questionId: true, released: true, reason: true, respondents: true, counts: true, goodCount: true, dueAt: true },
    orderBy: [{ unitId: "asc" }, { dueAt: "desc" }],
  });
  const byUnit = new Map<string, typeof cells>();
  for (const cell of cells) {
    const list = byUnit.get(cell.unitId);
    if (list) list.push(cell);
    else byUnit.set(cell.unitId, [cell]);
  }
  const oldest = o.now.getTime() - o.maxAgeDays * 86_400_000;
  const drops: ShareDrop[] = [];
  for (const [unitId, series] of byUnit) {
    const [latest, ...earlier] = series;
    if (!latest || latest.dueAt.getTime() < oldest) continue;
    const latestShare = shareOfCell(latest, o.k);
    if (!isReleased(latestShare)) continue;
    // Pooled over the released baseline pulses: each respondent weighs the same.
    let good = 0;
    let respondents = 0;
    let used = 0;
    for (const cell of earlier.slice(0, o.baselinePulses)) {
      const share = shareOfCell(cell, o.k);
      if (!isReleased(share) || cell.respondents === null) continue;
      good += (share.value / 100) * cell.respondents;
      respondents += cell.respondents;
      used++;
    }
    if (used < MIN_BASELINE_PULSES || respondents === 0) continue;
    const latestPct = Math.round(latestShare.value);
    const baselinePct = Math.round((100 * good) / respondents);
    if (baselinePct - latestPct >= o.dropPoints) drops.push({ unitId, pulseId: latest.pulseId, latestPct, baselinePct });
  }
  return drops;
}
