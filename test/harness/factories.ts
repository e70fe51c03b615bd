// Small factories for org data, in the spirit of build<Model>(): tests state only what matters.
import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import type { Role } from "../../src/domain/org/roles.js";

export async function buildUnit(db: Db, overrides: { id?: string; name?: string; parentId?: string | null } = {}) {
  return db.unit.create({
    data: { id: overrides.id ?? `U-${randomUUID().slice(0, 8)}`, name: overrides.name ?? "Enhet", parentId: overrides.parentId ?? null },
  });
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

const DAY_MS = 86_400_000;

/**
 * A pulse (and, unless `scheduleId` is given, a schedule of its own on the same unit). Dates come
 * from the test: `dueAt` is required; the window defaults to the schedule's three days.
 */
export async function buildPulse(
  db: Db,
  o: { dueAt: Date; unitId: string; closesAt?: Date; scheduleId?: string; questionIds?: string[]; status?: "open" | "closed"; closedAt?: Date | null },
) {
  const scheduleId = o.scheduleId ?? (await buildPulseSchedule(db, { unitId: o.unitId, anchorDate: o.dueAt.toISOString().slice(0, 10) })).id;
  const closesAt = o.closesAt ?? new Date(o.dueAt.getTime() + 3 * DAY_MS);
  const status = o.status ?? "open";
  return db.pulse.create({
    data: {
      scheduleId,
      unitId: o.unitId,
      dueAt: o.dueAt,
      closesAt,
      questionIds: JSON.stringify(o.questionIds ?? ["self_rated_health"]),
      status,
      closedAt: o.closedAt === undefined ? (status === "closed" ? closesAt : null) : o.closedAt,
    },
  });
}

export async function buildPulseSchedule(db: Db, o: { unitId: string; anchorDate: string; rotatingQuestions?: string[] }) {
  return db.pulseSchedule.create({ data: { unitId: o.unitId, anchorDate: o.anchorDate, rotatingQuestions: JSON.stringify(o.rotatingQuestions ?? []) } });
}

/**
 * A friskfaktor round over `unitIds` (each an HfRoundUnit in `unitState`). `closesAt` is required;
 * it opens a week before. A closed round is closed at `closesAt` unless `closedAt` says otherwise.
 */
export async function buildRound(
  db: Db,
  o: {
    rootUnitId: string;
    startedById: string;
    closesAt: Date;
    unitIds?: string[];
    opensAt?: Date;
    status?: "collecting" | "closed";
    closedAt?: Date | null;
    summarizedAt?: Date | null;
    summariesPlannedAt?: Date | null;
    unitState?: string;
  },
) {
  const status = o.status ?? "collecting";
  const round = await db.hfRound.create({
    data: {
      rootUnitId: o.rootUnitId,
      startedById: o.startedById,
      opensAt: o.opensAt ?? new Date(o.closesAt.getTime() - 7 * DAY_MS),
      closesAt: o.closesAt,
      status,
      closedAt: o.closedAt === undefined ? (status === "closed" ? o.closesAt : null) : o.closedAt,
      summarizedAt: o.summarizedAt ?? null,
      summariesPlannedAt: o.summariesPlannedAt ?? null,
    },
  });
  const unitIds = o.unitIds ?? [o.rootUnitId];
  await db.hfRoundUnit.createMany({
    data: unitIds.map((unitId) => ({ roundId: round.id, unitId, state: o.unitState ?? (status === "closed" ? "results" : "collecting") })),
  });
  return round;
}

/** An early-signal case. Open cases get the open key the domain gives them (`signal:subject`). */
export async function buildCase(
  db: Db,
  o: {
    unitId: string;
    ownerId: string;
    openedAt: Date;
    signal?: string;
    subjectPersonId?: string | null;
    status?: string;
    openKey?: string | null;
    detail?: Record<string, unknown>;
    closedAt?: Date | null;
  },
) {
  const signal = o.signal ?? "contact_request";
  const subjectPersonId = o.subjectPersonId === undefined ? null : o.subjectPersonId;
  const status = o.status ?? "open";
  const openKey = o.openKey !== undefined ? o.openKey : status === "open" || status === "planned" ? `${signal}:${subjectPersonId ?? o.unitId}` : null;
  return db.nudgeCase.create({
    data: {
      signal,
      subjectPersonId,
      unitId: o.unitId,
      ownerId: o.ownerId,
      status,
      openKey,
      detail: JSON.stringify(o.detail ?? {}),
      openedAt: o.openedAt,
      closedAt: o.closedAt ?? null,
    },
  });
}
