// Sick-leave statistics per unit ("Statistikstöd", issue 17) on both databases, as monthly
// snapshots (build-sick-leave-cells.ts, the sickLeave.snapshot job): a hand-made set of occasions
// counted as the early signal counts them (back-to-back rows are one occasion, the 12-month window,
// more than 3 occasions = repeated, ≤ 14 days = short), released under k and the differencing rule
// over the units' employees (a nested unit one person smaller than its parent is withheld) and
// over time (a unit one person larger or smaller than the month before is withheld while that
// month is in the window). A month is built once; retention deletes old cells and their people.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { fixedClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { buildJobs } from "../../src/jobs/registry.js";
import { computeSickLeaveCells, readSickLeaveStats, type SickLeaveFigures } from "../../src/domain/aggregates/read-sick-leave-stats.js";
import { buildSickLeaveCells, SICK_LEAVE_CELL_RETENTION_MONTHS, SICK_LEAVE_RELEASE_WINDOW_MONTHS } from "../../src/domain/aggregates/build-sick-leave-cells.js";
import type { Figure } from "../../src/domain/aggregates/released.js";

const ZONE = "Europe/Stockholm";
// The test's clock: the middle of the month before this one, 10:00 Swedish time; every day below is counted from it.
const NOW = DateTime.now().setZone(ZONE).startOf("month").minus({ months: 1 }).plus({ days: 14, hours: 10 });
const TODAY = NOW.startOf("day");
const WINDOW_START = TODAY.minus({ months: 12 });
const day = (d: DateTime) => d.toISODate()!;
const RULES = { occasions: 3, months: 12, k: 5 };

/** Occasions of `days` calendar days starting `daysAgo` days before today. */
const occasion = (daysAgo: number, days: number) => ({
  firstDay: day(TODAY.minus({ days: daysAgo })),
  lastDay: day(TODAY.minus({ days: daysAgo - days + 1 })),
});

const plain = (f: Figure<SickLeaveFigures> | undefined) =>
  f === undefined ? undefined : f.released ? { released: true, ...f.value } : { released: false, reason: f.reason };

const build = (db: TestDatabase["db"], at: DateTime, rules = RULES) => buildSickLeaveCells(db, { ...rules, now: at.toJSDate() });

async function latest(db: TestDatabase["db"]) {
  const s = await readSickLeaveStats(db);
  if (!s) throw new Error("no snapshot");
  return s;
}

