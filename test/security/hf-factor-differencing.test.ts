// A friskfaktor's mean stands for those who rated it ("Vet inte" left out), a different subset of a
// unit's respondents per factor. Found by the privacy scan (privacy-run.test.ts): a factor hidden in
// a small group of raters could be read as its parent minus its sibling. Each factor now goes
// through the release engine on its own (ADR 0010, amendment). Real SQLite, the real builders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { buildPerson, buildUnit } from "../harness/factories.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { readHfProfile } from "../../src/domain/aggregates/read-hf-profile.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";

const K = 5;
let t: TestDatabase;
let roundId = "";

beforeAll(async () => {
  t = await createSqliteTestDb();
  const db = t.db;
  await buildUnit(db, { id: "U0", name: "Förvaltningen" });
  await buildUnit(db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(db, { id: "U2", name: "Förskolan", parentId: "U0" });
  const round = await db.hfRound.create({
    data: {
      rootUnitId: "U0",
      startedById: "hr",
      opensAt: new Date("2026-11-02T08:00:00Z"),
      closesAt: new Date("2026-11-09T08:00:00Z"),
      status: "closed",
      closedAt: new Date("2026-11-09T08:00:00Z"),
    },
  });
  roundId = round.id;
  await db.hfRoundUnit.createMany({ data: ["U0", "U1", "U2"].map((unitId) => ({ roundId, unitId, state: "results" })) });
  // Skolan: ten rate everything 4. Förskolan: six respond, but only two rate early_intervention (1).
  const people = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: `S${i}`, unit: "U1" })),
    ...Array.from({ length: 6 }, (_, i) => ({ id: `F${i}`, unit: "U2" })),
  ];
  for (const p of people) {
    await buildPerson(db, { id: p.id });
    await db.hfRecipient.create({ data: { roundId, personId: p.id, unitIds: JSON.stringify([p.unit]), answered: true } });
    await db.hfRating.createMany({
      data: FACTOR_IDS.map((factorId) => ({
        roundId,
        unitId: p.unit,
        token: `token-${p.id}`,
        factorId,
        value: p.unit === "U2" && factorId === "early_intervention" ? (["F0", "F1"].includes(p.id) ? 1 : null) : 4,
      })),
    });
  }
  expect(await buildRoundCells(db, roundId, K, new Date("2026-11-09T08:01:00Z"))).toEqual({ cells: 3, released: 3 });
});
afterAll(async () => t?.cleanup());

describe("friskfaktor profiles, per factor", () => {
  const factor = async (unitId: string, factorId: string) => {
    const profile = (await readHfProfile(t.db, { roundId, unitId, k: K }))!.profile;
    if (!profile.released) throw new Error(`${unitId} withheld`);
    return profile.value.factors.find((f) => f.factorId === factorId)!;
  };

  it("a factor rated by fewer than k in a unit is hidden there, and cannot be read as parent minus sibling", async () => {
    expect(await factor("U2", "early_intervention")).toEqual({ factorId: "early_intervention", shown: false, reason: "fewerThanK" });
    const parent = await factor("U0", "early_intervention");
    const sibling = await factor("U1", "early_intervention");
    // One of the two gives way, so no difference of shown figures is about the two raters.
    expect([parent.shown, sibling.shown].filter(Boolean)).toHaveLength(1);
    expect(parent.shown ? parent : sibling).toMatchObject({ shown: true });
    const hidden = parent.shown ? sibling : parent;
    expect(hidden).toEqual({ factorId: "early_intervention", shown: false, reason: "differencing" });
  });

  it("the withheld factor keeps only its reason in the stored cell; the other factors are shown everywhere", async () => {
    const cells = await t.db.hfCell.findMany({ where: { roundId }, orderBy: { unitId: "asc" } });
    for (const cell of cells) {
      const stats = JSON.parse(cell.stats!) as Record<string, { counts?: unknown; reason?: string }>;
      if (stats.early_intervention!.reason) expect(stats.early_intervention).toEqual({ reason: expect.stringMatching(/fewerThanK|differencing/) });
      for (const f of FACTOR_IDS.filter((id) => id !== "early_intervention")) expect(stats[f]!.counts).toBeDefined();
    }
    for (const unitId of ["U0", "U1", "U2"]) expect(await factor(unitId, "leadership")).toMatchObject({ shown: true, mean: 4 });
  });
});
