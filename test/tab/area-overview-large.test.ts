// Issue 17: the HR partner's area overview of a large organisation (600 units under the root, as
// org-large's 520) with a friskfaktor round over all of them: every unit's round state and whether
// its priorities are agreed, without passing the database's bind-value limit (SQLite's 999 in
// Prisma's driver: an OR of (unit, round) pairs failed with P2029 from ~500 units). Dates are
// relative to a fixed moment; no clock involved.
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { buildPerson, buildRound } from "../harness/factories.js";
import { readAreaOverview } from "../../src/domain/aggregates/read-area-overview.js";

const NOW = new Date("2026-11-30T10:00:00Z");
const UNITS = 600;

let d: TestDatabase | undefined;
afterEach(async () => {
  await d?.cleanup();
  d = undefined;
});

describe.each(testDatabaseFactories())("a large area's overview (%s)", (_label, create) => {
  it("has every unit's round state and agreed priorities", async () => {
    d = await create();
    const db = d.db;
    await db.unit.create({ data: { id: "R", name: "Kommunen" } });
    const ids = Array.from({ length: UNITS }, (_, i) => `E${String(i).padStart(3, "0")}`);
    await db.unit.createMany({ data: ids.map((id) => ({ id, name: `Enhet ${id}`, parentId: "R" })) });
    const hr = await buildPerson(db, { id: "HR" });
    const round = await buildRound(db, {
      rootUnitId: "R",
      startedById: hr.id,
      closesAt: new Date(NOW.getTime() - 7 * 86_400_000),
      status: "closed",
      unitIds: ["R", ...ids],
    });
    // Every third unit has agreed on its priorities.
    const agreed = ids.filter((_, i) => i % 3 === 0);
    await db.priorityAgreement.createMany({ data: agreed.map((unitId) => ({ roundId: round.id, unitId, factorIds: '["leadership"]', agreedAt: NOW })) });

    const area = await readAreaOverview(db, { rootUnitId: "R", k: 5, now: NOW, viewerId: hr.id, sickLeave: new Map() });
    expect(area!.rows).toHaveLength(UNITS + 1);
    const rounds = new Map(area!.rows.map((r) => [r.unit.id, r.round]));
    expect([...rounds.values()].every((r) => r.state === "closed")).toBe(true);
    expect(ids.filter((id) => rounds.get(id)!.prioritiesAgreed)).toEqual(agreed);
    expect(rounds.get("R")!.prioritiesAgreed).toBe(false);
  });
});
