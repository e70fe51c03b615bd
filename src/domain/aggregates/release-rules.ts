// Which aggregate cells may be shown (DESIGN.md, "Privacy rules"; ADR 0009). A cell is one unit's
// subtree for one question of one pulse (or friskfaktor round); its respondents are the people
// behind it. The question every rule asks: could someone who has seen the released cells learn
// about fewer than k people — by adding and subtracting any of them, across units *and* across
// the pulses of the window, assuming a person's answer stays the same over the window?
//
// Every released figure (respondents, each count of the distribution, goodCount) is a sum over
// the cell's people of something about each person, so what a viewer can compute is a linear
// combination of the released cells' person sets. People who sit in exactly the same released
// cells of the window (an *atom*) are added and subtracted together in every such combination:
// if every atom has 0 or at least k people, no combination comes down to fewer than k people.
// A cell withheld but equal to its parent minus its released siblings is such a combination, so
// reasoning over released cells alone covers "rebuilt" cells too.
//
//   1. fewerThanK   — fewer than k respondents.
//   2. differencing — the new cells together with the cells already released in the window
//                     (`window`) would leave an atom of 1…k−1 people: a parent minus its
//                     children, two units sharing members, U1 + U2 − U0, the same unit in two or
//                     more pulses with people joining or leaving, or any mix of these.
// The engine decides for the union of everything any viewer can see, so every viewer's subset,
// and all viewers together, are covered too.

export type SuppressionReason = "fewerThanK" | "differencing";

export interface CellInput {
  id: string;
  /** Ids of the cells whose subtree strictly contains this one, nearest first (parent, grandparent, …). */
  ancestorIds: readonly string[];
  respondents: ReadonlySet<string>;
  /** Withheld whatever the rules say (e.g. figures and respondents disagree); counts as suppressed. */
  withheld?: boolean;
}

/**
 * The cells of the same question already released inside the window (earlier pulses of every
 * schedule, all units), as person → the numbers of the window cells they are in (any order; any
 * numbering, as long as one cell keeps one number). Fixed: what was shown stays shown.
 */
export type ReleasedWindow = ReadonlyMap<string, readonly number[]>;

/** The window from the person sets of its cells. */
export function windowFromSets(sets: readonly ReadonlySet<string>[]): ReleasedWindow {
  const window = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const person of set) {
      const list = window.get(person);
      if (list) list.push(i);
      else window.set(person, [i]);
    }
  });
  return window;
}

export type ReleaseDecision = { released: true } | { released: false; reason: SuppressionReason };

/** 0 or at least k: a group that isolates nobody. */
export function isSafeDifference(size: number, k: number): boolean {
  return size === 0 || size >= k;
}

export function decideReleases(cells: readonly CellInput[], k: number, window: ReleasedWindow = new Map()): Map<string, ReleaseDecision> {
  if (!Number.isInteger(k) || k < 3) throw new Error(`k must be an integer of at least 3, got ${k}`);
  const decisions = new Map<string, ReleaseDecision>();
  const released = new Set<number>();
  cells.forEach((cell, i) => {
    if (cell.withheld) decisions.set(cell.id, { released: false, reason: "differencing" });
    else if (cell.respondents.size < k) decisions.set(cell.id, { released: false, reason: "fewerThanK" });
    else released.add(i);
  });
  const groups = groupByWindow(window);
  // Each round withholds at least one cell, so this ends; most pulses need a handful of rounds.
  for (;;) {
    const victims = findDifferencingVictims(cells, released, groups, k);
    if (victims.size === 0) break;
    for (const i of victims) released.delete(i);
  }
  cells.forEach((cell, i) => {
    if (released.has(i)) decisions.set(cell.id, { released: true });
    else if (!decisions.has(cell.id)) decisions.set(cell.id, { released: false, reason: "differencing" });
  });
  return decisions;
}

interface WindowGroups {
  /** person → the window atom they are in (people in no window cell are in none). */
  groupOf: Map<string, number>;
  size: number[];
}

/** The atoms of the window alone: people grouped by the exact set of window cells they are in. */
function groupByWindow(window: ReleasedWindow): WindowGroups {
  const ids = new Map<string, number>();
  const groupOf = new Map<string, number>();
  const size: number[] = [];
  for (const [person, list] of window) {
    if (list.length === 0) continue;
    const signature = [...list].sort((a, b) => a - b).join(",");
    let id = ids.get(signature);
    if (id === undefined) {
      id = size.length;
      ids.set(signature, id);
      size.push(0);
    }
    size[id]!++;
    groupOf.set(person, id);
  }
  return { groupOf, size };
}

const NO_GROUP = -1;

interface Atom {
  group: number;
  /** Indices of the new released cells its people are in (none: the part of a window atom left out). */
  cells: number[];
  size: number;
  set?: Set<number>;
}

/**
 * Atoms over the window and the new released cells: a person's atom is their window atom and the
 * new cells they are in. An atom is small when it has 1…k−1 people, unless it is a whole window
 * atom (the new cells did not split it; only data released before these rules can make one small,
 * and no new cell can undo that). For each small atom, the cheapest merge: with another atom of
 * the same window atom (only those can be merged by withholding new cells), or — for people in no
 * window cell — with nobody; its cost is the respondents of the new cells that tell the two apart.
 * The smallest of those cells is given up (then the deeper, then by id: deterministic).
 */