describe.each(testDatabaseFactories())("sick-leave statistics (%s)", (_name, createDb) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createDb();
    // R ─┬─ A ── A1      A: a0 directly, A1: a1…a6 → A is A1 plus one person.
    //    └─ B            B: b1…b5.     X (a root of its own): three people.
    await buildUnit(t.db, { id: "R", name: "Förvaltningen" });
    await buildUnit(t.db, { id: "A", name: "Hemtjänst", parentId: "R" });
    await buildUnit(t.db, { id: "A1", name: "Hemtjänst Norr", parentId: "A" });
    await buildUnit(t.db, { id: "B", name: "Förskola", parentId: "R" });
    await buildUnit(t.db, { id: "X", name: "Liten enhet" });
    const members: [string, string][] = [
      ["a0", "A"],
      ...[1, 2, 3, 4, 5, 6].map((i): [string, string] => [`a${i}`, "A1"]),
      ...[1, 2, 3, 4, 5].map((i): [string, string] => [`b${i}`, "B"]),
      ["x1", "X"],
      ["x2", "X"],
      ["x3", "X"],
    ];
    for (const [id, unit] of members) {
      await buildPerson(t.db, { id, displayName: `Person ${id}` });
      await assignRole(t.db, id, unit, "member");
    }
    // a5 is a member of A too: still one person in A and in R.
    await assignRole(t.db, "a5", "A", "member");
    // A manager is not an employee of the statistics unless they are a member somewhere.
    await buildPerson(t.db, { id: "chefA", displayName: "Chef A" });
    await assignRole(t.db, "chefA", "A", "manager");
    const absences: [string, { firstDay: string; lastDay: string }][] = [
      ["a0", occasion(100, 30)], // long
      ...[10, 40, 70, 130].map((d): [string, { firstDay: string; lastDay: string }] => ["a1", occasion(d, 2)]), // 4 short: repeated
      // a2: two short, and a 5-day note prolonged by a 12-day one the next day: one 17-day occasion.
      ["a2", occasion(20, 2)],
      ["a2", occasion(50, 2)],
      ["a2", occasion(90, 5)],
      ["a2", occasion(85, 12)],
      // a3: three short inside the window, one begun before it (not counted), one wholly before it (not counted).
      ...[15, 45, 75].map((d): [string, { firstDay: string; lastDay: string }] => ["a3", occasion(d, 1)]),
      ["a3", { firstDay: day(WINDOW_START.minus({ days: 5 })), lastDay: day(WINDOW_START.plus({ days: 3 })) }],
      ["a3", { firstDay: day(WINDOW_START.minus({ days: 30 })), lastDay: day(WINDOW_START.minus({ days: 25 })) }],
      // a4: exactly 14 days (short) and 15 days (long).
      ["a4", occasion(60, 14)],
      ["a4", occasion(200, 15)],
      ...[5, 25, 55, 95, 150].map((d): [string, { firstDay: string; lastDay: string }] => ["b1", occasion(d, 3)]), // 5 short: repeated
      // b2: an occasion that starts tomorrow is not counted yet.
      ["b2", { firstDay: day(TODAY.plus({ days: 1 })), lastDay: day(TODAY.plus({ days: 3 })) }],
      ...[5, 25, 55, 95].map((d): [string, { firstDay: string; lastDay: string }] => ["x1", occasion(d, 1)]),
    ];
    await t.db.absence.createMany({ data: absences.map(([personId, o]) => ({ personId, ...o, importedAt: NOW.toJSDate() })) });
  });
  afterAll(async () => t?.cleanup());

  it("has no figures before the first snapshot", async () => {
    expect(await readSickLeaveStats(t.db)).toBeNull();
  });

  it("counts occasions as the signal does, as of the snapshot's day", async () => {
    expect(await build(t.db, NOW)).toEqual({ month: NOW.toFormat("yyyy-MM"), cells: 5, released: 3 });
    const s = await latest(t.db);
    expect(s.month).toBe(NOW.toFormat("yyyy-MM"));
    expect(s.asOf).toBe(day(TODAY));
    // A: a0 1 long; a1 4 short; a2 2 short + 1 long; a3 3 short; a4 1 short + 1 long; a5, a6 none.
    expect(plain(s.figures.get("A"))).toEqual({
      released: true,
      employees: 7,
      repeatedSharePct: 100 / 7,
      occasionsPerEmployee: 13 / 7,
      shortOccasions: 10,
      longOccasions: 3,
    });
    expect(plain(s.figures.get("B"))).toEqual({
      released: true,
      employees: 5,
      repeatedSharePct: 20,
      occasionsPerEmployee: 1,
      shortOccasions: 5,
      longOccasions: 0,
    });
    expect(plain(s.figures.get("R"))).toEqual({
      released: true,
      employees: 12,
      repeatedSharePct: 200 / 12,
      occasionsPerEmployee: 18 / 12,
      shortOccasions: 15,
      longOccasions: 3,
    });
  });

  it("withholds fewer than k, and the nested unit that differs from its parent by one person", async () => {
    const s = await latest(t.db);
    expect(plain(s.figures.get("X"))).toEqual({ released: false, reason: "fewerThanK" });
    // A1 (six people) is A (seven) without a0: showing both would tell a0's occasions.
    expect(plain(s.figures.get("A1"))).toEqual({ released: false, reason: "differencing" });
    // Nothing that is released can be combined into one person: R − A is exactly B.
    expect(["R", "A", "B"].filter((id) => s.figures.get(id)!.released)).toHaveLength(3);
    // Withheld cells keep neither figures nor people; released ones keep their people for the window.
    const stored = await t.db.sickLeaveCell.findMany({ where: { released: false } });
    expect(stored.map((c) => [c.unitId, c.employees, c.figures]).sort()).toEqual([
      ["A1", null, null],
      ["X", null, null],
    ]);
    expect(await t.db.sickLeaveCellMember.count({ where: { cellId: { in: stored.map((c) => c.id) } } })).toBe(0);
    expect(await t.db.sickLeaveCellMember.count()).toBe(12 + 7 + 5);
  });

  it("builds a month once: a later tick of the month, or two at once, changes nothing", async () => {
    const before = await t.db.sickLeaveCell.findMany({ orderBy: { unitId: "asc" } });
    const a0InA = { personId_unitId_role: { personId: "a0", unitId: "A", role: "member" } };
    await t.db.assignment.update({ where: a0InA, data: { active: false } });
    try {
      const later = NOW.endOf("month").minus({ hours: 1 });
      expect(await Promise.all([build(t.db, NOW.plus({ days: 1 })), build(t.db, later)])).toEqual([null, null]);
      expect(await t.db.sickLeaveCell.findMany({ orderBy: { unitId: "asc" } })).toEqual(before);
      expect((await latest(t.db)).asOf).toBe(day(TODAY));
    } finally {
      await t.db.assignment.update({ where: a0InA, data: { active: true } });
    }
  });

  it("decides a later month against the one before: when a0 has left, R and A are withheld", async () => {
    // a0 leaves A (their only unit). Next month R holds 11 people and A six: each on its own
    // passes k and nests cleanly, but R or A now against R or A last month is a0 alone.
    const a0InA = { personId_unitId_role: { personId: "a0", unitId: "A", role: "member" } };
    await t.db.assignment.update({ where: a0InA, data: { active: false } });
    try {
      const next = NOW.plus({ months: 1 }).startOf("month").plus({ hours: 1 });
      expect(await build(t.db, next)).toMatchObject({ month: next.toFormat("yyyy-MM") });
      const s = await latest(t.db);
      expect(s.month).toBe(next.toFormat("yyyy-MM"));
      expect(s.asOf).toBe(day(next));
      expect(plain(s.figures.get("R"))).toEqual({ released: false, reason: "differencing" });
      expect(plain(s.figures.get("A"))).toEqual({ released: false, reason: "differencing" });
      expect(plain(s.figures.get("A1"))).toEqual({ released: false, reason: "differencing" });
      // B's five people are the same as last month: still shown.
      expect(plain(s.figures.get("B"))).toMatchObject({ released: true, employees: 5 });
    } finally {
      await t.db.assignment.update({ where: a0InA, data: { active: true } });
    }
  });

  it("follows the clock: once the earlier months have left the window, every occasion has too", async () => {
    const later = NOW.plus({ months: 13 });
    await build(t.db, later);
    const s = await latest(t.db);
    expect(s.month).toBe(later.toFormat("yyyy-MM"));
    expect(plain(s.figures.get("R"))).toEqual({
      released: true,
      employees: 12,
      repeatedSharePct: 0,
      occasionsPerEmployee: 0,
      shortOccasions: 0,
      longOccasions: 0,
    });
  });
});

