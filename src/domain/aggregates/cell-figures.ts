// Stored cells back into figures. Internal to src/domain/aggregates (lint): anything that turns
// numbers into Released must sit behind the release rules.
import { z } from "zod/v4";
import { scaleOf } from "../pulse/question-bank.js";
import { release, suppressed, type Figure } from "./released.js";

const CountsSchema = z.record(z.string().regex(/^\d$/), z.number().int().min(0));
// Cells built before issue 14 may say "changedRespondents": shown as "differencing", whose text says nothing about who changed.
const ReasonSchema = z.enum(["fewerThanK", "differencing"]).catch("differencing");

export interface QuestionFigures {
  respondents: number;
  /** In the order of the scale; percentages of respondents. */
  distribution: { value: number; count: number; pct: number }[];
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
  return release({
    respondents,
    distribution: scale.values.map((value) => {
      const count = counts[value] ?? 0;
      return { value, count, pct: (100 * count) / respondents };
    }),
    sharePct: scale.goodValues.length > 0 && cell.goodCount !== null ? (100 * cell.goodCount) / respondents : null,
  });
}

export function shareOfCell(cell: CellRow, k: number): Figure<number> {
  const figure = figureOfCell(cell, k);
  if (!figure.released) return figure;
  return figure.value.sharePct === null ? suppressed("differencing") : release(figure.value.sharePct);
}
