// Builds and stores the cells of a closed friskfaktor round, once: one cell per round unit (its
// subtree within the round), all eight factors together, under the same release rules as pulses.
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { FACTOR_IDS } from "../health-factors/catalogue.js";
import { buildUnitChains } from "./pulse-cells.js";
import { decideReleases, type CellInput, type ReleaseDecision, type SuppressionReason } from "./release-rules.js";

const UnitIdsSchema = z.array(z.string()).min(1);

export type FactorCounts = Record<"1" | "2" | "3" | "4" | "5" | "dk", number>;

export async function listUnsummarizedRounds(db: Db): Promise<{ id: string }[]> {
  return db.hfRound.findMany({ where: { status: "closed", summarizedAt: null }, select: { id: true }, orderBy: { closesAt: "asc" } });
}

export async function buildRoundCells(db: Db, roundId: string, k: number, now: Date): Promise<{ cells: number; released: number } | null> {
  const round = await db.hfRound.findUniqueOrThrow({ where: { id: roundId }, include: { units: { select: { unitId: true } } } });
  if (round.summarizedAt || round.status !== "closed") return null;
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
  const previous = await loadPreviousRespondents(db, round, cellIds, chains);
  const inputs: CellInput[] = cellIds.map((id) => ({
    id,
    ancestorIds: chains.get(id)?.slice(1) ?? [],
    respondents: people.get(id) ?? new Set(),
    previousRespondents: previous.get(id) ?? null,
    // Everyone sends all eight factors at once; anything else is a partial write: withhold.
    withheld: (byCell.get(id)?.size ?? 0) !== (people.get(id)?.size ?? 0) || [...(byCell.get(id)?.values() ?? [])].some((f) => f.size !== FACTOR_IDS.length),
  }));
  const decisions = decideReleases(inputs, k);
  const factorDecisions = decideFactorReleases(cellIds.filter((id) => decisions.get(id)!.released), chains, byCell, k);
  const rows = cellIds.map((unitId) => {
    const d = decisions.get(unitId)!;
    if (!d.released) return { roundId, unitId, released: false, reason: d.reason, respondents: null, stats: null };
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
        counts[value === null || value === undefined ? "dk" : (String(value) as keyof FactorCounts)]++;
      }
      stats[factorId] = { counts };
    }
    return { roundId, unitId, released: true, reason: null, respondents: people.get(unitId)!.size, stats: JSON.stringify(stats) };
  });
  const stored = await db.$transaction(async (tx) => {
    const claimed = await tx.hfRound.updateMany({ where: { id: roundId, summarizedAt: null }, data: { summarizedAt: now } });
    if (claimed.count === 0) return false;
    await tx.hfCell.deleteMany({ where: { roundId } });
    for (let i = 0; i < rows.length; i += 500) await tx.hfCell.createMany({ data: rows.slice(i, i + 500) });
    return true;
  }, { timeout: 60_000, maxWait: 20_000 });
  return stored ? { cells: rows.length, released: rows.filter((r) => r.released).length } : null;
}

/**
 * A factor's mean and distribution stand for the people who rated it — not those who said "Vet
 * inte" — a subset of the cell's respondents that differs from factor to factor. So each factor
 * goes through the same engine on its own, over the cells released as a whole: a factor hidden in
 * a unit for too few raters must not be readable as its parent minus its siblings. Raters are
 * told apart by their round token (the same in every cell of the round, never the person). The
 * previous round's raters cannot be compared (tokens differ per round): the cell's respondents
 * were, above.
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
        if (value !== null && value !== undefined) raters.add(token);
      }
      return { id, ancestorIds: chains.get(id)?.slice(1) ?? [], respondents: raters, previousRespondents: null };
    });
    result.set(factorId, decideReleases(inputs, k));
  }
  return result;
}

/** For each unit: the respondents of its last released cell in an earlier round. */
async function loadPreviousRespondents(
  db: Db,
  round: { id: string; closesAt: Date },
  cellIds: string[],
  chains: Map<string, string[]>,
): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  const earlier = await db.hfCell.findMany({
    where: { unitId: { in: cellIds }, released: true, roundId: { not: round.id } },
    select: { unitId: true, roundId: true },
  });
  if (earlier.length === 0) return result;
  const rounds = await db.hfRound.findMany({
    where: { id: { in: [...new Set(earlier.map((c) => c.roundId))] }, closesAt: { lt: round.closesAt } },
    select: { id: true, closesAt: true },
  });
  const closesAt = new Map(rounds.map((r) => [r.id, r.closesAt.getTime()]));
  const latest = new Map<string, string>();
  for (const c of earlier) {
    if (!closesAt.has(c.roundId)) continue;
    const current = latest.get(c.unitId);
    if (!current || closesAt.get(c.roundId)! > closesAt.get(current)!) latest.set(c.unitId, c.roundId);
  }
  for (const roundId of new Set(latest.values())) {
    const recipients = await db.hfRecipient.findMany({ where: { roundId, answered: true }, select: { personId: true, unitIds: true } });
    for (const [unitId, r] of latest) {
      if (r !== roundId) continue;
      const set = new Set<string>();
      for (const rec of recipients) {
        const units = UnitIdsSchema.parse(JSON.parse(rec.unitIds));
        if (units.some((u) => (chains.get(u) ?? [u]).includes(unitId))) set.add(rec.personId);
      }
      result.set(unitId, set);
    }
  }
  return result;
}
