// The one unit-tree module: walks on a loaded list (pure), cycles and deep chains stay bounded,
// and the nearest role holder comes from two queries whatever the depth.
import { afterEach, describe, expect, it } from "vitest";
import { findNearestRoleHolders, loadUnitTree, MAX_UNIT_DEPTH, UnitTree, type UnitNode } from "../../src/domain/org/unit-tree.js";
import type { Db } from "../../src/db/client.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

//        K
//      /   \
//     A     B
//    / \     \
//   A1  A2    B1
//   |
//   A11
const units: UnitNode[] = [
  { id: "K", parentId: null },
  { id: "A", parentId: "K" },
  { id: "A1", parentId: "A" },
  { id: "A11", parentId: "A1" },
  { id: "A2", parentId: "A" },
  { id: "B", parentId: "K" },
  { id: "B1", parentId: "B" },
];
const tree = new UnitTree(units);

/** u0 ← u1 ← … ← u(n-1): u0 is the root. */
const chain = (n: number): UnitNode[] => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, parentId: i === 0 ? null : `u${i - 1}` }));

describe("UnitTree on a loaded list", () => {
  it("walks up: ancestry (self first), ancestors, depth", () => {
    expect(tree.ancestry("A11")).toEqual(["A11", "A1", "A", "K"]);
    expect(tree.ancestors("A11")).toEqual(["A1", "A", "K"]);
    expect(tree.depth("A11")).toBe(3);
    expect(tree.depth("K")).toBe(0);
    expect(tree.ancestry("nope")).toEqual([]);
    expect(tree.depth("nope")).toBe(0);
  });

  it("stops at a parent it does not know (e.g. an inactive unit left out of the list)", () => {
    const partial = new UnitTree(units.filter((u) => u.id !== "A"));
    expect(partial.ancestry("A11")).toEqual(["A11", "A1"]);
    expect(partial.depths().get("A11")).toBe(1);
    expect(partial.depths().get("B1")).toBe(2);
  });

  it("chains to a root above, and measures the levels below it", () => {
    expect(tree.chainTo("A11", "A")).toEqual(["A11", "A1", "A"]);
    expect(tree.chainTo("A", "A")).toEqual(["A"]);
    expect(tree.chainTo("B1", "A")).toBeNull();
    expect(tree.depthBelow("A11", "K")).toBe(3);
    expect(tree.depthBelow("A", "A")).toBe(0);
    expect(tree.depthBelow("K", "A")).toBeNull();
  });

  it("walks down: the subtree, parent before children, children in list order, each once", () => {
    expect(tree.subtree("A").map((u) => u.id)).toEqual(["A", "A1", "A11", "A2"]);
    expect(tree.subtree("K").map((u) => u.id)).toEqual(["K", "A", "A1", "A11", "A2", "B", "B1"]);
    expect(tree.subtree("nope")).toEqual([]);
    expect([...tree.subtreeIds("A1", "B", "A11")].sort()).toEqual(["A1", "A11", "B", "B1"]);
  });

  it("finds the nearest unit at or above that matches, and the lowest common ancestor", () => {
    expect(tree.nearest("A11", (id) => id === "A" || id === "K")).toBe("A");
    expect(tree.nearest("A11", (id) => id === "A11")).toBe("A11");
    expect(tree.nearest("B1", (id) => id === "A")).toBeUndefined();
    expect(tree.lowestCommonAncestor(["A11", "A2"])).toBe("A");
    expect(tree.lowestCommonAncestor(["A11", "B1"])).toBe("K");
    expect(tree.lowestCommonAncestor(["A1"])).toBe("A1");
    expect(tree.lowestCommonAncestor([])).toBeUndefined();
  });

  it("is safe with a cycle: every walk ends, each unit listed once", () => {
    // X → Y → Z → X, with W hanging below Z and a self-parented S.
    const cyclic = new UnitTree<UnitNode>([
      { id: "X", parentId: "Z" },
      { id: "Y", parentId: "X" },
      { id: "Z", parentId: "Y" },
      { id: "W", parentId: "Z" },
      { id: "S", parentId: "S" },
    ]);
    expect(cyclic.ancestry("W")).toEqual(["W", "Z", "Y", "X"]);
    expect(cyclic.ancestry("S")).toEqual(["S"]);
    expect(cyclic.depth("X")).toBe(2);
    expect(cyclic.subtree("X").map((u) => u.id)).toEqual(["X", "Y", "Z", "W"]);
    expect(cyclic.subtree("S").map((u) => u.id)).toEqual(["S"]);
    expect(cyclic.chainTo("W", "K")).toBeNull();
    expect(cyclic.nearest("W", () => false)).toBeUndefined();
    expect(cyclic.lowestCommonAncestor(["W", "Y"])).toBe("Z"); // the first of W's chain (W, Z, Y, X) in Y's (Y, X, Z)
  });

  it("is bounded on a chain deeper than any organisation", () => {
    const deep = new UnitTree(chain(5_000));
    expect(deep.ancestry("u4999")).toHaveLength(MAX_UNIT_DEPTH);
    expect(deep.ancestry("u4999")[0]).toBe("u4999");
    expect(deep.depth("u4999")).toBe(MAX_UNIT_DEPTH - 1);
    expect(deep.chainTo("u4999", "u0")).toBeNull();
    expect(deep.chainTo("u4999", "u4950")).toHaveLength(50);
    expect(deep.subtree("u0")).toHaveLength(MAX_UNIT_DEPTH);
    // Within the bound nothing is cut.
    const fine = new UnitTree(chain(MAX_UNIT_DEPTH));
    expect(fine.depthBelow(`u${MAX_UNIT_DEPTH - 1}`, "u0")).toBe(MAX_UNIT_DEPTH - 1);
    expect(fine.subtree("u0")).toHaveLength(MAX_UNIT_DEPTH);
  });
});

