// Who gets which card after a pulse is summarised: the chef and skyddsombud of every unit with a
// cell get that unit's summary; an HR partner assigned to such a unit, or above the schedule's
// unit, gets the overview of their subtree (from the schedule's unit down when above it).
import { z } from "zod/v4";
import type { DbTx } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import type { AggregateView } from "./record-view.js";
import { listUnitsWithCells } from "./viewer-scope.js";

export interface SummaryAddressee {
  personId: string;
  unitId: string;
  view: Extract<AggregateView["view"], "unitSummary" | "subtreeOverview">;
}

export async function listSummaryAddressees(db: DbTx, pulse: { id: string; unitId: string }): Promise<SummaryAddressee[]> {
  const cellUnits = await listUnitsWithCells(db, pulse.id);
  const aboveSchedule = new Set((await loadUnitTree(db)).ancestors(pulse.unitId));
  const assignments = await db.assignment.findMany({
    where: { active: true, role: { in: ["manager", "safety_rep", "hr_partner"] }, person: { active: true } },
    select: { personId: true, unitId: true, role: true },
    orderBy: [{ unitId: "asc" }, { personId: "asc" }],
  });
  const result = new Map<string, SummaryAddressee>();
  for (const a of assignments) {
    if (a.role === "hr_partner") {
      const root = cellUnits.has(a.unitId) ? a.unitId : aboveSchedule.has(a.unitId) ? pulse.unitId : null;
      if (root) result.set(`o:${root}:${a.personId}`, { personId: a.personId, unitId: root, view: "subtreeOverview" });
    } else if (cellUnits.has(a.unitId)) {
      // Chef and skyddsombud of the same unit in one person: one card.
      result.set(`s:${a.unitId}:${a.personId}`, { personId: a.personId, unitId: a.unitId, view: "unitSummary" });
    }
  }
  return [...result.values()];
}

export interface MemberResultAddressee {
  personId: string;
  unitId: string;
}

const UnitIdsSchema = z.array(z.string()).min(1);

/**
 * "Så mår vi": everyone the pulse went to, once per unit they were in when it was sent (the unit
 * their answer counted in), for units with a cell (a unit where nobody answered gets nothing).
 */
export async function listMemberResultAddressees(db: DbTx, pulseId: string): Promise<MemberResultAddressee[]> {
  const [recipients, cellUnits] = await Promise.all([
    db.pulseRecipient.findMany({ where: { pulseId }, select: { personId: true, unitIds: true }, orderBy: { personId: "asc" } }),
    listUnitsWithCells(db, pulseId),
  ]);
  return recipients.flatMap((r) =>
    UnitIdsSchema.parse(JSON.parse(r.unitIds))
      .filter((unitId) => cellUnits.has(unitId))
      .map((unitId) => ({ personId: r.personId, unitId })),
  );
}
