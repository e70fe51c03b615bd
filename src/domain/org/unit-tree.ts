// The unit tree, walked in one place. Loaded with one query (or built from a list the caller has
// already loaded); every walk is bounded and cycle-safe, because the tree in the database is only
// as good as the last HR import (the import rejects cycles, an old row or a hand edit may not).
import type { DbTx } from "../../db/client.js";

export interface UnitNode {
  id: string;
  parentId: string | null;
}

/** Deeper than any real organisation; a walk never goes further, whatever the data says. */
export const MAX_UNIT_DEPTH = 100;

export type OrgRole = "manager" | "safety_rep" | "senior_safety_rep" | "regional_safety_rep" | "hr_partner";

export class UnitTree<U extends UnitNode = UnitNode> {
  private readonly byId = new Map<string, U>();
  private readonly childrenOf = new Map<string, U[]>();

  /** `units` in the order children should be listed (e.g. by id). */
  constructor(units: readonly U[]) {
    for (const u of units) this.byId.set(u.id, u);
    for (const u of units) if (u.parentId !== null) this.childrenOf.set(u.parentId, [...(this.childrenOf.get(u.parentId) ?? []), u]);
  }

  has(unitId: string): boolean {
    return this.byId.has(unitId);
  }

  get(unitId: string): U | undefined {
    return this.byId.get(unitId);
  }

  /**
   * The unit and its ancestors, nearest first, as far as the tree knows them: a parent that is not
   * in the tree ends the chain (it is not listed). Stops at a repeat (a cycle) and after
   * MAX_UNIT_DEPTH units. An unknown unit gives [].
   */
  ancestry(unitId: string): string[] {
    const chain: string[] = [];
    for (
      let at = this.byId.get(unitId);
      at && chain.length < MAX_UNIT_DEPTH && !chain.includes(at.id);
      at = at.parentId === null ? undefined : this.byId.get(at.parentId)
    ) {
      chain.push(at.id);
    }
    return chain;
  }

  /** The ancestors alone (without the unit), nearest first. */
  ancestors(unitId: string): string[] {
    return this.ancestry(unitId).slice(1);
  }

  /** How many ancestors the tree knows above the unit (0 for a root or an unknown unit). */
  depth(unitId: string): number {
    return Math.max(0, this.ancestry(unitId).length - 1);
  }

  /** unitId, its parent, … up to and including rootId; null when rootId is not at or above it. */
  chainTo(unitId: string, rootId: string): string[] | null {
    const chain = this.ancestry(unitId);
    const at = chain.indexOf(rootId);
    return at === -1 ? null : chain.slice(0, at + 1);
  }

  /** Levels between a unit and rootId above it (0: the root itself); null when it is not below. */
  depthBelow(unitId: string, rootId: string): number | null {
    const chain = this.chainTo(unitId, rootId);
    return chain ? chain.length - 1 : null;
  }

  /** The nearest unit at or above `unitId` that `matches`; undefined when none does. */
  nearest(unitId: string, matches: (unitId: string) => boolean): string | undefined {
    return this.ancestry(unitId).find(matches);
  }

  /**
   * The unit and every unit below it, depth first, each parent before its children (in the order
   * the tree was built with). Each unit once; at most MAX_UNIT_DEPTH levels. Unknown root: [].
   */
  subtree(rootId: string): U[] {
    const root = this.byId.get(rootId);
    if (!root) return [];
    const out: U[] = [];
    const seen = new Set<string>();
    const walk = (u: U, level: number) => {
      if (level >= MAX_UNIT_DEPTH || seen.has(u.id)) return;
      seen.add(u.id);
      out.push(u);
      for (const child of this.childrenOf.get(u.id) ?? []) walk(child, level + 1);
    };
    walk(root, 0);
    return out;
  }

  /** The ids of the subtrees of all `rootIds` together. */
  subtreeIds(...rootIds: string[]): Set<string> {
    const out = new Set<string>();
    for (const rootId of rootIds) for (const u of this.subtree(rootId)) out.add(u.id);
    return out;
  }

  /** Each unit's depth within the tree (ancestors it knows): for indenting a list of units. */
  depths(): Map<string, number> {
    return new Map([...this.byId.keys()].map((id) => [id, this.depth(id)]));
  }

  /** The deepest unit that is at or above every one of `unitIds` (the top of the first chain if none). */
  lowestCommonAncestor(unitIds: readonly string[]): string | undefined {
    const [first, ...rest] = unitIds.map((id) => this.ancestry(id));
    if (!first) return undefined;
    return first.find((id) => rest.every((chain) => chain.includes(id))) ?? first.at(-1);
  }
}

/** Every unit (inactive ones too: old cases and pulses refer to them), one query. */
export async function loadUnitTree(db: DbTx, o: { activeOnly?: boolean } = {}): Promise<UnitTree<UnitNode & { name: string }>> {
  const units = await db.unit.findMany({
    where: o.activeOnly ? { active: true } : {},
    select: { id: true, name: true, parentId: true },
    orderBy: { id: "asc" },
  });
  return new UnitTree(units);
}

/**
 * The nearest holders of `role` at or above `unitId` (active people, active assignments), leaving
 * out `except`: the unit's chef, skyddsombud or HR partner, or the one above. Two queries whatever
 * the depth.
 */
export async function findNearestRoleHolders(
  db: DbTx,
  unitId: string,
  role: OrgRole,
  o: { except?: string | null; tree?: UnitTree } = {},
): Promise<{ unitId: string; personIds: string[] } | null> {
  const chain = (o.tree ?? (await loadUnitTree(db))).ancestry(unitId);
  if (chain.length === 0) chain.push(unitId);
  const rows = await db.assignment.findMany({
    where: { unitId: { in: chain }, role, active: true, person: { active: true } },
    select: { personId: true, unitId: true },
    orderBy: { personId: "asc" },
  });
  for (const at of chain) {
    const holders = [...new Set(rows.filter((r) => r.unitId === at && r.personId !== o.except).map((r) => r.personId))];
    if (holders.length > 0) return { unitId: at, personIds: holders };
  }
  return null;
}