function findDifferencingVictims(cells: readonly CellInput[], released: Set<number>, groups: WindowGroups, k: number): Set<number> {
  const newCellsOf = new Map<string, number[]>();
  for (const i of [...released].sort((a, b) => a - b)) {
    for (const person of cells[i]!.respondents) {
      const list = newCellsOf.get(person);
      if (list) list.push(i);
      else newCellsOf.set(person, [i]);
    }
  }
  const atoms = new Map<string, Atom>();
  const touched = new Map<number, number>();
  for (const [person, list] of newCellsOf) {
    const group = groups.groupOf.get(person) ?? NO_GROUP;
    const signature = `${group}|${list.join(",")}`;
    const atom = atoms.get(signature);
    if (atom) atom.size++;
    else atoms.set(signature, { group, cells: list, size: 1 });
    if (group !== NO_GROUP) touched.set(group, (touched.get(group) ?? 0) + 1);
  }
  // The people of a touched window atom who are in no new cell form an atom too.
  for (const [group, count] of touched) {
    const rest = groups.size[group]! - count;
    if (rest > 0) atoms.set(`${group}|`, { group, cells: [], size: rest });
  }
  const byGroup = new Map<number, Atom[]>();
  for (const atom of atoms.values()) {
    const list = byGroup.get(atom.group);
    if (list) list.push(atom);
    else byGroup.set(atom.group, [atom]);
  }
  const victims = new Set<number>();
  for (const atom of atoms.values()) {
    if (isSafeDifference(atom.size, k)) continue;
    if (atom.group !== NO_GROUP && atom.size === groups.size[atom.group]) continue;
    // Withholding every new cell of the atom merges it into the rest of its window atom (or, for
    // people in no window cell, into nobody): always possible, the fallback.
    let cheapest = atom.cells.length > 0 ? costOf(atom.cells, cells) : Infinity;
    let candidates = new Set(atom.cells);
    for (const other of byGroup.get(atom.group)!) {
      if (other === atom) continue;
      const differing = symmetricDifference(atom, other);
      const cost = costOf(differing, cells);
      if (cost < cheapest) {
        cheapest = cost;
        candidates = new Set(differing);
      } else if (cost === cheapest) {
        for (const i of differing) candidates.add(i);
      }
    }
    if (candidates.size > 0) victims.add([...candidates].reduce((a, b) => smaller(cells, a, b)));
  }
  return victims;
}

function symmetricDifference(a: Atom, b: Atom): number[] {
  const inA = (a.set ??= new Set(a.cells));
  const inB = (b.set ??= new Set(b.cells));
  return [...a.cells.filter((i) => !inB.has(i)), ...b.cells.filter((i) => !inA.has(i))];
}

/** What hiding these cells costs readers: the respondents behind them. */
function costOf(indices: readonly number[], cells: readonly CellInput[]): number {
  let cost = 0;
  for (const i of indices) cost += cells[i]!.respondents.size;
  return cost;
}

/** The cell to give up: fewer respondents, then the deeper one, then by id (deterministic). */
function smaller(cells: readonly CellInput[], i: number, j: number): number {
  const a = cells[i]!;
  const b = cells[j]!;
  if (a.respondents.size !== b.respondents.size) return a.respondents.size < b.respondents.size ? i : j;
  if (a.ancestorIds.length !== b.ancestorIds.length) return a.ancestorIds.length > b.ancestorIds.length ? i : j;
  return a.id < b.id ? i : j;
}

// Distribution bars (issue 16). A released cell may still hold a bar of one or two people: in a
// unit of eight, "1 answered Mycket dåligt" invites guessing who. In cells with fewer than
// DISTRIBUTION_SMALL_GROUP respondents, neighbouring answer options are merged until every bar
// holds 0 or at least DISTRIBUTION_MIN_BAR people. Bars never straddle the good/not-good line, so
// together with the released share they cannot be subtracted back into a small bar (a side that
// is itself small is shown as one bar; its size already follows from the released share).

export const DISTRIBUTION_SMALL_GROUP = 20;
export const DISTRIBUTION_MIN_BAR = 3;

export interface DistributionBand {
  /** The scale values the bar holds, in scale order (one value: not merged). */
  values: number[];
  count: number;
}

/** Bars for a released cell's counts (in scale order); unchanged for cells of DISTRIBUTION_SMALL_GROUP or more. */
export function distributionBands(counts: readonly { value: number; count: number }[], goodValues: readonly number[], respondents: number): DistributionBand[] {
  const single = counts.map((c) => ({ values: [c.value], count: c.count }));
  if (respondents >= DISTRIBUTION_SMALL_GROUP) return single;
  const good = new Set(goodValues);
  // Runs of the scale on one side of the good/not-good line, each merged on its own.
  const sides: DistributionBand[][] = [];
  for (const band of single) {
    const last = sides.at(-1);
    if (last && good.has(last[0]!.values[0]!) === good.has(band.values[0]!)) last.push(band);
    else sides.push([band]);
  }
  return sides.flatMap(mergeSmallBars);
}

function mergeSmallBars(side: DistributionBand[]): DistributionBand[] {
  const ok = (n: number) => n === 0 || n >= DISTRIBUTION_MIN_BAR;
  const out: DistributionBand[] = [];
  let open: DistributionBand | null = null;
  for (const band of side) {
    open = open ? { values: [...open.values, ...band.values], count: open.count + band.count } : { ...band, values: [...band.values] };
    if (ok(open.count)) {
      out.push(open);
      open = null;
    }
  }
  // A small rest at the end goes into the bars before it until it is no longer small.
  while (open && !ok(open.count)) {
    const previous = out.pop();
    if (!previous) break;
    open = { values: [...previous.values, ...open.values], count: previous.count + open.count };
  }
  if (open) out.push(open);
  return out;
}