describe("the tree from the database", () => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.cleanup()));
  });

  async function seeded(): Promise<Db> {
    const t = await createSqliteTestDb();
    open.push(t);
    for (const u of units) await buildUnit(t.db, { id: u.id, name: `Enhet ${u.id}`, parentId: u.parentId });
    return t.db;
  }

  it("loads every unit in one query, inactive ones too unless asked", async () => {
    const db = await seeded();
    await db.unit.update({ where: { id: "A1" }, data: { active: false } });
    const all = await loadUnitTree(db);
    expect(all.ancestry("A11")).toEqual(["A11", "A1", "A", "K"]);
    expect(all.get("A1")?.name).toBe("Enhet A1");
    const active = await loadUnitTree(db, { activeOnly: true });
    expect(active.ancestry("A11")).toEqual(["A11"]);
  });

  it("finds the nearest role holders up the tree, skipping inactive people and `except`", async () => {
    const db = await seeded();
    const [hrTop, hrA, chefA1, gone] = await Promise.all(["P-hrK", "P-hrA", "P-chefA1", "P-gone"].map((id) => buildPerson(db, { id })));
    await assignRole(db, hrTop!.id, "K", "hr_partner");
    await assignRole(db, hrA!.id, "A", "hr_partner");
    await assignRole(db, chefA1!.id, "A1", "manager");
    await assignRole(db, gone!.id, "A1", "hr_partner");
    await db.person.update({ where: { id: gone!.id }, data: { active: false } });

    expect(await findNearestRoleHolders(db, "A11", "hr_partner")).toEqual({ unitId: "A", personIds: ["P-hrA"] });
    expect(await findNearestRoleHolders(db, "A11", "hr_partner", { except: "P-hrA" })).toEqual({ unitId: "K", personIds: ["P-hrK"] });
    expect(await findNearestRoleHolders(db, "B1", "hr_partner")).toEqual({ unitId: "K", personIds: ["P-hrK"] });
    expect(await findNearestRoleHolders(db, "A11", "manager")).toEqual({ unitId: "A1", personIds: ["P-chefA1"] });
    expect(await findNearestRoleHolders(db, "B1", "manager")).toBeNull();
    expect(await findNearestRoleHolders(db, "B1", "safety_rep", { tree: await loadUnitTree(db) })).toBeNull();
  });
});
