// Who may see which unit's figures, from the database only (DESIGN.md, "Roles"): a manager or
// skyddsombud sees the units they hold that role for (each with its subtree); an HR partner sees
// the subtree of every unit they are assigned to. Nothing a card or a request says is trusted.
import type { DbTx } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";

export interface LedUnit {
  id: string;
  name: string;
  role: "manager" | "safety_rep";
}

export async function listLedUnits(db: DbTx, personId: string): Promise<LedUnit[]> {
  const rows = await db.assignment.findMany({
    where: { personId, active: true, role: { in: ["manager", "safety_rep"] }, unit: { active: true }, person: { active: true } },
    select: { role: true, unit: { select: { id: true, name: true } } },
    orderBy: [{ unitId: "asc" }, { role: "asc" }],
  });
  // One entry per unit: someone who is both chef and skyddsombud of a unit sees it once.
  const seen = new Map<string, LedUnit>();
  for (const r of rows) if (!seen.has(r.unit.id)) seen.set(r.unit.id, { ...r.unit, role: r.role as LedUnit["role"] });
  return [...seen.values()];
}

export async function listHrSubtreeRoots(db: DbTx, personId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.assignment.findMany({
    where: { personId, active: true, role: "hr_partner", unit: { active: true }, person: { active: true } },
    select: { unit: { select: { id: true, name: true } } },
    orderBy: { unitId: "asc" },
  });
  return rows.map((r) => r.unit);
}

/** Managers and skyddsombud of a unit (active people with active assignments). */
export async function listUnitLeaders(db: DbTx, unitId: string): Promise<{ personId: string; role: string }[]> {
  return db.assignment.findMany({
    where: { unitId, active: true, role: { in: ["manager", "safety_rep"] }, person: { active: true } },
    select: { personId: true, role: true },
    orderBy: { personId: "asc" },
  });
}

/** HR partners whose assigned unit is `unitId` or one of its ancestors, with that unit. */
export async function listHrPartnersAbove(db: DbTx, unitId: string): Promise<{ personId: string; unitId: string }[]> {
  const ancestry = (await loadUnitTree(db)).ancestry(unitId);
  const ancestors = ancestry.length > 0 ? ancestry : [unitId];
  return db.assignment.findMany({
    where: { unitId: { in: ancestors }, role: "hr_partner", active: true, person: { active: true } },
    select: { personId: true, unitId: true },
    orderBy: [{ personId: "asc" }, { unitId: "asc" }],
  });
}

/** Units with a cell (released or not) in a summarised pulse: whose leaders get a summary. */
export async function listUnitsWithCells(db: DbTx, pulseId: string): Promise<Set<string>> {
  const cells = await db.pulseCell.findMany({ where: { pulseId, questionId: CORE_QUESTION_ID }, select: { unitId: true } });
  return new Set(cells.map((c) => c.unitId));
}
