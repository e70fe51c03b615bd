// Writes a planned org change in one transaction: all of it or none of it.
import type { Db, DbTx } from "../../../db/client.js";
import type { OrgChangePlan } from "./plan-org-changes.js";

const CHUNK = 500;

export async function applyOrgChanges(db: Db, plan: OrgChangePlan, at: Date, record: (tx: DbTx) => Promise<void>): Promise<void> {
  await db.$transaction(
    async (tx) => {
      // Free Entra ids first: people who left, then everyone whose id changes (two people may swap).
      const releasing = [...plan.people.releaseAadObjectId, ...plan.people.update.map((p) => p.id)];
      for (const ids of chunk(releasing)) await tx.person.updateMany({ where: { id: { in: ids } }, data: { aadObjectId: null } });
      for (const ids of chunk(plan.people.deactivate)) await tx.person.updateMany({ where: { id: { in: ids } }, data: { active: false, deactivatedAt: at } });
      for (const ids of chunk(plan.units.deactivate)) await tx.unit.updateMany({ where: { id: { in: ids } }, data: { active: false, deactivatedAt: at } });

      // New units in tree order (parents first), so each parent exists when its child is written.
      for (const rows of chunk(plan.units.create)) await tx.unit.createMany({ data: rows.map((u) => ({ ...u, active: true })) });
      for (const u of plan.units.update) {
        await tx.unit.update({ where: { id: u.id }, data: { name: u.name, parentId: u.parentId, active: true, deactivatedAt: null } });
      }
      for (const rows of chunk(plan.people.create)) await tx.person.createMany({ data: rows.map((p) => ({ ...p, active: true })) });
      for (const p of plan.people.update) {
        const { id, ...data } = p;
        await tx.person.update({ where: { id }, data: { ...data, active: true, deactivatedAt: null } });
      }

      for (const rows of chunk(plan.assignments.create)) await tx.assignment.createMany({ data: rows.map((a) => ({ ...a, active: true })) });
      for (const a of plan.assignments.reactivate) {
        await tx.assignment.update({ where: { personId_unitId_role: a }, data: { active: true, deactivatedAt: null } });
      }
      for (const a of plan.assignments.deactivate) {
        await tx.assignment.update({ where: { personId_unitId_role: a }, data: { active: false, deactivatedAt: at } });
      }
      await record(tx);
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
}

function chunk<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
