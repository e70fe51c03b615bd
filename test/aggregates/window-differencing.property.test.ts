// Privacy over time (issue 14, DESIGN.md "Privacy rules", ADR 0009): random organisations and
// multi-pulse histories (joiners, leavers, people in two units, skipped questions, moves,
// reorganisations) with every answer held constant across the pulses, run through the real pure
// path pulse after pulse. Then, by exact integer row reduction over everything each viewer was
// shown across the pulses (window-algebra.ts), no viewer — nor all viewers together, nor a viewer
// who knows their own answer — can compute any one person's answer. The same property run on the
// rule before issue 14 finds counterexamples; the three concrete ones are kept below.
//
// SOAK=1 (npm run soak) runs the property far longer.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CORE_QUESTION_ID } from "../../src/domain/pulse/question-bank.js";
import { checkPrivacy, describeScenario, materialize, runPurePath, windowScenario, type PersonSpec, type ScenarioSpec } from "./differencing-model.js";
import { checkWindowIsolation, findIsolations } from "./window-algebra.js";
import { runLegacyPath } from "./legacy/run-legacy-path.js";
import sv from "../../src/i18n/sv.json" with { type: "json" };
import en from "../../src/i18n/en.json" with { type: "json" };

const SOAK = process.env.SOAK === "1";
const histories = windowScenario({ maxUnits: 10, maxCohorts: 8, maxCohortSize: 6, maxPulses: 6 });

function assertNobodySingledOut(spec: ScenarioSpec): void {
  const scenario = materialize(spec);
  const observed = runPurePath(scenario);
  const violations = [...checkWindowIsolation(scenario, observed), ...checkPrivacy(scenario, observed)];
  if (violations.length > 0) throw new Error(`${violations.join("\n")}\n--- scenario ---\n${describeScenario(scenario)}`);
}

describe("no combination of figures across pulses singles anyone out (pure path)", () => {
  it("for random organisations and histories, every viewer and all viewers together", () => {
    fc.assert(fc.property(histories, assertNobodySingledOut), { numRuns: SOAK ? 5000 : 250 });
  });

  it("the histories reach what the rule is about: units shown in several pulses, joiners, reorganisations", () => {
    const seen = { releasedTwice: 0, withheldAfterRelease: 0, reorganised: 0, twoUnits: 0 };
    for (const spec of fc.sample(histories, { numRuns: 250, seed: 14 })) {
      const scenario = materialize(spec);
      const released = runPurePath(scenario).filter((c) => c.released);
      if (released.some((a) => released.some((b) => b.t > a.t && b.unitId === a.unitId && b.questionId === a.questionId))) seen.releasedTwice++;
      const observed = runPurePath(scenario);
      if (observed.some((c) => !c.released && c.reason === "differencing" && released.some((r) => r.t < c.t && r.unitId === c.unitId)))
        seen.withheldAfterRelease++;
      if (spec.reorg) seen.reorganised++;
      if (scenario.pulses.some((p) => p.recipients.some((r) => r.unitIds.length > 1))) seen.twoUnits++;
    }
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThanOrEqual(25);
  });

  it("fails on the rule before issue 14 (last released cell only): the same property finds a counterexample", () => {
    const result = fc.check(
      fc.property(histories, (spec) => {
        const scenario = materialize(spec);
        return checkWindowIsolation(scenario, runLegacyPath(scenario), { limit: 1 }).length === 0;
      }),
      { numRuns: 500, seed: 14 },
    );
    expect(result.failed).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------
// The counterexamples, each as it happens with the old rule and what happens now.

const present = (value = 0) => ({ present: true, moved: false, answers: [value, value] });
const away = { present: false, moved: false, answers: [null, null] };
/** n people in `units`, with the given presence per pulse (true: answers `value`). */
const people = (n: number, units: number[], pattern: boolean[], value = 0): PersonSpec[] =>
  Array.from({ length: n }, () => ({ units, altUnits: units, pulses: pattern.map((here) => (here ? present(value) : away)) }));

describe("the counterexamples of issue 14", () => {
  it("an older trend point: shown in pulse 0, withheld, shown for another group, then pulse 0's people plus one", () => {
    // k = 5, one unit. Pulse 0: A (5). Pulse 1: A + x (one joiner). Pulse 2: B (5 others). Pulse 3: A + x.
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null],
      rotation: [],
      pulseCount: 4,
      people: [
        ...people(5, [0], [true, true, false, true], 1),
        ...people(1, [0], [false, true, false, true], 4),
        ...people(5, [0], [false, false, true, false], 2),
      ],
    };
    const scenario = materialize(spec);
    const before = runLegacyPath(scenario);
    // The old rule compared pulse 3 with pulse 2 (11 people apart) and showed it beside pulse 0.
    expect(before.map((c) => c.reason ?? "released")).toEqual(["released", "changedRespondents", "released", "released"]);
    expect(checkWindowIsolation(scenario, before, { perViewer: false })).toEqual([
      "all viewers together, self_rated_health: -1·U0@0 +1·U0@3 isolates {P05} (1 < k=5); the figures give 5:1 (respondents 1), and the true answer is 5",
    ]);
    const now = runPurePath(scenario);
    expect(now.map((c) => c.reason ?? "released")).toEqual(["released", "differencing", "released", "differencing"]);
    expect(checkWindowIsolation(scenario, now)).toEqual([]);
  });

  it("a withheld cell rebuilt from released ones: the parent minus the released sibling, against the cell's earlier figure", () => {
    // k = 5. U1 = A (5), U2 = B (6) in pulse 0. Pulse 1: x joins U1, five join U2.
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null, 0, 0],
      rotation: [],
      pulseCount: 2,
      people: [
        ...people(5, [1], [true, true], 1),
        ...people(6, [2], [true, true], 2),
        ...people(1, [1], [false, true], 4),
        ...people(5, [2], [false, true], 3),
      ],
    };
    const scenario = materialize(spec);
    const before = runLegacyPath(scenario);
    const shown = (cells: typeof before, t: number) => cells.filter((c) => c.t === t && c.released).map((c) => c.unitId);
    expect(shown(before, 1)).toEqual(["U0", "U2"]); // U1 withheld, but U1 = U0 − U2
    expect(checkWindowIsolation(scenario, before, { perViewer: false })).toEqual([
      "all viewers together, self_rated_health: -1·U1@0 +1·U0@1 -1·U2@1 isolates {P11} (1 < k=5); the figures give 5:1 (respondents 1), and the true answer is 5",
    ]);
    const now = runPurePath(scenario);
    // Now one of the two gives way, so U0 − U2 is not U1 + x; here the sibling (fewer respondents).
    expect(shown(now, 1)).toEqual(["U0"]);
    expect(checkWindowIsolation(scenario, now)).toEqual([]);
  });

  it("counts that tell: no rotating question's 'N svar' beside a hidden core question, and reasons that say nothing about who", () => {
    // k = 5, one unit: 17 answer in pulse 0, one more in pulse 1 (whose rotating question is new).
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null],
      rotation: ["workload", "presenteeism"],
      pulseCount: 2,
      people: [...people(17, [0], [true, true], 1), ...people(1, [0], [false, true], 3)],
    };
    const scenario = materialize(spec);
    const before = runLegacyPath(scenario).filter((c) => c.t === 1);
    expect(before.map((c) => [c.questionId, c.released ? c.figures!.respondents : c.reason])).toEqual([
      [CORE_QUESTION_ID, "changedRespondents"],
      ["presenteeism", 18],
    ]);
    const now = runPurePath(scenario).filter((c) => c.t === 1);
    expect(now.map((c) => [c.questionId, c.released, c.reason])).toEqual([
      [CORE_QUESTION_ID, false, "differencing"],
      ["presenteeism", false, "differencing"],
    ]);
    // Whatever is withheld says only that it protects others, never that someone came or went.
    for (const texts of [sv.results.reasons, sv.results.reasonsShort, en.results.reasons, en.results.reasonsShort]) {
      expect(Object.keys(texts).sort()).toEqual(["differencing", "fewerThanK"]);
      expect(texts.differencing).not.toMatch(/nya|borta|tillkommit|fallit|sedan sist|joined|left|since last/i);
    }
  });
});

