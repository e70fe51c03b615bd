// A unit's friskfaktor profile after a round: per factor the mean and distribution of the 1–5
// ratings, "Vet inte" apart, the weakest and strongest factors, and the change since the unit's
// previous released round. A factor rated (not "Vet inte") by fewer than k people shows no figure.
import { z } from "zod/v4";
import type { DbTx } from "../../db/client.js";
import { FACTOR_IDS, type FactorId } from "../health-factors/catalogue.js";
import { release, suppressed, type Figure } from "./released.js";
import { HF_RELEASE_WINDOW_DAYS } from "./build-round-cells.js";
import { DISTRIBUTION_SMALL_GROUP } from "./release-rules.js";

export { DISTRIBUTION_SMALL_GROUP };

const CountsSchema = z.object({ "1": z.number(), "2": z.number(), "3": z.number(), "4": z.number(), "5": z.number(), dk: z.number() });
// Cells built before issue 14 may say "changedRespondents": shown as "differencing", whose text says nothing about who changed.
const ReasonSchema = z.enum(["fewerThanK", "differencing"]).catch("differencing");
/** Per factor: its counts, or — withheld by the release rules over its raters — only the reason. */
const StatsSchema = z.record(z.string(), z.union([z.object({ counts: CountsSchema }), z.object({ reason: ReasonSchema })]));

export type FactorFigure =
  | {
      factorId: FactorId;
      shown: true;
      rated: number;
      dontKnow: number;
      mean: number;
      /** Counts of 1–5; null below DISTRIBUTION_SMALL_GROUP raters (beside the mean, small bars could be worked out). */
      distribution: { value: number; count: number }[] | null;
      change: number | null;
    }
  | { factorId: FactorId; shown: false; reason: "fewerThanK" | "differencing" };

export interface HfProfile {
  respondents: number;
  factors: FactorFigure[];
  /** Lowest and highest mean among the factors shown (null when none is). */
  weakest: FactorId | null;
  strongest: FactorId | null;
}

export interface UnitProfile {
  unit: { id: string; name: string };
  round: { id: string; closesAt: Date };
  profile: Figure<HfProfile>;
}

interface CellRow {
  released: boolean;
  reason: string | null;
  respondents: number | null;
  stats: string | null;
}

function meansOf(cell: CellRow, k: number): Map<FactorId, { rated: number; dontKnow: number; mean: number; counts: z.infer<typeof CountsSchema> }> {
  const result = new Map<FactorId, { rated: number; dontKnow: number; mean: number; counts: z.infer<typeof CountsSchema> }>();
  if (!cell.released || cell.stats === null || (cell.respondents ?? 0) < k) return result;
  const stats = StatsSchema.parse(JSON.parse(cell.stats));
  for (const factorId of FACTOR_IDS) {
    const factor = stats[factorId];
    const counts = factor && "counts" in factor ? factor.counts : undefined;
    if (!counts) continue;
    const rated = counts["1"] + counts["2"] + counts["3"] + counts["4"] + counts["5"];
    if (rated < k) continue;
    const mean = (counts["1"] + 2 * counts["2"] + 3 * counts["3"] + 4 * counts["4"] + 5 * counts["5"]) / rated;
    result.set(factorId, { rated, dontKnow: counts.dk, mean, counts });
  }
  return result;
}