describe("sick-leave cells within one month (pure)", () => {
  const units = [
    { id: "A", parentId: null },
    { id: "A1", parentId: "A" },
  ];
  const people = [1, 2, 3, 4, 5, 6].map((i) => `p${i}`);
  const today = day(TODAY);
  const absences = [
    ...[10, 40, 70].map((d) => ({ personId: "p1", ...occasion(d, 2) })),
    ...[20, 50, 80].map((d) => ({ personId: "p2", ...occasion(d, 1) })),
    { personId: "p3", ...occasion(30, 20) },
  ];
  const cells = (o: { members: { personId: string; unitId: string }[]; occasions?: number }) =>
    Object.fromEntries(
      computeSickLeaveCells({ ...RULES, occasions: o.occasions ?? 3, units, members: o.members, absences, today }).map((c) => [
        c.unitId,
        c.released ? { released: true, ...c.figures } : { released: false, reason: c.reason },
      ]),
    );

  it("shows both once the parent and the nested unit hold the same people, and follows the threshold", () => {
    const same = cells({ members: people.map((personId) => ({ personId, unitId: "A1" })) });
    expect(same.A1).toEqual({ released: true, employees: 6, repeatedSharePct: 0, occasionsPerEmployee: 7 / 6, shortOccasions: 6, longOccasions: 1 });
    expect(same.A).toEqual(same.A1);
    // More than two as the threshold (the setting is the employer's): p1 and p2 count.
    expect(cells({ members: people.map((personId) => ({ personId, unitId: "A1" })), occasions: 2 }).A1).toMatchObject({ repeatedSharePct: 200 / 6 });
    // One more person directly in A: A1 is A without them.
    const nested = cells({ members: [...people.map((personId) => ({ personId, unitId: "A1" })), { personId: "p7", unitId: "A" }] });
    expect(nested.A1).toEqual({ released: false, reason: "differencing" });
    expect(nested.A).toMatchObject({ released: true, employees: 7 });
  });
});

