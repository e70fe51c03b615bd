// Every release rule at k−1, k and k+1 (DESIGN.md, "Privacy rules"), for k = 5 and k = 3.
import { describe, expect, it } from "vitest";
import {
  decideReleases,
  distributionBands,
  DISTRIBUTION_MIN_BAR,
  DISTRIBUTION_SMALL_GROUP,
  windowFromSets,
  type CellInput,
} from "../../src/domain/aggregates/release-rules.js";

const people = (prefix: string, n: number) => new Set(Array.from({ length: n }, (_, i) => `${prefix}${i}`));
const union = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));
const cell = (id: string, respondents: Set<string>, ancestorIds: string[] = []): CellInput => ({ id, ancestorIds, respondents });
const released = (cells: CellInput[], k: number, window: Set<string>[] = []) =>
  Object.fromEntries([...decideReleases(cells, k, windowFromSets(window))].map(([id, d]) => [id, d.released ? "released" : d.reason]));

describe.each([5, 3])("with k = %i", (k) => {
  describe("minimum group size", () => {
    it.each([
      [k - 1, "fewerThanK"],
      [k, "released"],
      [k + 1, "released"],
    ])("a unit with %i respondents is %s", (n, expected) => {
      expect(released([cell("A", people("a", n))], k)).toEqual({ A: expected });
    });
  });

  describe("parent minus its released children", () => {
    // Parent P = child C + `extra` people outside every released child.
    it.each([
      [1, { P: "released", C: "differencing" }],
      [k - 1, { P: "released", C: "differencing" }],
      [k, { P: "released", C: "released" }],
      [k + 1, { P: "released", C: "released" }],
    ])("with %i people outside the child: %o", (extra, expected) => {
      const child = people("c", 20);
      expect(released([cell("P", union(child, people("x", extra))), cell("C", child, ["P"])], k)).toEqual(expected);
    });

    it("a parent with exactly its released children's people subtracts to nobody and both show", () => {
      const c1 = people("c", 8);
      const c2 = people("d", 9);
      expect(released([cell("P", union(c1, c2)), cell("C1", c1, ["P"]), cell("C2", c2, ["P"])], k)).toEqual({ P: "released", C1: "released", C2: "released" });
    });

    it("a suppressed small sibling makes the parent minus the shown sibling small: the shown sibling is withheld too", () => {
      const big = people("b", 12);
      const small = people("s", k - 1);
      expect(released([cell("P", union(big, small)), cell("BIG", big, ["P"]), cell("SMALL", small, ["P"])], k)).toEqual({
        P: "released",
        BIG: "differencing",
        SMALL: "fewerThanK",
      });
    });

    it("a grandparent is checked against its nearest released descendants, not only its children", () => {
      const g = people("g", 10);
      const other = people("o", k - 1);
      // C (between R and G) is too small to show itself… no: C holds G plus `other`, and is withheld by its own rule.
      const cells = [cell("R", union(g, other)), cell("C", union(g, other), ["R"]), cell("G", g, ["C", "R"])];
      const decisions = released(cells, k);
      // Whatever is shown, no shown pair may differ by 1…k−1 people.
      const shown = cells.filter((c) => decisions[c.id] === "released");
      for (const a of shown)
        for (const b of shown)
          if (a !== b) {
            const diff = [...a.respondents].filter((p) => !b.respondents.has(p)).length;
            expect(diff === 0 || diff >= k).toBe(true);
          }
      expect(decisions.G).toBe("differencing");
    });
  });

  describe("overlapping units (someone in two units)", () => {
    // A and B share `shared` people; A has `onlyA` of its own.
    it.each([
      [k - 1, "differencing"],
      [k, "released"],
      [k + 1, "released"],
    ])("A with %i people that B lacks: the smaller of the two is %s", (onlyA, expected) => {
      const shared = people("s", 10);
      const a = union(shared, people("a", onlyA));
      const b = union(shared, people("b", 20));
      const decisions = released([cell("A", a), cell("B", b)], k);
      expect(decisions.A).toBe(expected);
      expect(decisions.B).toBe("released");
    });

    // P = A ∪ B with nobody of its own; A and B share `shared` people and have 10 each of their own.
    // Every pair differs by 0 or ≥ k, yet A + B − P is exactly the shared people.
    it.each([
      [k - 1, { P: "released", A: "differencing", B: "released" }],
      [k, { P: "released", A: "released", B: "released" }],
      [k + 1, { P: "released", A: "released", B: "released" }],
    ])("%i people in both children of a parent (A + B − P): %o", (shared, expected) => {
      const both = people("s", shared);
      const a = union(both, people("a", 10));
      const b = union(both, people("b", 10));
      expect(released([cell("P", union(a, b)), cell("A", a, ["P"]), cell("B", b, ["P"])], k)).toEqual(expected);
    });

    it("disjoint units never constrain each other", () => {
      expect(released([cell("A", people("a", k)), cell("B", people("b", k))], k)).toEqual({ A: "released", B: "released" });
    });
  });

  describe("earlier pulses in the window (people joining or leaving)", () => {
    const before = people("p", 12);
    it.each([
      [0, "released"],
      [1, "differencing"],
      [k - 1, "differencing"],
      [k, "released"],
      [k + 1, "released"],
    ])("%i people joined since a released pulse: %s", (joined, expected) => {
      expect(released([cell("A", union(before, people("new", joined)))], k, [before])).toEqual({ A: expected });
    });

    it.each([
      [1, "differencing"],
      [k - 1, "differencing"],
      [k, "released"],
    ])("%i people left since a released pulse: %s", (left, expected) => {
      const now = new Set([...before].slice(left));
      expect(released([cell("A", now)], k, [before])).toEqual({ A: expected });
    });

    it("an older pulse counts as much as the last: A, then B, then A plus one is refused", () => {
      const a = people("a", 6);
      const b = people("b", 6);
      expect(released([cell("U", union(a, people("x", 1)))], k, [a, b])).toEqual({ U: "differencing" });
      expect(released([cell("U", a)], k, [a, b])).toEqual({ U: "released" });
    });

    it("a withheld cell that released ones rebuild counts: the sibling gives way when the parent shows the joiner", () => {
      // Earlier: P = C1 ∪ C2. Now x joins C1 and k join C2: C1 is withheld (x alone), and P − C2 would be C1 ∪ {x}.
      const c1 = people("c", 6);
      const c2 = people("d", 7);
      const window = [union(c1, c2), c1, c2];
      const now = released(
        [cell("P", union(c1, c2, people("x", 1), people("j", k))), cell("C1", union(c1, people("x", 1)), ["P"]), cell("C2", union(c2, people("j", k)), ["P"])],
        k,
        window,
      );
      expect(now.C1).toBe("differencing");
      expect([now.P, now.C2].filter((d) => d === "released")).toHaveLength(1);
    });

    it("does not split what was released before into groups under k, but leaves a group that was never split alone", () => {
      // A window atom of 2 (released before these rules): a new cell holding both is allowed, one holding one of them is not.
      const pair = people("q", 2);
      const rest = people("r", 10);
      const window = [union(pair, rest), rest];
      expect(released([cell("A", union(pair, rest))], k, window)).toEqual({ A: "released" });
      expect(released([cell("A", union(people("q", 1), rest))], k, window)).toEqual({ A: "differencing" });
    });
  });

  it("is deterministic whatever the order of the cells", () => {
    const big = people("b", 12);
    const small = people("s", 2);
    const cells = [cell("P", union(big, small)), cell("X", big, ["P"]), cell("Y", big, ["P"])];
    expect(released(cells, k)).toEqual(released([...cells].reverse(), k));
  });
});

