// Two instances closing the same pulse at once build its cells exactly once: two `friskpuls tick`
// processes on one SQLite file (as the server and an operator's tick would), and two clients on
// PostgreSQL (as two servers would).
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createPostgresTestDb, createSqliteTestDb, POSTGRES_IN_RUN, type TestDatabase } from "../harness/databases.js";
import { tickAt } from "../harness/tick-cli.js";
import { createDb } from "../../src/db/client.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const d of opened) await d.cleanup();
});

async function seedClosedPulse(d: TestDatabase): Promise<string> {
  const db = d.db;
  await db.unit.createMany({
    data: [
      { id: "U0", name: "Kommunen" },
      { id: "U1", name: "Skolan", parentId: "U0" },
      { id: "U2", name: "Vården", parentId: "U0" },
    ],
  });
  const people = Array.from({ length: 24 }, (_, i) => ({ id: `P${i}`, displayName: `P${i}`, unit: i < 12 ? "U1" : "U2" }));
  await db.person.createMany({ data: people.map((p) => ({ id: p.id, displayName: p.displayName })) });
  // Effective only after the pulse below, so a tick plans nothing new.
  const later = new Date("2026-12-31T00:00:00Z");
  const schedule = await db.pulseSchedule.create({
    data: { unitId: "U0", anchorDate: "2026-11-23", rotatingQuestions: "[]", createdAt: later, updatedAt: later },
  });
  const pulse = await db.pulse.create({
    data: {
      scheduleId: schedule.id,
      unitId: "U0",
      dueAt: new Date("2026-11-23T08:00:00Z"),
      closesAt: new Date("2026-11-26T08:00:00Z"),
      questionIds: '["self_rated_health"]',
      status: "closed",
    },
  });
  await db.pulseRecipient.createMany({ data: people.map((p) => ({ pulseId: pulse.id, personId: p.id, unitIds: JSON.stringify([p.unit]), answered: true })) });
  await db.pulseParticipation.createMany({ data: people.map((p) => ({ pulseId: pulse.id, personId: p.id, questionId: "self_rated_health" })) });
  await db.pulseAnswer.createMany({
    data: people.map((p, i) => ({
      pulseId: pulse.id,
      unitId: p.unit,
      token: createHash("sha256")
        .update(pulse.id + p.id)
        .digest("hex"),
      questionId: "self_rated_health",
      value: 1 + (i % 5),
    })),
  });
  return pulse.id;
}

const expectCells = async (d: TestDatabase, pulseId: string) => {
  const cells = await d.db.pulseCell.findMany({ where: { pulseId }, orderBy: { unitId: "asc" } });
  expect(cells.map((c) => [c.unitId, c.released, c.respondents])).toEqual([
    ["U0", true, 24],
    ["U1", true, 12],
    ["U2", true, 12],
  ]);
};

describe("on SQLite", () => {
  it("two tick processes at the same moment build the cells once", async () => {
    const d = await createSqliteTestDb();
    opened.push(d);
    const pulseId = await seedClosedPulse(d);
    const ticks = await Promise.all([tickAt(d.url, "2026-11-26T08:00:10Z"), tickAt(d.url, "2026-11-26T08:00:10Z")]);
    expect(ticks.map((t) => t.jobs["pulse.summarize"].built).sort()).toEqual([0, 1]);
    await expectCells(d, pulseId);
  }, 60_000);
});

describe.skipIf(!POSTGRES_IN_RUN)("on PostgreSQL", () => {
  it("two clients racing build the cells once, and both see the same cells", async () => {
    const d = await createPostgresTestDb();
    opened.push(d);
    const pulseId = await seedClosedPulse(d);
    const other = createDb(d.target);
    try {
      const now = new Date("2026-11-26T08:00:10Z");
      const results = await Promise.all([buildPulseCells(d.db, pulseId, 5, now), buildPulseCells(other, pulseId, 5, now)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      await expectCells(d, pulseId);
      expect(await buildPulseCells(d.db, pulseId, 5, now)).toBeNull();
    } finally {
      await other.$disconnect();
    }
  });
});
