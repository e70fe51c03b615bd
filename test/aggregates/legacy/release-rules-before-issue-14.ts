// The release engine as it was before issue 14 (commit 1d5e726), kept verbatim below this header
// so the window property tests can show that it fails them: it compared a cell only with the last
// released cell of its series. Test code only; nothing in src/ imports it.
// Which aggregate cells may be shown (DESIGN.md, "Privacy rules"). A cell is one unit's subtree
// for one question of one pulse (or friskfaktor round); its respondents are the people behind it.
// Every rule asks the same question: could someone who sees the released cells learn about
// fewer than k people? The engine answers for the union of everything any viewer can see, so
// every viewer's subset is covered too.
//
//   1. fewerThanK          — fewer than k respondents.
//   2. changedRespondents  — the respondents differ from those of the last released cell of the
//                            same series (the same unit's previous pulse) by 1…k−1 people: the
//                            difference of the two figures would be about the joiners/leavers.
//   3. differencing        — some sum or difference of released figures (a parent minus its
//                            children, two units sharing members, U1 + U2 − U0) would be about
//                            1…k−1 people. Checked by atoms: see findDifferencingVictims.
// Rules 1–2 decide alone; rule 3 then suppresses cells, the smaller one first, until no
// combination of released figures comes down to fewer than k people.

export type SuppressionReason = "fewerThanK" | "changedRespondents" | "differencing";

export interface CellInput {
  id: string;
  /** Ids of the cells whose subtree strictly contains this one, nearest first (parent, grandparent, …). */
  ancestorIds: readonly string[];
  respondents: ReadonlySet<string>;
  /** Respondents of the last released cell of this series; null when there is none. */
  previousRespondents: ReadonlySet<string> | null;
  /** Withheld whatever the rules say (e.g. figures and respondents disagree); counts as suppressed. */
  withheld?: boolean;
}

export type ReleaseDecision = { released: true } | { released: false; reason: SuppressionReason };

/** 0 or at least k: a difference that isolates nobody. */
export function isSafeDifference(size: number, k: number): boolean {
  return size === 0 || size >= k;
}

export function decideReleases(cells: readonly CellInput[], k: number): Map<string, ReleaseDecision> {
  if (!Number.isInteger(k) || k < 3) throw new Error(`k must be an integer of at least 3, got ${k}`);
  const decisions = new Map<string, ReleaseDecision>();
  const released = new Set<string>();
  for (const cell of cells) {
    if (cell.withheld) decisions.set(cell.id, { released: false, reason: "differencing" });
    else if (cell.respondents.size < k) decisions.set(cell.id, { released: false, reason: "fewerThanK" });
    else if (cell.previousRespondents && !isSafeDifference(symmetricDifferenceSize(cell.respondents, cell.previousRespondents), k)) {
      decisions.set(cell.id, { released: false, reason: "changedRespondents" });
    } else {
      decisions.set(cell.id, { released: true });
      released.add(cell.id);
    }
  }
  const byId = new Map(cells.map((c) => [c.id, c]));
  // Each round suppresses at least one cell, so this ends; most organisations need one or two.
  for (;;) {
    const victims = findDifferencingVictims(cells, byId, released, k);
    if (victims.size === 0) break;
    for (const id of victims) {
      released.delete(id);
      decisions.set(id, { released: false, reason: "differencing" });
    }
  }
  return decisions;
}

/**
 * Rule 3 by atoms: people who sit in exactly the same released cells form an atom. Any sum or
 * difference of released figures is constant on atoms, so it can single out fewer than k people
 * only if some atom has 1…k−1 people. This covers a parent minus its children, two units that
 * share members, and longer inclusion–exclusion chains (U1 + U2 − U0 when someone is in both).
 * A small atom is merged into the atom that is cheapest to merge with (the fewest respondents in
 * the cells that tell the two apart; "nobody" counts, at the cost of all the atom's own cells) by
 * giving up the smallest of those cells. The caller repeats until no small atom is left.
 */
function findDifferencingVictims(cells: readonly CellInput[], byId: Map<string, CellInput>, released: Set<string>, k: number): Set<string> {
  const cellsOfPerson = new Map<string, string[]>();
  for (const cell of cells) {
    if (!released.has(cell.id)) continue;
    for (const person of cell.respondents) {
      const list = cellsOfPerson.get(person);
      if (list) list.push(cell.id);
      else cellsOfPerson.set(person, [cell.id]);
    }
  }
  const atoms = new Map<string, { cellIds: string[]; size: number }>();
  for (const ids of cellsOfPerson.values()) {
    const signature = ids.join("\u0000");
    const atom = atoms.get(signature);
    if (atom) atom.size++;
    else atoms.set(signature, { cellIds: ids, size: 1 });
  }
  const all = [...atoms.values()].map((atom) => ({ ...atom, set: new Set(atom.cellIds) }));
  const victims = new Set<string>();
  for (const atom of all) {
    if (isSafeDifference(atom.size, k)) continue;
    // Merging into nobody (every cell of the atom given up) is always possible: the fallback.
    let cheapest = costOf(atom.cellIds, byId);
    let candidates = new Set(atom.cellIds);
    for (const other of all) {
      if (other === atom) continue;
      const differing = [...atom.cellIds.filter((id) => !other.set.has(id)), ...other.cellIds.filter((id) => !atom.set.has(id))];
      const cost = costOf(differing, byId);
      if (cost < cheapest) {
        cheapest = cost;
        candidates = new Set(differing);
      } else if (cost === cheapest) {
        for (const id of differing) candidates.add(id);
      }
    }
    victims.add([...candidates].map((id) => byId.get(id)!).reduce(smaller).id);
  }
  return victims;
}

/** What hiding these cells costs readers: the respondents behind them. */
function costOf(ids: readonly string[], byId: Map<string, CellInput>): number {
  let cost = 0;
  for (const id of ids) cost += byId.get(id)!.respondents.size;
  return cost;
}

/** The cell to give up: fewer respondents, then the deeper one, then by id (deterministic). */
function smaller(a: CellInput, b: CellInput): CellInput {
  if (a.respondents.size !== b.respondents.size) return a.respondents.size < b.respondents.size ? a : b;
  if (a.ancestorIds.length !== b.ancestorIds.length) return a.ancestorIds.length > b.ancestorIds.length ? a : b;
  return a.id < b.id ? a : b;
}

function symmetricDifferenceSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let size = 0;
  for (const x of a) if (!b.has(x)) size++;
  for (const x of b) if (!a.has(x)) size++;
  return size;
}
