// What the tab's unit page (issue 17) shows of a unit's figures: every question's series over the
// release window and the friskfaktor profiles of the unit's latest two closed rounds. Every figure
// is a stored cell that passed the release rules, returned as Released or a reason (Figure): the
// page shows nothing a card could not have shown.
import type { DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID, QUESTION_BANK } from "../pulse/question-bank.js";
import { RELEASE_WINDOW_DAYS } from "./build-pulse-cells.js";
import { figureOfCell, type QuestionFigures } from "./cell-figures.js";
import { readHfProfile, type UnitProfile } from "./read-hf-profile.js";
import { release, suppressed, type Figure } from "./released.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { z } from "zod/v4";

const DAY_MS = 86_400_000;
const QuestionIdsSchema = z.array(z.string());

export interface SeriesPoint {
  pulseId: string;
  dueAt: Date;
  figure: Figure<QuestionFigures>;
}

export interface QuestionSeries {
  questionId: string;
  /** Oldest first; a withheld pulse keeps its place with its reason. */
  pulses: SeriesPoint[];
  /** Share change (percentage points) between the last two released pulses; null: fewer than two, or a scale without a share. */
  change: Figure<number> | null;
}

export interface UnitSeries {
  latestPulse: { id: string; dueAt: Date; closesAt: Date } | null;
  questions: QuestionSeries[];
}

const QUESTION_ORDER = Object.keys(QUESTION_BANK.questions);
const questionRank = (id: string) => (id === CORE_QUESTION_ID ? -1 : QUESTION_ORDER.indexOf(id) === -1 ? QUESTION_ORDER.length : QUESTION_ORDER.indexOf(id));

/**
 * Every summarised pulse due inside the release window before `now` that asked the unit: those
 * with a cell for it, and those sent from the unit or above it where nobody in it answered a
 * question (no cell: shown as withheld, fewer than k). Per question, oldest first.
 */
export async function readUnitSeries(db: DbTx, o: { unitId: string; now: Date; k: number }): Promise<UnitSeries> {
  const window = { gt: new Date(o.now.getTime() - RELEASE_WINDOW_DAYS * DAY_MS), lte: o.now };
  const ancestry = (await loadUnitTree(db)).ancestry(o.unitId);
  const [cells, pulses] = await Promise.all([
    db.pulseCell.findMany({ where: { unitId: o.unitId, dueAt: window }, orderBy: [{ dueAt: "asc" }, { pulseId: "asc" }] }),
    db.pulse.findMany({
      where: { unitId: { in: ancestry.length > 0 ? ancestry : [o.unitId] }, summarizedAt: { not: null }, dueAt: window },
      select: { id: true, dueAt: true, closesAt: true, questionIds: true },
    }),
  ]);
  const points: (SeriesPoint & { questionId: string })[] = cells.map((cell) => ({
    questionId: cell.questionId,
    pulseId: cell.pulseId,
    dueAt: cell.dueAt,
    figure: figureOfCell(cell, o.k),
  }));
  const hasCell = new Set(cells.map((c) => `${c.pulseId}\u0000${c.questionId}`));
  for (const pulse of pulses) {
    for (const questionId of QuestionIdsSchema.parse(JSON.parse(pulse.questionIds))) {
      if (!hasCell.has(`${pulse.id}\u0000${questionId}`)) points.push({ questionId, pulseId: pulse.id, dueAt: pulse.dueAt, figure: suppressed("fewerThanK") });
    }
  }
  points.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.pulseId < b.pulseId ? -1 : a.pulseId > b.pulseId ? 1 : 0));
  const byQuestion = new Map<string, SeriesPoint[]>();
  for (const { questionId, ...point } of points) {
    const list = byQuestion.get(questionId) ?? [];
    byQuestion.set(questionId, list);
    list.push(point);
  }
  const latestId = points.at(-1)?.pulseId;
  const latest =
    pulses.find((p) => p.id === latestId) ??
    (latestId ? await db.pulse.findUnique({ where: { id: latestId }, select: { id: true, dueAt: true, closesAt: true, questionIds: true } }) : null);
  const questions = [...byQuestion]
    .sort(([a], [b]) => questionRank(a) - questionRank(b) || (a < b ? -1 : 1))
    .map(([questionId, series]) => ({ questionId, pulses: series, change: changeOf(series) }));
  return { latestPulse: latest && { id: latest.id, dueAt: latest.dueAt, closesAt: latest.closesAt }, questions };
}

/** Between the last two released shares: both were shown already, so their difference tells nothing new. */
function changeOf(points: readonly SeriesPoint[]): Figure<number> | null {
  const shares = points.flatMap((p) => (p.figure.released && p.figure.value.sharePct !== null ? [p.figure.value.sharePct] : []));
  if (shares.length < 2) return null;
  return release(shares.at(-1)! - shares.at(-2)!);
}

export interface UnitHealthFactors {
  /** The unit's latest closed round with a cell, and its profile. */
  current: UnitProfile;
  /** The closed round before it with a cell (its own released profile), if any. */
  previous: UnitProfile | null;
}

/** The unit's latest closed friskfaktor round and the one before (each as its own card showed it); null before the first. */
export async function readUnitHealthFactors(db: DbTx, o: { unitId: string; k: number }): Promise<UnitHealthFactors | null> {
  const rounds = await db.hfRoundUnit.findMany({
    where: { unitId: o.unitId, round: { status: "closed" } },
    orderBy: { round: { closesAt: "desc" } },
    select: { roundId: true },
  });
  const profiles: UnitProfile[] = [];
  for (const r of rounds) {
    const profile = await readHfProfile(db, { roundId: r.roundId, unitId: o.unitId, k: o.k });
    if (profile) profiles.push(profile);
    if (profiles.length === 2) break;
  }
  return profiles[0] ? { current: profiles[0], previous: profiles[1] ?? null } : null;
}
