// The tab's demo data (test/harness/tab-demo.ts): what the browser tests and screenshots rely on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { DEMO_UNITS, seedTabDemo, type TabDemo } from "../harness/tab-demo.js";
import { CORE_QUESTION_ID } from "../../src/domain/pulse/question-bank.js";

const DAY = 86_400_000;

describe("seedTabDemo", () => {
  let t: TestDatabase;
  let demo: TabDemo;
  const now = new Date(Date.now() + 3 * DAY);
  beforeAll(async () => {
    t = await createSqliteTestDb();
    demo = await seedTabDemo(t.db, now);
  }, 60_000);
  afterAll(async () => t?.cleanup());

  it("writes summarised pulses, all closed before now", async () => {
    const pulses = await t.db.pulse.findMany({ orderBy: { dueAt: "asc" } });
    expect(pulses.length).toBeGreaterThanOrEqual(4);
    expect(pulses.every((p) => p.summarizedAt !== null && p.closesAt < now)).toBe(true);
    expect(pulses.map((p) => p.id)).toEqual(demo.pulseIds);
    // One last year: the baseline of this year's måltal.
    expect(pulses.filter((p) => p.dueAt.getUTCFullYear() === now.getUTCFullYear() - 1).length).toBeGreaterThanOrEqual(1);
    expect(await t.db.target.count({ where: { year: now.getUTCFullYear() } })).toBe(1);
  });

  it("releases Förskolan Centrum's core question every time and withholds one of Grundskolan Centrum's", async () => {
    const cells = (unitId: string) =>
      t.db.pulseCell.findMany({ where: { unitId, questionId: CORE_QUESTION_ID }, select: { released: true, reason: true, pulseId: true } });
    const preschool = await cells(DEMO_UNITS.preschool);
    expect(preschool).toHaveLength(demo.pulseIds.length);
    expect(preschool.every((c) => c.released)).toBe(true);
    const school = await cells(DEMO_UNITS.school);
    expect(school.filter((c) => !c.released).length).toBeGreaterThanOrEqual(1);
    expect(school.filter((c) => c.released).length).toBeGreaterThanOrEqual(3);
  });

  it("closes two friskfaktor rounds, agrees priorities with one overdue activity, and opens cases for the chef", async () => {
    const rounds = await t.db.hfRound.findMany({ where: { id: { in: demo.roundIds } } });
    expect(rounds.map((r) => r.status)).toEqual(["closed", "closed"]);
    expect(await t.db.hfCell.count({ where: { unitId: DEMO_UNITS.preschool, released: true } })).toBe(2);
    expect(await t.db.priorityAgreement.count({ where: { unitId: DEMO_UNITS.preschool } })).toBe(1);
    const today = now.toISOString().slice(0, 10);
    const overdue = await t.db.priorityActivity.findMany({ where: { status: "planned", dueDate: { lt: today } } });
    expect(overdue.map((a) => a.id)).toEqual([demo.overdueActivityId]);
    expect(await t.db.sickLeaveCell.count({ where: { unitId: DEMO_UNITS.preschool, released: true } })).toBe(1);
    expect(await t.db.nudgeCase.count({ where: { unitId: DEMO_UNITS.preschool, status: "open" } })).toBe(2);
  });
});
