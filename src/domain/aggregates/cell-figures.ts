// Stored cells back into figures. Internal to src/domain/aggregates (lint): anything that turns
// numbers into Released must sit behind the release rules.
import { z } from "zod/v4";
import { scaleOf } from "../pulse/question-bank.js";
import { release, suppressed, type Figure } from "./released.js";
import { distributionBands } from "./release-rules.js";

const CountsSchema = z.record(z.string().regex(/^\d$/), z.number().int().min(0));
// Cells built before issue 14 may say "changedRespondents": shown as "differencing", whose text says nothing about who changed.
const ReasonSchema = z.enum(["fewerThanK", "differencing"]).catch("differencing");

export interface QuestionFigures {
  respondents: number;
  /** The people the pulse went to in the unit's subtree (org data, shown only beside released respondents); null: cell built before issue 16. */
  invited: number | null;
  /**
   * Bars in the order of the scale; percentages of respondents. In small cells neighbouring
   * options are merged (release-rules.ts, distributionBands): a bar may hold several values.
   */
  distribution: { values: number[]; count: number; pct: number }[];
  /** Whether any bar holds more than one answer option. */
  merged: boolean;
  /** Share answering good or better; null for scales without "good" values. */
  sharePct: number | null;
}

export interface CellRow {
  questionId: string;
  released: boolean;
  reason: string | null;
  respondents: number | null;
  counts: string | null;
  goodCount: number | null;
  invited?: number | null;
}

/**
 * A stored cell as a Figure. Checks k again (defence in depth: a cell stored under a smaller k,
 * or edited by hand, still shows nothing).
 */
export function figureOfCell(cell: CellRow, k: number): Figure<QuestionFigures> {
  if (!cell.released || cell.respondents === null || cell.counts === null) return suppressed(ReasonSchema.parse(cell.reason));
  if (cell.respondents < k) return suppressed("fewerThanK");
  const counts = CountsSchema.parse(JSON.parse(cell.counts));
  const scale = scaleOf(cell.questionId);
  const respondents = cell.respondents;
  const bands = distributionBands(
    scale.values.map((value) => ({ value, count: counts[value] ?? 0 })),
    scale.goodValues,
    respondents,
  );
  return release({
    respondents,
    invited: cell.invited ?? null,
    distribution: bands.map((b) => ({ values: b.values, count: b.count, pct: (100 * b.count) / respondents })),
    merged: bands.some((b) => b.values.length > 1),
    sharePct: scale.goodValues.length > 0 && cell.goodCount !== null ? (100 * cell.goodCount) / respondents : null,
  });
}

export function shareOfCell(cell: CellRow, k: number): Figure<number> {
  const figure = figureOfCell(cell, k);
  if (!figure.released) return figure;
  return figure.value.sharePct === null ? suppressed("differencing") : release(figure.value.sharePct);
}

export interface ShareFigures {
  sharePct: number;
  respondents: number;
  invited: number | null;
}

/** The share good or better with the participation behind it (released together, or not at all). */
export function shareFiguresOfCell(cell: CellRow, k: number): Figure<ShareFigures> {
  const figure = figureOfCell(cell, k);
  if (!figure.released) return figure;
  const { sharePct, respondents, invited } = figure.value;
  return sharePct === null ? suppressed("differencing") : release({ sharePct, respondents, invited });
}
