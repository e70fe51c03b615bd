// Sick-leave statistics per unit ("Statistikstöd", issue 17) on both databases: a hand-made set of
// occasions counted as the early signal counts them (back-to-back rows are one occasion, the
// 12-month window, more than 3 occasions = repeated, ≤ 14 days = short), released under k and the
// differencing rule over the units' employees (a nested unit one person smaller than its parent
// is withheld; once both hold the same people, both are shown).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { readSickLeaveStats, type SickLeaveFigures } from "../../src/domain/aggregates/read-sick-leave-stats.js";
import type { Figure } from "../../src/domain/aggregates/released.js";

// The test's clock: every day below is counted from it.
const NOW = DateTime.fromISO("2026-06-15T10:00:00", { zone: "Europe/Stockholm" });
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

describe.each(testDatabaseFactories())("sick-leave statistics (%s)", (_name, createDb) => {
  let t: TestDatabase;
  const stats = () => readSickLeaveStats(t.db, { ...RULES, now: NOW.toJSDate() });

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

  it("counts occasions as the signal does and computes the shares on a hand-made set", async () => {
    const s = await stats();
    // A: a0 1 long; a1 4 short; a2 2 short + 1 long; a3 3 short; a4 1 short + 1 long; a5, a6 none.
    expect(plain(s.get("A"))).toEqual({
      released: true,
      employees: 7,
      repeatedSharePct: 100 / 7,
      occasionsPerEmployee: 13 / 7,
      shortOccasions: 10,
      longOccasions: 3,
    });
    expect(plain(s.get("B"))).toEqual({ released: true, employees: 5, repeatedSharePct: 20, occasionsPerEmployee: 1, shortOccasions: 5, longOccasions: 0 });
    expect(plain(s.get("R"))).toEqual({
      released: true,
      employees: 12,
      repeatedSharePct: 200 / 12,
      occasionsPerEmployee: 18 / 12,
      shortOccasions: 15,
      longOccasions: 3,
    });
  });

  it("withholds fewer than k, and the nested unit that differs from its parent by one person", async () => {
    const s = await stats();
    expect(plain(s.get("X"))).toEqual({ released: false, reason: "fewerThanK" });
    // A1 (six people) is A (seven) without a0: showing both would tell a0's occasions.
    expect(plain(s.get("A1"))).toEqual({ released: false, reason: "differencing" });
    // Nothing that is released can be combined into one person: R − A is exactly B.
    const released = ["R", "A", "B"].map((id) => s.get(id)!).filter((f) => f.released);
    expect(released).toHaveLength(3);
  });

  it("shows both once the parent and the nested unit hold the same people, and follows the threshold", async () => {
    const a0InA = { personId_unitId_role: { personId: "a0", unitId: "A", role: "member" } };
    await t.db.assignment.update({ where: a0InA, data: { active: false } });
    try {
      const s = await stats();
      expect(plain(s.get("A1"))).toEqual({
        released: true,
        employees: 6,
        repeatedSharePct: 100 / 6,
        occasionsPerEmployee: 12 / 6,
        shortOccasions: 10,
        longOccasions: 2,
      });
      expect(plain(s.get("A"))).toEqual(plain(s.get("A1")));
      // More than two as the threshold (the setting is the employer's): a2 and a3 count too.
      const lower = await readSickLeaveStats(t.db, { ...RULES, occasions: 2, now: NOW.toJSDate() });
      expect(plain(lower.get("A1"))).toMatchObject({ released: true, repeatedSharePct: 300 / 6 });
    } finally {
      await t.db.assignment.update({ where: a0InA, data: { active: true } });
    }
  });

  it("follows the clock: a year later every occasion has left the window", async () => {
    const later = await readSickLeaveStats(t.db, { ...RULES, now: NOW.plus({ months: 13 }).toJSDate() });
    expect(plain(later.get("R"))).toEqual({ released: true, employees: 12, repeatedSharePct: 0, occasionsPerEmployee: 0, shortOccasions: 0, longOccasions: 0 });
  });
});
