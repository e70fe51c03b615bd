// The HR partner's overview of a subtree after a pulse: one row per unit with a cell, sorted by
// need (released shares lowest first, then units whose figures are withheld, with the reason).
import type { DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";
import { UnitTree } from "../org/unit-tree.js";
import type { Figure } from "./released.js";
import { figureOfCell } from "./cell-figures.js";
import type { QuestionFigures } from "./read-unit-summary.js";

export interface OverviewRow {
  unit: { id: string; name: string };
  /** Depth below the overview's root (0 = the root itself). */
  depth: number;
  figure: Figure<QuestionFigures>;
}

export interface SubtreeOverview {
  root: { id: string; name: string };
  pulse: { id: string; dueAt: Date; closesAt: Date };
  total: Figure<QuestionFigures>;
  /** Every unit below the root, sorted by need. */
  rows: OverviewRow[];
}

export async function readSubtreeOverview(db: DbTx, o: { rootUnitId: string; pulseId: string; k: number }): Promise<SubtreeOverview | null> {
  const [pulse, units, cells] = await Promise.all([
    db.pulse.findUnique({ where: { id: o.pulseId }, select: { id: true, dueAt: true, closesAt: true } }),
    db.unit.findMany({ select: { id: true, name: true, parentId: true } }),
    db.pulseCell.findMany({ where: { pulseId: o.pulseId, questionId: CORE_QUESTION_ID } }),
  ]);
  const tree = new UnitTree(units);
  const rootCell = cells.find((c) => c.unitId === o.rootUnitId);
  const root = tree.get(o.rootUnitId);
  if (!pulse || !root || !rootCell) return null;
  const rows: OverviewRow[] = [];
  for (const cell of cells) {
    const depth = tree.depthBelow(cell.unitId, o.rootUnitId);
    if (depth === null || depth === 0) continue;
    const unit = tree.get(cell.unitId)!;
    rows.push({ unit: { id: unit.id, name: unit.name }, depth, figure: figureOfCell(cell, o.k) });
  }
  rows.sort(byNeed);
  return { root: { id: root.id, name: root.name }, pulse, total: figureOfCell(rootCell, o.k), rows };
}

function byNeed(a: OverviewRow, b: OverviewRow): number {
  const share = (r: OverviewRow) => (r.figure.released ? (r.figure.value.sharePct ?? 101) : 1000);
  return share(a) - share(b) || a.unit.name.localeCompare(b.unit.name, "sv");
}