describe.each(testDatabaseFactories())("sick-leave statistics over time (%s)", (_name, createDb) => {
  let t: TestDatabase;
  // Month 1: the first tick on the 1st of the month after the test clock's; month 2 the month after.
  const MONTH1 = NOW.plus({ months: 1 }).startOf("month").plus({ minutes: 5 });
  const MONTH2 = MONTH1.plus({ months: 1 });
  const inMonth = (n: number) => MONTH1.plus({ months: n - 1 });

  afterEach(async () => t?.cleanup());

  /** Unit U (a root) with u1…u6, each with one short occasion in the last months. */
  async function seed() {
    t = await createDb();
    await buildUnit(t.db, { id: "U", name: "Hemtjänst Syd" });
    for (let i = 1; i <= 7; i++) {
      await buildPerson(t.db, { id: `u${i}`, displayName: `Person u${i}` });
      if (i <= 6) await assignRole(t.db, `u${i}`, "U", "member");
    }
    await t.db.absence.createMany({
      data: [1, 2, 3, 4, 5, 6, 7].map((i) => ({
        personId: `u${i}`,
        firstDay: day(MONTH1.minus({ days: 10 * i })),
        lastDay: day(MONTH1.minus({ days: 10 * i - 1 })),
        importedAt: MONTH1.toJSDate(),
      })),
    });
  }

  const tick = async (at: DateTime) => (await tickInProcess(t.url, at.toUTC().toISO()!, { MIN_GROUP_SIZE: "5" })).jobs["sickLeave.snapshot"];
  const unitU = async () => plain((await latest(t.db)).figures.get("U"));

  it("through `friskpuls tick`: month 1 is shown; month 2, one person more, is withheld though it has k", async () => {
    await seed();
    expect(await tick(MONTH1)).toEqual({ built: 1, cells: 1, released: 1 });
    expect(await unitU()).toMatchObject({ released: true, employees: 6 });
    // A second tick the same month builds nothing.
    expect(await tick(MONTH1.plus({ days: 3 }))).toEqual({ built: 0, cells: 0, released: 0 });
    await assignRole(t.db, "u7", "U", "member");
    expect(await tick(MONTH2)).toEqual({ built: 1, cells: 1, released: 0 });
    expect((await latest(t.db)).asOf).toBe(day(MONTH2));
    expect(await unitU()).toEqual({ released: false, reason: "differencing" });
    // Nothing changes the next month: month 1 is still in the window, so u7 still stands alone.
    await tick(inMonth(3));
    expect(await unitU()).toEqual({ released: false, reason: "differencing" });
    // A year after month 1, only withheld months are left in the window: shown again, with seven.
    await tick(inMonth(1 + SICK_LEAVE_RELEASE_WINDOW_MONTHS + 1));
    expect(await unitU()).toMatchObject({ released: true, employees: 7 });
  });

  it("one person leaving: month 2 (five, k is five) is withheld", async () => {
    await seed();
    await build(t.db, MONTH1);
    expect(await unitU()).toMatchObject({ released: true, employees: 6 });
    await t.db.assignment.update({ where: { personId_unitId_role: { personId: "u6", unitId: "U", role: "member" } }, data: { active: false } });
    await build(t.db, MONTH2);
    expect(await unitU()).toEqual({ released: false, reason: "differencing" });
  });

  it("the same people the next month: shown again (the rule withholds changes, not months)", async () => {
    await seed();
    await build(t.db, MONTH1);
    await build(t.db, MONTH2);
    expect(await unitU()).toMatchObject({ released: true, employees: 6 });
    expect((await latest(t.db)).month).toBe(MONTH2.toFormat("yyyy-MM"));
  });

  it("two instances building the same month at once store it once", async () => {
    await seed();
    const built = await Promise.all([build(t.db, MONTH1), build(t.db, MONTH1.plus({ minutes: 1 }))]);
    expect(built.filter((b) => b !== null)).toEqual([{ month: MONTH1.toFormat("yyyy-MM"), cells: 1, released: 1 }]);
    expect(await t.db.sickLeaveCell.count()).toBe(1);
    expect(await t.db.sickLeaveCellMember.count()).toBe(6);
  });

  it("retention deletes cells and their people past the window and a month", async () => {
    await seed();
    await build(t.db, MONTH1);
    await build(t.db, MONTH2);
    expect(await t.db.sickLeaveCellMember.count()).toBe(12);
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url });
    const retention = (at: DateTime) =>
      buildJobs({ db: t.db, clock: fixedClock(at.toJSDate()), config, answerTokenSecret: "x".repeat(32) })
        .find((j) => j.name === "absences.retention")!
        .run(at.toJSDate());
    // Still needed by (or within a month of) a month's window: kept.
    expect(await retention(inMonth(1 + SICK_LEAVE_CELL_RETENTION_MONTHS))).toMatchObject({ sickLeaveCells: 0, sickLeaveCellMembers: 0 });
    expect(await retention(inMonth(2 + SICK_LEAVE_CELL_RETENTION_MONTHS))).toMatchObject({ sickLeaveCells: 1, sickLeaveCellMembers: 6 });
    expect((await t.db.sickLeaveCell.findMany()).map((c) => c.month)).toEqual([MONTH2.toFormat("yyyy-MM")]);
    expect(await t.db.sickLeaveCellMember.count()).toBe(6);
  });
});