it("refuses k below 3", () => {
  expect(() => decideReleases([], 2)).toThrow(/at least 3/);
});

describe("distribution bars (small groups: no bar of one or two people)", () => {
  const HEALTH_GOOD = [1, 2];
  const bands = (counts: number[], good = HEALTH_GOOD) =>
    distributionBands(
      counts.map((count, i) => ({ value: i + 1, count })),
      good,
      counts.reduce((a, b) => a + b, 0),
    ).map((b) => `${b.values.join("+")}:${b.count}`);

  it("leaves groups of DISTRIBUTION_SMALL_GROUP or more as they are, ones included", () => {
    expect(DISTRIBUTION_SMALL_GROUP).toBe(20);
    expect(bands([4, 9, 5, 1, 1])).toEqual(["1:4", "2:9", "3:5", "4:1", "5:1"]);
  });

  it("merges neighbours in smaller groups until every bar holds 0 or at least DISTRIBUTION_MIN_BAR", () => {
    expect(DISTRIBUTION_MIN_BAR).toBe(3);
    expect(bands([1, 4, 0, 2, 1])).toEqual(["1+2:5", "3:0", "4+5:3"]);
    expect(bands([3, 3, 3, 1, 9])).toEqual(["1:3", "2:3", "3:3", "4+5:10"]);
    // A small rest at the end goes into the bar before it.
    expect(bands([5, 5, 3, 3, 1])).toEqual(["1:5", "2:5", "3:3", "4+5:4"]);
  });

  it("never merges across the good/not-good line (the released share would undo it); a small side is one bar", () => {
    expect(bands([2, 1, 5, 0, 0])).toEqual(["1+2:3", "3:5", "4:0", "5:0"]);
    // One person not good: that side is one bar (its size already follows from the share).
    expect(bands([3, 4, 1, 0, 0])).toEqual(["1:3", "2:4", "3+4+5:1"]);
  });

  it.each([5, 6, 8, 12, 19])("for %i respondents, in every distribution, no bar holds 1 or 2 unless a whole side does", (n) => {
    // Every way of spreading n answers over five options.
    const spreads: number[][] = [];
    const spread = (left: number, prefix: number[]) => {
      if (prefix.length === 4) return spreads.push([...prefix, left]);
      for (let c = 0; c <= left; c++) spread(left - c, [...prefix, c]);
    };
    spread(n, []);
    for (const counts of spreads) {
      const out = distributionBands(
        counts.map((count, i) => ({ value: i + 1, count })),
        HEALTH_GOOD,
        n,
      );
      expect(out.flatMap((b) => b.values)).toEqual([1, 2, 3, 4, 5]);
      expect(out.reduce((a, b) => a + b.count, 0)).toBe(n);
      for (const b of out) {
        const side = b.values.every((v) => HEALTH_GOOD.includes(v)) ? [1, 2] : [3, 4, 5];
        const sideTotal = side.reduce((a, v) => a + counts[v - 1]!, 0);
        if (b.count > 0 && b.count < DISTRIBUTION_MIN_BAR) expect(b.count).toBe(sideTotal);
        expect(b.values.every((v) => side.includes(v))).toBe(true);
      }
    }
  });
});
