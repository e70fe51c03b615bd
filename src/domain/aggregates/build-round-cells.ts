// Builds and stores the cells of a closed friskfaktor round, once: one cell per round unit (its
// subtree within the round), all eight factors together, under the same release rules as pulses.
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { FACTOR_IDS, NOT_CHOSEN } from "../health-factors/catalogue.js";
import { buildUnitChains, type UnitNode } from "./pulse-cells.js";
import { decideReleases, windowFromSets, type CellInput, type ReleaseDecision, type SuppressionReason } from "./release-rules.js";

const UnitIdsSchema = z.array(z.string()).min(1);
const AncestorIdsSchema = z.array(z.string());
/**
 * The friskfaktor release window (ADR 0009): a round's cells are decided against every cell
 * released in a round that closed less than this long before it. Two years hold the previous
 * round that the profile shows beside the current one (read-hf-profile.ts looks no further).
 */
export const HF_RELEASE_WINDOW_DAYS = 730;
const DAY_MS = 86_400_000;

export type FactorCounts = Record<"1" | "2" | "3" | "4" | "5" | "dk", number>;

export async function listUnsummarizedRounds(db: Db): Promise<{ id: string }[]> {
  return db.hfRound.findMany({ where: { status: "closed", summarizedAt: null }, select: { id: true }, orderBy: { closesAt: "asc" } });
}