describe("the checker is not vacuous", () => {
  it("finds two people under k whose column is the same, when a parent and its child are both shown", () => {
    // k = 3: U0 = {P00, P01} ∪ U1 with U1 four people; both shown, U0 − U1 is P00 and P01 together.
    const spec: ScenarioSpec = { k: 3, parents: [null, 0], rotation: [], pulseCount: 1, people: [...people(2, [0], [true], 1), ...people(4, [1], [true], 2)] };
    const scenario = materialize(spec);
    const all = runPurePath(scenario).map((c) => ({
      ...c,
      released: true,
      reason: null,
      figures: c.figures ?? { respondents: 6, counts: { "2": 6 }, goodCount: 6 },
    }));
    expect(checkWindowIsolation(scenario, all, { perViewer: false })).toEqual([expect.stringMatching(/U0@0 -1·U1@0 isolates \{P00,P01\} \(2 < k=3\)$/)]);
    expect(checkWindowIsolation(scenario, runPurePath(scenario))).toEqual([]);
  });

  it("finds what a viewer learns only through their own answer: p + 2v is a combination, so v gets p and p gets v", () => {
    // Rows r1 = A ∪ {p, v}, r2 = B ∪ {v}, r3 = A ∪ B: r1 + r2 − r3 = p + 2v, while e_p, e_v, p ± v are not combinations.
    const a = ["a1", "a2", "a3"];
    const b = ["b1", "b2", "b3"];
    const sets = [new Set([...a, "p", "v"]), new Set([...b, "v"]), new Set([...a, ...b])];
    const found = findIsolations(sets, 3);
    expect(found).toHaveLength(2);
    expect(found).toEqual(
      expect.arrayContaining([
        { people: ["p"], self: "v" },
        { people: ["v"], self: "p" },
      ]),
    );
    expect(findIsolations([sets[0]!, sets[2]!], 3)).toEqual([]);
  });
});
