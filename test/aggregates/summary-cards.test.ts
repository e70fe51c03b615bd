// Summary and overview cards are valid Adaptive Cards 1.5 in Swedish and English in every state,
// and a large overview stays under Teams' size limit.
import { describe, expect, it } from "vitest";
import { overviewCardJson, summaryCardJson, OVERVIEW_MAX_ROWS } from "../../src/teams/cards/summary-card.js";
import { release, suppressed } from "../../src/domain/aggregates/released.js";
import type { UnitSummary } from "../../src/domain/aggregates/read-unit-summary.js";
import type { SubtreeOverview } from "../../src/domain/aggregates/read-subtree-overview.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";

const figures = (counts: number[]) => {
  const respondents = counts.reduce((a, b) => a + b, 0);
  return release({
    respondents,
    distribution: counts.map((count, i) => ({ value: i + 1, count, pct: (100 * count) / respondents })),
    sharePct: (100 * (counts[0]! + counts[1]!)) / respondents,
  });
};

const base: UnitSummary = {
  unit: { id: "U1", name: "Förskolan Centrum" },
  pulse: { id: "p", dueAt: new Date("2026-11-23T08:00:00Z"), closesAt: new Date("2026-11-26T08:00:00Z") },
  questions: [{ questionId: "self_rated_health", figure: figures([3, 8, 5, 2, 1]) }],
  trend: [
    { dueAt: new Date("2026-10-26T08:00:00Z"), share: release(52.5) },
    { dueAt: new Date("2026-11-09T08:00:00Z"), share: suppressed("differencing") },
    { dueAt: new Date("2026-11-23T08:00:00Z"), share: release(57.9) },
  ],
  comparison: { unit: { id: "U0", name: "Exempelkommun" }, share: release(64.2) },
  target: { planUnitId: "U0", year: 2026, baselineYear: 2025, targetPp: 2, baselinePct: release(55), currentPct: release(56.4) },
};

const variants: [string, UnitSummary][] = [
  ["released with trend, comparison and target", base],
  ["withheld: fewer than k", { ...base, questions: [{ questionId: "self_rated_health", figure: suppressed("fewerThanK") }], trend: [] }],
  [
    "withheld: differencing, comparison withheld",
    {
      ...base,
      questions: [{ questionId: "self_rated_health", figure: suppressed("differencing") }],
      comparison: { ...base.comparison!, share: suppressed("differencing") },
    },
  ],
  [
    "a rotating yes/no question too",
    {
      ...base,
      questions: [
        ...base.questions,
        {
          questionId: "presenteeism",
          figure: release({
            respondents: 9,
            distribution: [
              { value: 1, count: 4, pct: 44.4 },
              { value: 2, count: 5, pct: 55.6 },
            ],
            sharePct: null,
          }),
        },
      ],
    },
  ],
  ["a target without a baseline", { ...base, target: { ...base.target!, baselinePct: null, currentPct: null } }],
  ["the root unit (no comparison), no target", { ...base, comparison: null, target: null }],
];

describe.each(["sv-SE", "en-US"] as const)("summary card (%s)", (locale) => {
  it.each(variants)("is valid Adaptive Card 1.5: %s", (_name, summary) => {
    const card = summaryCardJson(summary, { locale, k: 5, timeZone: "Europe/Stockholm", intro: true });
    expect(card.version).toBe("1.5");
    // The reference library does not know Teams' chart elements; they carry a fallback.
    expect(validateAdaptiveCard(card).filter((p) => !/Chart\./.test(p))).toEqual([]);
    expect(cardText(card)).not.toMatch(/\{\{|undefined|NaN|null/);
  });

  it("a withheld figure says why in words and shows no number of respondents", () => {
    const text = cardText(summaryCardJson(variants[1]![1], { locale, k: 5, timeZone: "Europe/Stockholm" }));
    expect(text).toMatch(locale === "sv-SE" ? /Färre än 5 personer svarade/ : /Fewer than 5 people answered/);
    expect(text).not.toMatch(/\d+ (svar|responses)\b/);
  });

  it("shows target progress against the baseline", () => {
    const text = cardText(summaryCardJson(base, { locale, k: 5, timeZone: "Europe/Stockholm" }));
    expect(text).toMatch(
      locale === "sv-SE"
        ? /Mål 2026[\s\S]*\+2 procentenheter jämfört med 2025 \(55\s%\), alltså 57\s%[\s\S]*Hittills i år: 56\s% \(\+1,4 procentenheter\)/
        : /Target 2026[\s\S]*\+2 percentage points compared with 2025 \(55%\), that is 57%[\s\S]*So far this year: 56% \(\+1\.4 percentage points\)/,
    );
  });
});

describe("overview card", () => {
  const rows = (n: number): SubtreeOverview["rows"] =>
    Array.from({ length: n }, (_, i) => ({
      unit: { id: `U${i}`, name: `Enhet med ett ganska långt namn nummer ${i}` },
      depth: 1,
      figure: i % 4 === 0 ? suppressed("fewerThanK") : figures([2, 3, 2, 1, 1]),
    }));
  const overview = (n: number): SubtreeOverview => ({
    root: { id: "U1", name: "Barn- och utbildningsförvaltningen" },
    pulse: base.pulse,
    total: figures([40, 80, 50, 20, 10]),
    rows: rows(n),
  });

  it.each(["sv-SE", "en-US"] as const)("is valid Adaptive Card 1.5 (%s)", (locale) => {
    expect(validateAdaptiveCard(overviewCardJson(overview(12), { locale, k: 5, timeZone: "Europe/Stockholm" }))).toEqual([]);
  });

  it("a subtree of 520 units lists the first rows and says how many more, staying well under 80 KB", () => {
    const card = overviewCardJson(overview(520), { locale: "sv-SE", k: 5, timeZone: "Europe/Stockholm" });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(80_000);
    expect(cardText(card)).toContain(`… och ${520 - OVERVIEW_MAX_ROWS} enheter till.`);
  });
});
