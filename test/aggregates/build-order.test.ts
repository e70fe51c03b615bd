// Cells are built in due order across schedules (ADR 0009, issue 14): a pulse is decided against
// everything released before it, so one due later may not be built while an earlier one is still
// open — and someone in two units under two schedules is in both series. Real SQLite, the real
// builder and its list.
import { afterEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { buildPulseCells, listUnsummarizedPulses } from "../../src/domain/aggregates/build-pulse-cells.js";

let d: TestDatabase;
afterEach(async () => d?.cleanup());

const Q = "self_rated_health";

/** A pulse of `scheduleId` over `unitId` where `people` answer (value 2). */
async function pulse(scheduleId: string, unitId: string, dueAt: string, status: "open" | "closed", people: string[]): Promise<string> {
  const due = new Date(dueAt);
  const row = await d.db.pulse.create({
    data: { scheduleId, unitId, dueAt: due, closesAt: new Date(due.getTime() + 3 * 86_400_000), questionIds: JSON.stringify([Q]), status },
  });
  await d.db.pulseRecipient.createMany({ data: people.map((p) => ({ pulseId: row.id, personId: p, unitIds: JSON.stringify([unitId]), answered: true })) });
  await d.db.pulseParticipation.createMany({ data: people.map((p) => ({ pulseId: row.id, personId: p, questionId: Q })) });
  await d.db.pulseAnswer.createMany({
    data: people.map((p) => ({
      pulseId: row.id,
      unitId,
      token: createHash("sha256")
        .update(row.id + p)
        .digest("hex"),
      questionId: Q,
      value: 2,
    })),
  });
  return row.id;
}

describe("build order across schedules", () => {
  it("waits for an earlier-due pulse of another schedule, then decides against what it released", async () => {
    d = await createSqliteTestDb();
    await d.db.unit.createMany({
      data: [
        { id: "A", name: "Skolan" },
        { id: "B", name: "Vården" },
      ],
    });
    const people = Array.from({ length: 12 }, (_, i) => `P${i}`);
    await d.db.person.createMany({ data: people.map((id) => ({ id, displayName: id })) });
    const [sa, sb] = await Promise.all(
      ["A", "B"].map((unitId) => d.db.pulseSchedule.create({ data: { unitId, anchorDate: "2026-11-02", rotatingQuestions: "[]" } })),
    );
    // P0–P5 are in A; P0–P5 and P6 in B (part-timers in both, under two schedules).
    const inA = people.slice(0, 6);
    const first = await pulse(sa!.id, "A", "2026-11-02T08:00:00Z", "open", inA);
    const second = await pulse(sb!.id, "B", "2026-11-03T08:00:00Z", "closed", [...inA, "P6"]);

    expect(await listUnsummarizedPulses(d.db)).toEqual([]);
    expect(await buildPulseCells(d.db, second, 5, new Date("2026-11-07T08:00:00Z"))).toBeNull();

    await d.db.pulse.update({ where: { id: first }, data: { status: "closed" } });
    expect((await listUnsummarizedPulses(d.db)).map((p) => p.id)).toEqual([first, second]);
    expect(await buildPulseCells(d.db, first, 5, new Date("2026-11-07T08:00:00Z"))).toMatchObject({ released: 1 });
    // B's cell is A's six people plus P6: beside A's released figure it would be P6's answer.
    expect(await buildPulseCells(d.db, second, 5, new Date("2026-11-07T08:01:00Z"))).toMatchObject({ cells: 1, released: 0 });
    expect(await d.db.pulseCell.findFirst({ where: { pulseId: second } })).toMatchObject({
      released: false,
      reason: "differencing",
      respondents: null,
      counts: null,
    });
  });
});
