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

/** n people with an installed 1:1 conversation pointing at `serviceUrl` (bulk, for fan-outs). */
export async function seedInstalledPeople(db: Db, n: number, serviceUrl: string, options: { tenantId?: string; prefix?: string } = {}) {
  const prefix = options.prefix ?? "P";
  const people = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(6, "0")}`,
    displayName: `Person ${i}`,
    email: `${prefix.toLowerCase()}${i}@exempelkommun.se`,
    aadObjectId: randomUUID(),
  }));
  const now = new Date();
  const refs = people.map((p) => ({
    id: randomUUID(),
    conversationId: `a:${p.id}`,
    userId: `29:${p.id}`,
    aadObjectId: p.aadObjectId,
    tenantId: options.tenantId ?? "tenant-1",
    serviceUrl,
    channelId: "msteams",
    reference: JSON.stringify({
      serviceUrl,
      channelId: "msteams",
      conversation: { id: `a:${p.id}`, conversationType: "personal", tenantId: options.tenantId ?? "tenant-1" },
      user: { id: `29:${p.id}`, aadObjectId: p.aadObjectId },
      bot: { id: "28:friskpuls-bot" },
    }),
    personId: p.id,
    installedAt: now,
  }));
  for (let i = 0; i < people.length; i += 1000) {
    await db.person.createMany({ data: people.slice(i, i + 1000) });
    await db.conversationRef.createMany({ data: refs.slice(i, i + 1000) });
  }
  return refs.map((r) => ({ personId: r.personId, conversationRefId: r.id, conversationId: r.conversationId }));
}