export async function buildRoundCells(db: Db, roundId: string, k: number, now: Date): Promise<{ cells: number; released: number } | null> {
  const round = await db.hfRound.findUniqueOrThrow({ where: { id: roundId }, include: { units: { select: { unitId: true } } } });
  if (round.summarizedAt || round.status !== "closed") return null;
  // Rounds are built in closing order, so each is decided against everything released before it.
  if ((await db.hfRound.count({ where: { closesAt: { lt: round.closesAt }, summarizedAt: null } })) > 0) return null;
  const inRound = new Set(round.units.map((u) => u.unitId));
  const units = await db.unit.findMany({ select: { id: true, parentId: true } });
  // Chains up to the round's root, keeping only units that are part of the round.
  const chains = new Map([...buildUnitChains(units, round.rootUnitId)].map(([id, chain]) => [id, chain.filter((c) => inRound.has(c))]));
  const [recipients, ratings] = await Promise.all([
    db.hfRecipient.findMany({ where: { roundId, answered: true }, select: { personId: true, unitIds: true } }),
    db.hfRating.findMany({ where: { roundId }, select: { unitId: true, token: true, factorId: true, value: true } }),
  ]);
  const people = new Map<string, Set<string>>();
  for (const r of recipients) {
    for (const unitId of UnitIdsSchema.parse(JSON.parse(r.unitIds))) {
      for (const cell of chains.get(unitId) ?? []) people.set(cell, (people.get(cell) ?? new Set()).add(r.personId));
    }
  }
  // cell → token → factor → value; a person with rows in two units counts once per cell.
  const byCell = new Map<string, Map<string, Map<string, number | null>>>();
  for (const r of ratings) {
    for (const cell of chains.get(r.unitId) ?? []) {
      const tokens = byCell.get(cell) ?? new Map<string, Map<string, number | null>>();
      byCell.set(cell, tokens);
      const factors = tokens.get(r.token) ?? new Map<string, number | null>();
      tokens.set(r.token, factors);
      factors.set(r.factorId, r.value);
    }
  }
  const cellIds = [...inRound].filter((id) => (people.get(id)?.size ?? 0) > 0 || byCell.has(id)).sort();
  const window = await loadReleasedWindow(db, round, units);
  const inputs: CellInput[] = cellIds.map((id) => ({
    id,
    ancestorIds: chains.get(id)?.slice(1) ?? [],
    respondents: people.get(id) ?? new Set(),
    // Everyone sends all eight factors at once; anything else is a partial write: withhold.
    withheld: (byCell.get(id)?.size ?? 0) !== (people.get(id)?.size ?? 0) || [...(byCell.get(id)?.values() ?? [])].some((f) => f.size !== FACTOR_IDS.length),
  }));
  const decisions = decideReleases(inputs, k, windowFromSets(window));
  const factorDecisions = decideFactorReleases(
    cellIds.filter((id) => decisions.get(id)!.released),
    chains,
    byCell,
    k,
  );
  const rows = cellIds.map((unitId) => {
    const d = decisions.get(unitId)!;
    const ancestorIds = JSON.stringify(chains.get(unitId)?.slice(1) ?? []);
    if (!d.released) return { roundId, unitId, released: false, reason: d.reason, respondents: null, stats: null, ancestorIds };
    const stats: Record<string, { counts: FactorCounts } | { reason: SuppressionReason }> = {};
    for (const factorId of FACTOR_IDS) {
      // A withheld factor keeps only its reason, like a withheld cell.
      const factor = factorDecisions.get(factorId)!.get(unitId)!;
      if (!factor.released) {
        stats[factorId] = { reason: factor.reason };
        continue;
      }
      const counts: FactorCounts = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0, dk: 0 };
      for (const factors of byCell.get(unitId)!.values()) {
        const value = factors.get(factorId);
        // Not chosen on the one-tap card by the close: the person did not say, as "Vet inte".
        counts[value === null || value === undefined || value === NOT_CHOSEN ? "dk" : (String(value) as keyof FactorCounts)]++;
      }
      stats[factorId] = { counts };
    }
    return { roundId, unitId, released: true, reason: null, respondents: people.get(unitId)!.size, stats: JSON.stringify(stats), ancestorIds };
  });
  const stored = await db.$transaction(
    async (tx) => {
      const claimed = await tx.hfRound.updateMany({ where: { id: roundId, summarizedAt: null }, data: { summarizedAt: now } });
      if (claimed.count === 0) return false;
      await tx.hfCell.deleteMany({ where: { roundId } });
      for (let i = 0; i < rows.length; i += 500) await tx.hfCell.createMany({ data: rows.slice(i, i + 500) });
      return true;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  return stored ? { cells: rows.length, released: rows.filter((r) => r.released).length } : null;
}

/**
 * A factor's mean and distribution stand for the people who rated it — not those who said "Vet
 * inte" — a subset of the cell's respondents that differs from factor to factor. So each factor
 * goes through the same engine on its own, over the cells released as a whole: a factor hidden in
 * a unit for too few raters must not be readable as its parent minus its siblings. Raters are
 * told apart by their round token (the same in every cell of the round, never the person). Across
 * rounds the cells' respondents were compared, above: a factor's figures are sums over the cell's
 * respondents ("Vet inte" counted), so atoms of whole cells cover every factor.
 */
function decideFactorReleases(
  releasedIds: string[],
  chains: Map<string, string[]>,
  byCell: Map<string, Map<string, Map<string, number | null>>>,
  k: number,
): Map<string, Map<string, ReleaseDecision>> {
  const result = new Map<string, Map<string, ReleaseDecision>>();
  for (const factorId of FACTOR_IDS) {
    const inputs: CellInput[] = releasedIds.map((id) => {
      const raters = new Set<string>();
      for (const [token, factors] of byCell.get(id) ?? []) {
        const value = factors.get(factorId);
        if (value !== null && value !== undefined && value !== NOT_CHOSEN) raters.add(token);
      }
      return { id, ancestorIds: chains.get(id)?.slice(1) ?? [], respondents: raters };
    });
    result.set(factorId, decideReleases(inputs, k));
  }
  return result;
}

/**
 * The people behind every cell released in an earlier round inside the window, from who answered
 * (HfRecipient, never what) and that round's tree (its cells' stored ancestors; cells built
 * before those were stored use today's tree, cut to that round's units).
 */
async function loadReleasedWindow(db: Db, round: { id: string; closesAt: Date }, units: readonly UnitNode[]): Promise<Set<string>[]> {
  const earlier = await db.hfRound.findMany({
    where: {
      id: { not: round.id },
      closesAt: { gt: new Date(round.closesAt.getTime() - HF_RELEASE_WINDOW_DAYS * DAY_MS), lte: round.closesAt },
      summarizedAt: { not: null },
    },
    select: { id: true, rootUnitId: true, units: { select: { unitId: true } } },
  });
  const window: Set<string>[] = [];
  for (const r of earlier) {
    const cells = await db.hfCell.findMany({ where: { roundId: r.id }, select: { unitId: true, released: true, ancestorIds: true } });
    if (!cells.some((c) => c.released)) continue;
    const inRound = new Set(r.units.map((u) => u.unitId));
    // Today's tree for units without a stored chain; the stored chains where there are.
    const chains = new Map([...buildUnitChains(units, r.rootUnitId)].map(([id, chain]) => [id, chain.filter((c) => inRound.has(c))]));
    if (cells.every((c) => c.ancestorIds !== null))
      for (const c of cells) chains.set(c.unitId, [c.unitId, ...AncestorIdsSchema.parse(JSON.parse(c.ancestorIds!))]);
    const people = new Map<string, Set<string>>();
    for (const rec of await db.hfRecipient.findMany({ where: { roundId: r.id, answered: true }, select: { personId: true, unitIds: true } })) {
      for (const unitId of UnitIdsSchema.parse(JSON.parse(rec.unitIds))) {
        for (const cell of chains.get(unitId) ?? []) people.set(cell, (people.get(cell) ?? new Set()).add(rec.personId));
      }
    }
    for (const c of cells) if (c.released) window.push(people.get(c.unitId) ?? new Set());
  }
  return window;
}
