// Property tests for the privacy rules (DESIGN.md, "Privacy rules") on the pure path: random
// organisations and pulse histories through computePulseCells, pulse after pulse, checked for
// every viewer (manager/skyddsombud of U sees U and the schedule's unit; an HR partner of A sees
// subtree(A)) against the true person sets:
//   a. every released cell has ≥ k people;
//   b. two visible released cells of a pulse and question differ one-sidedly by 0 or ≥ k people;
//   c. a visible released cell minus the union of the visible released cells below it: 0 or ≥ k;
//   d. the same unit+question in two consecutive released pulses: symmetric difference 0 or ≥ k;
//   e. released figures are exactly the true answers; suppressed cells carry none.
// Failures print the violated rule with the people it isolates and the scenario, already shrunk.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CORE_QUESTION_ID } from "../../src/domain/pulse/question-bank.js";
import {
  checkLinearIsolation,
  checkPrivacy,
  describeScenario,
  materialize,
  personInTwoSiblingsArb,
  randomScenarioArb,
  runPurePath,
  trickyScenarioArb,
  bigChildFewDirectArb,
  siblingJustBelowKArb,
  churnArb,
  singleChildChainArb,
  treeOf,
  type ObservedCell,
  type PersonSpec,
  type ScenarioSpec,
} from "./differencing-model.js";

function assertPrivate(spec: ScenarioSpec): void {
  const scenario = materialize(spec);
  const violations = checkPrivacy(scenario, runPurePath(scenario));
  if (violations.length > 0) throw new Error(`${violations.join("\n")}\n--- scenario ---\n${describeScenario(scenario)}`);
}

/** `n` people in `units`, present and answering in every one of `pulses` pulses. */
const steady = (n: number, units: number[], pulses = 1, value = 0): PersonSpec[] =>
  Array.from({ length: n }, () => ({
    units,
    altUnits: units,
    pulses: Array.from({ length: pulses }, () => ({ present: true, moved: false, answers: [value, value] })),
  }));

describe("differencing properties (pure path, every viewer)", () => {
  it("hold for random organisations, memberships and pulse histories", () => {
    fc.assert(fc.property(randomScenarioArb, assertPrivate), { numRuns: 1000 });
  });

  it.each([
    ["a parent with one big child and 1…k−1 people of its own", bigChildFewDirectArb],
    ["two siblings, one just below k", siblingJustBelowKArb],
    ["people in two sibling units", personInTwoSiblingsArb],
    ["respondents changing by 1…k−1 between pulses", churnArb],
    ["chains of single-child units", singleChildChainArb],
  ])("hold for %s", (_name, arb) => {
    fc.assert(fc.property(arb, assertPrivate), { numRuns: 400 });
  });

  it("the generators reach the cases the rules are about", () => {
    // Guards against a vacuous pass: enough released parents with released children, people in
    // two released units, and suppressions of every kind.
    const seen = { releasedUnderReleased: 0, sharedPersonReleased: 0, fewerThanK: 0, differencing: 0, withheldAfterRelease: 0, releasedAfterRelease: 0 };
    for (const spec of [...fc.sample(randomScenarioArb, { numRuns: 300, seed: 7 }), ...fc.sample(trickyScenarioArb, { numRuns: 300, seed: 7 })]) {
      const scenario = materialize(spec);
      const tree = treeOf(scenario);
      const observed = runPurePath(scenario);
      const released = observed.filter((c) => c.released);
      const counts = (reason: string) => observed.some((c) => c.reason === reason);
      if (counts("fewerThanK")) seen.fewerThanK++;
      if (counts("differencing")) seen.differencing++;
      if (
        observed.some(
          (c) => !c.released && c.reason === "differencing" && released.some((r) => r.t < c.t && r.unitId === c.unitId && r.questionId === c.questionId),
        )
      )
        seen.withheldAfterRelease++;
      if (released.some((a) => released.some((b) => a.t === b.t && a.questionId === b.questionId && tree.isStrictAncestor(a.unitId, b.unitId))))
        seen.releasedUnderReleased++;
      if (released.some((c) => c.t > 0 && released.some((p) => p.t < c.t && p.unitId === c.unitId && p.questionId === c.questionId)))
        seen.releasedAfterRelease++;
      // Someone in two units, both of whose cells are released in a pulse they answered.
      const isReleased = (t: number, u: string) => released.some((c) => c.t === t && c.unitId === u && c.questionId === CORE_QUESTION_ID);
      const shared = scenario.pulses.some((p, t) =>
        p.recipients.some(
          (r) =>
            r.unitIds.length > 1 &&
            p.answers.some((a) => a.personId === r.personId && a.questionId === CORE_QUESTION_ID) &&
            r.unitIds.every((u) => isReleased(t, u)),
        ),
      );
      if (shared) seen.sharedPersonReleased++;
    }
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThanOrEqual(30);
  });
});

