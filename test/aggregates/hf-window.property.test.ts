// Privacy over time for friskfaktor rounds (issue 14): the profile shows a unit's previous round
// beside the current one, and the HR overview every round's respondents. Random organisations and
// histories of rounds (joiners, leavers, people in two units, reorganisations between rounds),
// ratings held constant across rounds, through the real buildRoundCells on SQLite round after
// round. Then, by exact integer row reduction over every released cell of every round
// (window-algebra.ts), no viewer — nor all together, nor one who knows their own ratings — can
// compute anyone's ratings. A round's cell shows every factor's counts over the cell's respondents
// ("Vet inte" counted), so the person sets of the released cells carry the whole question.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Db } from "../../src/db/client.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { readHfProfile } from "../../src/domain/aggregates/read-hf-profile.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";
import { CORE_QUESTION_ID } from "../../src/domain/pulse/question-bank.js";
import { createSqliteTestDb } from "../harness/databases.js";
import { describeScenario, materialize, windowScenario, type ObservedCell, type PersonSpec, type Scenario, type ScenarioSpec } from "./differencing-model.js";
import { checkWindowIsolation } from "./window-algebra.js";

const FIRST_CLOSE = Date.parse("2026-02-02T08:00:00Z");
const QUARTER = 91 * 86_400_000;

/** A rating per factor from the person's (constant) answer seed: 1–5, or "Vet inte" (null). */
const ratingOf = (value: number, factorIndex: number): number | null => {
  const r = (value + factorIndex) % 6;
  return r === 0 ? null : r;
};

/** Runs every pulse of the scenario as a friskfaktor round over the whole tree; returns the cells as observations. */
async function runRounds(db: Db, scenario: Scenario): Promise<ObservedCell[]> {
  await db.unit.createMany({ data: scenario.units.map((u) => ({ id: u.id, name: `Enhet ${u.id}`, parentId: u.parentId })) });
  await db.person.createMany({ data: scenario.personIds.map((id) => ({ id, displayName: id })) });
  const roundIds: string[] = [];
  for (let t = 0; t < scenario.pulses.length; t++) {
    // A reorganisation between rounds: today's tree changes; earlier cells keep theirs.
    for (const u of scenario.unitsAt[t]!) await db.unit.update({ where: { id: u.id }, data: { parentId: u.parentId } });
    const closesAt = new Date(FIRST_CLOSE + t * QUARTER);
    const round = await db.hfRound.create({
      data: {
        rootUnitId: scenario.rootId,
        startedById: "hr",
        opensAt: new Date(closesAt.getTime() - 14 * 86_400_000),
        closesAt,
        status: "closed",
        closedAt: closesAt,
      },
    });
    roundIds.push(round.id);
    await db.hfRoundUnit.createMany({ data: scenario.units.map((u) => ({ roundId: round.id, unitId: u.id, state: "results" })) });
    const pulse = scenario.pulses[t]!;
    const answered = new Map(pulse.answers.filter((a) => a.questionId === CORE_QUESTION_ID).map((a) => [a.personId, a.value]));
    if (pulse.recipients.length > 0) {
      await db.hfRecipient.createMany({
        data: pulse.recipients.map((r) => ({
          roundId: round.id,
          personId: r.personId,
          unitIds: JSON.stringify(r.unitIds),
          answered: answered.has(r.personId),
        })),
      });
    }
    const ratings = pulse.recipients.flatMap((r) =>
      answered.has(r.personId)
        ? r.unitIds.flatMap((unitId) =>
            FACTOR_IDS.map((factorId, i) => ({
              roundId: round.id,
              unitId,
              token: `round-${t}-${r.personId}`,
              factorId,
              value: ratingOf(answered.get(r.personId)!, i),
            })),
          )
        : [],
    );
    for (let i = 0; i < ratings.length; i += 500) await db.hfRating.createMany({ data: ratings.slice(i, i + 500) });
    expect(await buildRoundCells(db, round.id, scenario.k, new Date(closesAt.getTime() + 60_000))).not.toBeNull();
  }
  const cells = await db.hfCell.findMany({ where: { roundId: { in: roundIds } } });
  return cells.map((c) => {
    const stats = c.stats ? (JSON.parse(c.stats) as Record<string, { counts?: Record<string, number> }>) : null;
    // Which factor is read makes no difference to who is behind it; the first one shown stands for all.
    const counts = stats ? (Object.values(stats).find((f) => f.counts)?.counts ?? {}) : {};
    return {
      t: roundIds.indexOf(c.roundId),
      questionId: CORE_QUESTION_ID,
      unitId: c.unitId,
      released: c.released,
      reason: c.reason,
      figures: c.released ? { respondents: c.respondents!, counts, goodCount: 0 } : null,
    };
  });
}

