// The HR overview's change and participation per unit. The change compares with the unit's own
// previous pulse of the schedule: the previous pulse's cell where the unit has one, else its
// latest older cell (a pulse in which nobody in the unit answered leaves no cell), else no change.
// Read from stored cells (the overview reads only the previous pulse's cells, then older ones for
// the units it lacks); another schedule's cells never count. Participation divides by the cell's
// own count of people who got the pulse, or for cells built before it by the recipients. Dates
// are relative to a fixed start; no clock involved.
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { buildPulse, buildPulseSchedule, buildUnit } from "../harness/factories.js";
import { readSubtreeOverview } from "../../src/domain/aggregates/read-subtree-overview.js";

const START = new Date("2026-01-05T08:00:00Z");
const FORTNIGHT = 14 * 86_400_000;
const K = 5;

let d: TestDatabase | undefined;
afterEach(async () => {
  await d?.cleanup();
  d = undefined;
});

/** A released core cell: `good` of 10 respondents answered good or better, of `invited` (null: a cell built before issue 16). */
async function cell(db: TestDatabase["db"], pulse: { id: string; scheduleId: string; dueAt: Date }, unitId: string, good: number, invited: number | null = 12) {
  await db.pulseCell.create({
    data: {
      pulseId: pulse.id,
      unitId,
      questionId: "self_rated_health",
      scheduleId: pulse.scheduleId,
      dueAt: pulse.dueAt,
      released: true,
      respondents: 10,
      counts: JSON.stringify({ "1": 0, "2": good, "3": 10 - good, "4": 0, "5": 0 }),
      goodCount: good,
      invited,
    },
  });
}

describe.each(testDatabaseFactories())("the overview's change per unit (%s)", (_label, create) => {
  it("uses the previous pulse's cell, else the unit's latest older one, never another schedule's", async () => {
    d = await create();
    const db = d.db;
    await buildUnit(db, { id: "R", name: "Förvaltningen" });
    for (const id of ["A", "B", "C", "D"]) await buildUnit(db, { id, name: `Enhet ${id}`, parentId: "R" });
    const schedule = await buildPulseSchedule(db, { unitId: "R", anchorDate: "2026-01-05" });
    const other = await buildPulseSchedule(db, { unitId: "R", anchorDate: "2026-01-06" });
    const pulses = [];
    for (let n = 0; n < 3; n++)
      pulses.push(await buildPulse(db, { unitId: "R", scheduleId: schedule.id, dueAt: new Date(START.getTime() + n * FORTNIGHT), status: "closed" }));
    // Another schedule's pulse between the second and the third.
    const between = await buildPulse(db, { unitId: "R", scheduleId: other.id, dueAt: new Date(START.getTime() + 1.5 * FORTNIGHT), status: "closed" });
    const [first, second, third] = pulses as [(typeof pulses)[number], (typeof pulses)[number], (typeof pulses)[number]];

    for (const [unitId, good] of [
      ["R", 6],
      ["A", 8],
      ["B", 9],
      ["C", 5],
    ] as const)
      await cell(db, first, unitId, good);
    // B and D have no cell in the second pulse (nobody answered there); C has one.
    for (const [unitId, good] of [
      ["R", 5],
      ["A", 6],
      ["C", 7],
    ] as const)
      await cell(db, second, unitId, good);
    for (const [unitId, good] of [
      ["R", 1],
      ["B", 1],
      ["D", 1],
    ] as const)
      await cell(db, between, unitId, good);
    for (const [unitId, good] of [
      ["R", 5],
      ["A", 3],
      ["B", 6],
      ["C", 7],
    ] as const)
      await cell(db, third, unitId, good);
    // D's cell was built before cells knew how many got the pulse: counted from the recipients (20 in D).
    await cell(db, third, "D", 4, null);
    await db.pulseRecipient.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({ pulseId: third.id, personId: `P${i}`, unitIds: JSON.stringify(["D"]) })),
    });

    const overview = await readSubtreeOverview(db, { rootUnitId: "R", pulseId: third.id, k: K });
    const change = new Map(overview!.rows.map((r) => [r.unit.id, r.change]));
    const points = (unitId: string) => {
      const c = change.get(unitId);
      return c?.released ? Math.round(c.value) : c;
    };
    expect(points("A")).toBe(-30); // 30 % against the second pulse's 60 %
    expect(points("B")).toBe(-30); // no cell in the second: against the first's 90 %, not the other schedule's 10 %
    expect(points("C")).toBe(0); // the second's 70 %, not the first's 50 %
    expect(points("D")).toBeNull(); // only the other schedule's cell before: no change
    expect(overview!.rows.map((r) => r.unit.id).sort()).toEqual(["A", "B", "C", "D"]);

    // Participation: the cell's own count of people who got the pulse, else the recipients.
    const participation = new Map(overview!.rows.map((r) => [r.unit.id, r.participation]));
    const pct = (unitId: string) => {
      const p = participation.get(unitId);
      return p?.released ? Math.round(p.value) : p;
    };
    expect(pct("A")).toBe(83); // 10 of 12
    expect(pct("D")).toBe(50); // 10 of the 20 recipients
  });
});