describe("the checkers are not vacuous", () => {
  const releaseAll = (cells: ObservedCell[]) =>
    cells.map((c) => ({ ...c, released: true, reason: null, figures: c.figures ?? { respondents: -1, counts: {}, goodCount: 0 } }));

  it("flag a small unit, a parent minus a child, and a one-person change when everything is released", () => {
    // U0 = U1 (5 people) + 1 person of its own; pulse 1 adds one person to U1.
    const spec: ScenarioSpec = {
      k: 5,
      parents: [null, 0, 0],
      rotation: [],
      pulseCount: 2,
      people: [
        ...steady(5, [1], 2),
        ...steady(1, [0], 2),
        ...steady(2, [2], 2),
        {
          units: [1],
          altUnits: [1],
          pulses: [
            { present: false, moved: false, answers: [0] },
            { present: true, moved: false, answers: [0] },
          ],
        },
      ],
    };
    const scenario = materialize(spec);
    const violations = checkPrivacy(scenario, releaseAll(runPurePath(scenario)), 100).join("\n");
    expect(violations).toMatch(/^\(a\) released U2\//m);
    expect(violations).toMatch(/^\(b\) .*U0 \\ U1 = \{P05,P06,P07\}/m);
    expect(violations).toMatch(/^\(c\) hr\(U0\), pulse 0, self_rated_health: U0 minus \{U1,U2\} = \{P05\}/m);
    expect(violations).toMatch(/^\(d\) .*U1\/self_rated_health released in pulses 0 and 1, changed \{P08\}/m);
    expect(violations).toMatch(/^\(e\) released U2\/.* shows .*"respondents":-1/m);
  });

  it("flag figures that do not match the answers, and figures on a suppressed cell", () => {
    const scenario = materialize({ k: 3, parents: [null], rotation: [], pulseCount: 1, people: steady(4, [0]) });
    const [cell] = runPurePath(scenario);
    expect(cell!.released).toBe(true);
    expect(checkPrivacy(scenario, [{ ...cell!, figures: { ...cell!.figures!, goodCount: 0 } }])).toEqual([expect.stringMatching(/^\(e\) released U0/)]);
    expect(checkPrivacy(scenario, [{ ...cell!, released: false, reason: "differencing" }])).toEqual([
      expect.stringMatching(/^\(e\) suppressed U0.* carries figures/),
    ]);
  });
});

// Beyond a–e. Figures are distributions, and distributions add: an HR partner who sees a parent
// and two children that share someone could compute child₁ + child₂ − parent, which (when the
// parent has nobody of its own) is exactly the shared people's answers, although every pairwise
// difference and the parent's residual are 0 or ≥ k. The atom rule in release-rules.ts stops it.
describe("linear combinations of released figures", () => {
  /** k = 3: U1 = {x, a1…a3}, U2 = {x, b1…b3}, U0 = U1 ∪ U2 with nobody of its own. */
  const minimal: ScenarioSpec = {
    k: 3,
    parents: [null, 0, 0],
    rotation: [],
    pulseCount: 1,
    people: [...steady(1, [1, 2], 1, 4), ...steady(3, [1]), ...steady(3, [2])],
  };

  it("the minimal case: U1 + U2 − U0 would be P00's answer alone, so one of the children is suppressed", () => {
    const scenario = materialize(minimal);
    const observed = runPurePath(scenario);
    // The checker finds the leak when all three are shown…
    const all = observed.map((c) => ({ ...c, released: true, reason: null }));
    expect(checkLinearIsolation(scenario, all)).toEqual([expect.stringContaining("isolates {P00} (1 < k=3)")]);
    // …and the rules show only two of them.
    expect(observed.filter((c) => c.released).map((c) => c.unitId)).toEqual(["U0", "U2"]);
    expect(observed.find((c) => c.unitId === "U1")).toMatchObject({ released: false, reason: "differencing", figures: null });
    expect(checkLinearIsolation(scenario, observed)).toEqual([]);
    expect(checkPrivacy(scenario, observed)).toEqual([]);
  });

  it.each([
    ["people in two sibling units", personInTwoSiblingsArb, 400],
    ["random organisations", randomScenarioArb, 300],
  ] as const)("no combination of a viewer's figures isolates fewer than k people: %s", (_name, arb, numRuns) => {
    fc.assert(
      fc.property(arb, (spec) => {
        const scenario = materialize(spec);
        const violations = checkLinearIsolation(scenario, runPurePath(scenario));
        if (violations.length > 0) throw new Error(`${violations.join("\n")}\n--- scenario ---\n${describeScenario(scenario)}`);
      }),
      { numRuns },
    );
  });
});
