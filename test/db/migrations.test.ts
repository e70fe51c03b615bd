import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { migrateDatabase, listMigrations } from "../../src/db/migrate.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";
import { createDb } from "../../src/db/client.js";
import { createPostgresDatabase, POSTGRES_IN_RUN } from "../harness/databases.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

/** Touches every model once, so a table or column missing from the migrations fails here. */
async function writeAndReadEveryModel(url: string) {
  const db = createDb(resolveDatabaseTarget(url));
  try {
    const now = new Date("2026-03-02T08:00:00Z");
    await db.unit.create({ data: { id: "U0", name: "Kommunen" } });
    await db.unit.create({ data: { id: "U1", name: "Förskolan", parentId: "U0" } });
    await db.person.create({ data: { id: "P1", displayName: "Åsa Öberg", email: "asa@kommun.se", aadObjectId: "a1" } });
    await db.assignment.create({ data: { personId: "P1", unitId: "U1", role: "member" } });
    const schedule = await db.pulseSchedule.create({ data: { unitId: "U0", anchorDate: "2026-01-05", rotatingQuestions: "[]" } });
    const pulse = await db.pulse.create({ data: { scheduleId: schedule.id, unitId: "U0", dueAt: now, closesAt: now, questionIds: '["self_rated_health"]' } });
    await db.pulseRecipient.create({ data: { pulseId: pulse.id, personId: "P1", unitIds: '["U1"]' } });
    await db.pulseAnswer.create({ data: { pulseId: pulse.id, unitId: "U1", token: "t", questionId: "self_rated_health", value: 2 } });
    const round = await db.hfRound.create({ data: { rootUnitId: "U0", startedById: "P1", opensAt: now, closesAt: now } });
    await db.hfRoundUnit.create({ data: { roundId: round.id, unitId: "U1" } });
    await db.hfRecipient.create({ data: { roundId: round.id, personId: "P1", unitIds: '["U1"]' } });
    await db.hfRating.create({ data: { roundId: round.id, unitId: "U1", token: "t", factorId: "sam", value: null } });
    await db.priorityStep.create({
      data: { roundId: round.id, unitId: "U1", actorId: "P1", actorRole: "manager", kind: "propose", factorIds: '["sam"]', createdAt: now },
    });
    await db.priorityAgreement.create({ data: { roundId: round.id, unitId: "U1", factorIds: '["sam"]', agreedAt: now } });
    await db.priorityActivity.create({
      data: { roundId: round.id, unitId: "U1", factorId: "sam", what: "Skyddsrond", owner: "Chef", dueDate: "2026-04-01", createdById: "P1", createdAt: now },
    });
    await db.absence.create({ data: { personId: "P1", firstDay: "2026-01-10", lastDay: "2026-01-11", importedAt: now } });
    await db.contactRequest.create({ data: { personId: "P1", sourceRef: `pulse:${pulse.id}`, createdAt: now } });
    await db.nudgeCase.create({ data: { signal: "contact_request", unitId: "U1", ownerId: "P1", openKey: "k", detail: "{}", openedAt: now } });
    await db.target.create({ data: { unitId: "U0", year: 2026, metric: "good_health_share", deltaPp: 2 } });
    await db.conversationRef.create({
      data: { conversationId: "a:1", userId: "29:1", serviceUrl: "http://x/", channelId: "msteams", reference: "{}", installedAt: now },
    });
    await db.processedActivity.create({ data: { id: "act-1", receivedAt: now } });
    await db.outboxMessage.create({ data: { idempotencyKey: "pulse:1:P1", kind: "pulse", payload: "{}", notBefore: now } });
    await db.jobRun.create({ data: { job: "pulse.plan", slot: "2026-03-02T08:00", startedAt: now } });
    await db.auditEvent.create({ data: { at: now, action: "test", subjectType: "unit", subjectId: "U1", detail: "{}" } });
    await db.importRun.create({ data: { kind: "org", source: "x", status: "ok", summary: "{}", startedAt: now, finishedAt: now } });
    const person = await db.person.findUniqueOrThrow({ where: { id: "P1" }, include: { assignments: { include: { unit: true } } } });
    expect(person.assignments[0]!.unit.name).toBe("Förskolan");
    expect((await db.pulseAnswer.findFirstOrThrow()).value).toBe(2);
    expect((await db.hfRating.findFirstOrThrow()).value).toBeNull();
    expect((await db.pulse.findFirstOrThrow()).dueAt.toISOString()).toBe(now.toISOString());
    await expect(
      db.nudgeCase.create({ data: { signal: "contact_request", unitId: "U1", ownerId: "P1", openKey: "k", detail: "{}", openedAt: now } }),
    ).rejects.toThrow();
  } finally {
    await db.$disconnect();
  }
}

describe("migrations", () => {
  it("create the whole schema on a fresh SQLite file, and a second run applies nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "friskpuls-mig-"));
    try {
      const target = resolveDatabaseTarget(`file:${join(dir, "a.db")}`);
      const first = await migrateDatabase(target);
      expect(first.applied).toEqual(listMigrations("sqlite").map((m) => m.name));
      const second = await migrateDatabase(target);
      expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
      await writeAndReadEveryModel(`file:${join(dir, "a.db")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!POSTGRES_IN_RUN)("create the same schema on PostgreSQL offline, with Prisma's migration bookkeeping", async () => {
    const pg = await createPostgresDatabase();
    try {
      const target = resolveDatabaseTarget(pg.url);
      const [a, b] = await Promise.all([migrateDatabase(target), migrateDatabase(target)]);
      // Two instances starting together: the advisory lock lets exactly one apply.
      expect([...a.applied, ...b.applied].sort()).toEqual(listMigrations("postgres").map((m) => m.name));
      await writeAndReadEveryModel(pg.url);
    } finally {
      await pg.drop();
    }
  });

  it("refuse to run when an applied migration was edited afterwards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "friskpuls-mig-"));
    try {
      const file = join(dir, "b.db");
      await migrateDatabase(resolveDatabaseTarget(`file:${file}`));
      const raw = new Database(file);
      raw.prepare(`UPDATE "_prisma_migrations" SET checksum = 'x'`).run();
      raw.close();
      await expect(migrateDatabase(resolveDatabaseTarget(`file:${file}`))).rejects.toThrow(/edited after it was applied/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("have both providers' snapshots equal to the current datamodel, so no migration is missing", () => {
    const models = readFileSync(join(PROJECT_ROOT, "prisma/models.prisma"), "utf8");
    for (const provider of ["sqlite", "postgres"]) {
      const schema = readFileSync(join(PROJECT_ROOT, "prisma", provider, "schema.prisma"), "utf8");
      const snapshot = readFileSync(join(PROJECT_ROOT, "prisma/migrations", provider, "schema.snapshot.prisma"), "utf8");
      expect(schema.endsWith(models), `${provider} schema is generated from models.prisma`).toBe(true);
      expect(snapshot, `run npm run db:new-migration for ${provider}`).toBe(schema);
    }
    expect(listMigrations("sqlite").map((m) => m.name)).toEqual(listMigrations("postgres").map((m) => m.name));
  });
});