export async function readHfProfile(db: DbTx, o: { roundId: string; unitId: string; k: number }): Promise<UnitProfile | null> {
  const [unit, round, cell] = await Promise.all([
    db.unit.findUnique({ where: { id: o.unitId }, select: { id: true, name: true } }),
    db.hfRound.findUnique({ where: { id: o.roundId }, select: { id: true, closesAt: true } }),
    db.hfCell.findUnique({ where: { roundId_unitId: { roundId: o.roundId, unitId: o.unitId } } }),
  ]);
  if (!unit || !round || !cell) return null;
  if (!cell.released || cell.respondents === null || cell.respondents < o.k) {
    return { unit, round, profile: suppressed(cell.respondents !== null && cell.respondents < o.k ? "fewerThanK" : ReasonSchema.parse(cell.reason)) };
  }
  const now = meansOf(cell, o.k);
  const withheld = StatsSchema.parse(JSON.parse(cell.stats ?? "{}"));
  const before = meansOf((await readPreviousCell(db, o.unitId, round.closesAt)) ?? { released: false, reason: null, respondents: null, stats: null }, o.k);
  const factors: FactorFigure[] = FACTOR_IDS.map((factorId) => {
    const f = now.get(factorId);
    if (!f) {
      const stored = withheld[factorId];
      return { factorId, shown: false, reason: stored && "reason" in stored && stored.reason !== "fewerThanK" ? "differencing" : "fewerThanK" };
    }
    const previous = before.get(factorId);
    return {
      factorId,
      shown: true,
      rated: f.rated,
      dontKnow: f.dontKnow,
      mean: f.mean,
      // Issue 16: no count of one or two in a small unit's distribution. Merging bars (as pulse cards do)
      // does not hold here: the mean, shown to one decimal, pins how a merged bar splits. So small groups
      // get the mean alone, decided by the number of raters only (a rule that looks at the answers to
      // decide what to hide would itself tell something about them).
      distribution: f.rated >= DISTRIBUTION_SMALL_GROUP ? ([1, 2, 3, 4, 5] as const).map((value) => ({ value, count: f.counts[String(value) as "1"] })) : null,
      change: previous ? f.mean - previous.mean : null,
    };
  });
  const shown = factors.filter((f): f is Extract<FactorFigure, { shown: true }> => f.shown);
  const sorted = [...shown].sort((a, b) => a.mean - b.mean);
  return {
    unit,
    round,
    profile: release({ respondents: cell.respondents, factors, weakest: sorted[0]?.factorId ?? null, strongest: sorted.at(-1)?.factorId ?? null }),
  };
}

/**
 * The unit's last released round before, inside the release window only: the rules compared the
 * current round with the rounds of that window, so a change is shown only against one of them.
 */
async function readPreviousCell(db: DbTx, unitId: string, before: Date): Promise<CellRow | null> {
  const cells = await db.hfCell.findMany({
    where: { unitId, released: true },
    select: { roundId: true, released: true, reason: true, respondents: true, stats: true },
  });
  if (cells.length === 0) return null;
  const rounds = await db.hfRound.findMany({
    where: { id: { in: cells.map((c) => c.roundId) }, closesAt: { lt: before, gt: new Date(before.getTime() - HF_RELEASE_WINDOW_DAYS * 86_400_000) } },
    select: { id: true, closesAt: true },
    orderBy: { closesAt: "desc" },
    take: 1,
  });
  return rounds[0] ? cells.find((c) => c.roundId === rounds[0]!.id)! : null;
}

/** The weakest factor of a unit's latest released round, for the falling-pulse nudge (issue 7). */
export async function readWeakestFactor(db: DbTx, unitId: string, k: number): Promise<FactorId | null> {
  const latest = await db.hfCell.findMany({ where: { unitId, released: true }, select: { roundId: true } });
  if (latest.length === 0) return null;
  const round = await db.hfRound.findFirst({ where: { id: { in: latest.map((c) => c.roundId) } }, orderBy: { closesAt: "desc" }, select: { id: true } });
  if (!round) return null;
  const profile = await readHfProfile(db, { roundId: round.id, unitId, k });
  return profile?.profile.released ? profile.profile.value.weakest : null;
}

/** Respondents per unit of closed rounds, as the cells allow (for the HR overview). */
export async function readRoundResponses(db: DbTx, roundIds: string[], k: number): Promise<Map<string, Map<string, Figure<number>>>> {
  const cells = await db.hfCell.findMany({
    where: { roundId: { in: roundIds } },
    select: { roundId: true, unitId: true, released: true, reason: true, respondents: true },
  });
  const result = new Map<string, Map<string, Figure<number>>>();
  for (const c of cells) {
    const byUnit = result.get(c.roundId) ?? new Map<string, Figure<number>>();
    result.set(c.roundId, byUnit);
    const figure =
      c.released && c.respondents !== null && c.respondents >= k
        ? release(c.respondents)
        : suppressed(c.released ? "fewerThanK" : ReasonSchema.parse(c.reason));
    byUnit.set(c.unitId, figure);
  }
  return result;
}