const rounds = windowScenario({ maxUnits: 7, maxCohorts: 6, maxCohortSize: 5, maxPulses: 4 });

describe("friskfaktor rounds across the window (buildRoundCells on SQLite)", () => {
  it("no viewer, nor all together, can compute anyone's ratings from the cells of every round", async () => {
    await fc.assert(
      fc.asyncProperty(rounds, async (spec) => {
        const scenario = materialize(spec);
        const d = await createSqliteTestDb();
        try {
          const observed = await runRounds(d.db, scenario);
          const violations = checkWindowIsolation(scenario, observed);
          if (violations.length > 0) throw new Error(`${violations.join("\n")}\n--- scenario ---\n${describeScenario(scenario)}`);
        } finally {
          await d.cleanup();
        }
      }),
      { numRuns: process.env.SOAK === "1" ? 200 : 12 },
    );
  }, 240_000);

  it("the previous round beside the current one: a unit one person away from its last shown round is withheld", async () => {
    // k = 5, one unit: five rate in round 0; a sixth joins for round 1.
    const here = { present: true, moved: false, answers: [2, 2] };
    const away = { present: false, moved: false, answers: [null, null] };
    const person = (pulses: PersonSpec["pulses"]): PersonSpec => ({ units: [0], altUnits: [0], pulses });
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null],
      rotation: [],
      pulseCount: 2,
      people: [...Array.from({ length: 5 }, () => person([here, here])), person([away, { ...here, answers: [4, 4] }])],
    };
    const scenario = materialize(spec);
    const d = await createSqliteTestDb();
    try {
      const observed = await runRounds(d.db, scenario);
      expect(observed.sort((a, b) => a.t - b.t).map((c) => c.reason ?? "released")).toEqual(["released", "differencing"]);
      // Shown both, the two profiles would give the sixth person's ratings (the checker sees it).
      const both = observed.map((c) => ({ ...c, released: true, reason: null, figures: c.figures ?? { respondents: 6, counts: {}, goodCount: 0 } }));
      expect(checkWindowIsolation(scenario, both, { perViewer: false })).toEqual([expect.stringMatching(/-1·U0@0 \+1·U0@1 isolates \{P05\} \(1 < k=5\)/)]);
      const roundIds = (await d.db.hfRound.findMany({ orderBy: { closesAt: "asc" } })).map((r) => r.id);
      expect((await readHfProfile(d.db, { roundId: roundIds[1]!, unitId: "U0", k: 5 }))!.profile).toEqual({ released: false, reason: "differencing" });
    } finally {
      await d.cleanup();
    }
  });

  it("an older round counts as much as the last: round 0's people plus one, after another group, is withheld", async () => {
    // k = 5, one unit. Round 0: A (5). Round 1: A + x. Round 2: B (5 others). Round 3: A + x. The
    // rule before issue 14 compared round 3 with round 2 only (11 apart) and showed it; beside
    // round 0 (still in the HR overview and the earlier profile card) it is x's ratings.
    const at = (pattern: boolean[], value: number): PersonSpec => ({
      units: [0],
      altUnits: [0],
      pulses: pattern.map((here) =>
        here ? { present: true, moved: false, answers: [value, value] } : { present: false, moved: false, answers: [null, null] },
      ),
    });
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null],
      rotation: [],
      pulseCount: 4,
      people: [
        ...Array.from({ length: 5 }, () => at([true, true, false, true], 1)),
        at([false, true, false, true], 4),
        ...Array.from({ length: 5 }, () => at([false, false, true, false], 2)),
      ],
    };
    const scenario = materialize(spec);
    const d = await createSqliteTestDb();
    try {
      const observed = (await runRounds(d.db, scenario)).sort((a, b) => a.t - b.t);
      expect(observed.map((c) => c.reason ?? "released")).toEqual(["released", "differencing", "released", "differencing"]);
      expect(checkWindowIsolation(scenario, observed)).toEqual([]);
      const asBefore = observed.map((c) => (c.t === 3 ? { ...c, released: true, reason: null, figures: { respondents: 6, counts: {}, goodCount: 0 } } : c));
      expect(checkWindowIsolation(scenario, asBefore, { perViewer: false })).toEqual([expect.stringMatching(/-1·U0@0 \+1·U0@3 isolates \{P05\} \(1 < k=5\)/)]);
    } finally {
      await d.cleanup();
    }
  });
});
