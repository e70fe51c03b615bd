// The unit results card and "Så mår vi" at 360 px (Teams mobile), in Swedish and English: the
// distribution bars, their labels and counts fit (nothing past the edge, nothing cut off), the
// bars are drawn with widths in proportion to the shares, and the trend's text fallback (what
// mobile draws instead of Chart.Line) says every pulse, the gap's reason and the target.
import { describe, expect } from "vitest";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { memberResultCardJson, summaryCardJson } from "../../src/teams/cards/summary-card.js";
import { release, suppressed } from "../../src/domain/aggregates/released.js";
import { figureOfCell, shareFiguresOfCell } from "../../src/domain/aggregates/cell-figures.js";
import type { UnitSummary } from "../../src/domain/aggregates/read-unit-summary.js";

const cell = (counts: number[], invited: number, questionId = "self_rated_health") => ({
  questionId,
  released: true,
  reason: null,
  respondents: counts.reduce((a, b) => a + b, 0),
  counts: JSON.stringify(Object.fromEntries(counts.map((c, i) => [String(i + 1), c]))),
  goodCount: questionId === "self_rated_health" ? counts[0]! + counts[1]! : null,
  invited,
});

const summary = (counts: number[], invited: number): UnitSummary => ({
  unit: { id: "U1", name: "Individ- och familjeomsorg Centrum, mottagningsgruppen" },
  pulse: { id: "p", dueAt: new Date("2026-11-23T08:00:00Z"), closesAt: new Date("2026-11-26T08:00:00Z") },
  questions: [
    { questionId: "self_rated_health", figure: figureOfCell(cell(counts, invited), 5) },
    { questionId: "presenteeism", figure: figureOfCell(cell([3, counts.reduce((a, b) => a + b, 0) - 3], invited, "presenteeism"), 5) },
  ],
  trend: [
    { dueAt: new Date("2026-10-26T08:00:00Z"), share: shareFiguresOfCell(cell([2, 9, 7, 3, 1], 25), 5) },
    { dueAt: new Date("2026-11-09T08:00:00Z"), share: suppressed("fewerThanK") },
    { dueAt: new Date("2026-11-23T08:00:00Z"), share: shareFiguresOfCell(cell(counts, invited), 5) },
  ],
  comparison: { unit: { id: "U0", name: "Exempelkommun" }, share: release(64.2) },
  target: { planUnitId: "U0", year: 2026, baselineYear: 2025, targetPp: 2, baselinePct: release(55), currentPct: release(56.4) },
});

describe.each(["sv-SE", "en-US"] as const)("results cards at 360 px (%s)", (locale) => {
  const o = { locale, k: 5, timeZone: "Europe/Stockholm" };

  itAtWidth("the summary's bars, labels and counts fit, and the chart falls back to the same information as text", async () => {
    const drawn = await renderCardAt(summaryCardJson(summary([4, 9, 5, 3, 1], 25), o));
    expect(drawn.problems).toEqual([]);
    expect(drawn.text).toMatch(locale === "sv-SE" ? /Mycket dåligt\s*1 \(5\s%\)/ : /Very bad\s*1 \(5%\)/);
    expect(drawn.text).toContain(locale === "sv-SE" ? "9 november 2026: för få svar" : "November 9, 2026: too few answers");
    expect(drawn.text).toContain(locale === "sv-SE" ? "Mål 2026: 57\u00a0%" : "Target 2026: 57%");
  });

  itAtWidth("a small unit's merged bars fit too", async () => {
    const drawn = await renderCardAt(summaryCardJson(summary([1, 4, 0, 2, 1], 11), o));
    expect(drawn.problems).toEqual([]);
    expect(drawn.text).toMatch(locale === "sv-SE" ? /Dåligt – Mycket dåligt\s*3 \(38\s%\)/ : /Bad – Very bad\s*3 \(38%\)/);
  });

  itAtWidth("the 'Så mår vi' card fits", async () => {
    const drawn = await renderCardAt(memberResultCardJson(summary([4, 9, 5, 3, 1], 25), o));
    expect(drawn.problems).toEqual([]);
    expect(drawn.text).toContain(locale === "sv-SE" ? "22 av 25 svarade" : "22 of 25 answered");
  });
});
