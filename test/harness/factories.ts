// Small factories for org data, in the spirit of build<Model>(): tests state only what matters.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import type { Role } from "../../src/domain/org/roles.js";

export async function buildUnit(db: Db, overrides: { id?: string; name?: string; parentId?: string | null } = {}) {
  return db.unit.create({ data: { id: overrides.id ?? `U-${randomUUID().slice(0, 8)}`, name: overrides.name ?? "Enhet", parentId: overrides.parentId ?? null } });
}

export async function buildPerson(
  db: Db,
  overrides: { id?: string; displayName?: string; email?: string | null; aadObjectId?: string | null; locale?: string } = {},
) {
  const id = overrides.id ?? `P-${randomUUID().slice(0, 8)}`;
  return db.person.create({
    data: {
      id,
      displayName: overrides.displayName ?? "Test Person",
      email: overrides.email === undefined ? `${id.toLowerCase()}@exempelkommun.se` : overrides.email,
      aadObjectId: overrides.aadObjectId === undefined ? randomUUID() : overrides.aadObjectId,
      locale: overrides.locale ?? "sv-SE",
    },
  });
}

export async function assignRole(db: Db, personId: string, unitId: string, role: Role) {
  return db.assignment.create({ data: { personId, unitId, role } });
}
