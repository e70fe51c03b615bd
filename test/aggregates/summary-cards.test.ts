// Summary, "Så mår vi" and overview cards are valid Adaptive Cards 1.5 in Swedish and English in
// every state, read at a glance (participation beside every figure, change, bars, a trend over
// time with gaps that say why, the target line and sentence), every chart has a text fallback
// with the same information, and a large overview stays under Teams' size limit.
import { describe, expect, it } from "vitest";
import { memberResultCardJson, overviewCardJson, summaryCardJson, OVERVIEW_MAX_ROWS } from "../../src/teams/cards/summary-card.js";
import { release, suppressed } from "../../src/domain/aggregates/released.js";
import { figureOfCell, shareFiguresOfCell } from "../../src/domain/aggregates/cell-figures.js";
import type { UnitSummary } from "../../src/domain/aggregates/read-unit-summary.js";
import type { SubtreeOverview } from "../../src/domain/aggregates/read-subtree-overview.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";

/** A released cell through the domain (release rules included), as the card gets it. */
const cell = (counts: number[], invited: number | null, questionId = "self_rated_health") => ({
  questionId,
  released: true,
  reason: null,
  respondents: counts.reduce((a, b) => a + b, 0),
  counts: JSON.stringify(Object.fromEntries(counts.map((c, i) => [String(i + 1), c]))),
  goodCount: questionId === "self_rated_health" ? counts[0]! + counts[1]! : null,
  invited,
});
const figures = (counts: number[], invited: number | null = null, questionId?: string) => figureOfCell(cell(counts, invited, questionId), 5);
const share = (counts: number[], invited: number) => shareFiguresOfCell(cell(counts, invited), 5);

const base: UnitSummary = {
  unit: { id: "U1", name: "Förskolan Centrum" },
  pulse: { id: "p", dueAt: new Date("2026-11-23T08:00:00Z"), closesAt: new Date("2026-11-26T08:00:00Z") },
  // 22 of 25: large enough for exact bars.
  questions: [{ questionId: "self_rated_health", figure: figures([4, 9, 5, 3, 1], 25) }],
  trend: [
    { dueAt: new Date("2026-10-26T08:00:00Z"), share: share([2, 9, 7, 3, 1], 25) }, // 50 %
    { dueAt: new Date("2026-11-09T08:00:00Z"), share: suppressed("fewerThanK") },
    { dueAt: new Date("2026-11-23T08:00:00Z"), share: share([4, 9, 5, 3, 1], 25) }, // 59 %
  ],
  comparison: { unit: { id: "U0", name: "Exempelkommun" }, share: release(64.2) },
  target: { planUnitId: "U0", year: 2026, baselineYear: 2025, targetPp: 2, baselinePct: release(55), currentPct: release(56.4) },
};

const small: UnitSummary = {
  ...base,
  // 8 of 11: one "Mycket bra", one "Dåligt", one "Mycket dåligt".
  questions: [{ questionId: "self_rated_health", figure: figures([1, 4, 0, 2, 1], 11) }],
};

const variants: [string, UnitSummary][] = [
  ["released with trend, comparison and target", base],
  ["a small unit (merged bars)", small],
  ["withheld: fewer than k", { ...base, questions: [{ questionId: "self_rated_health", figure: suppressed("fewerThanK") }], trend: [] }],
  [
    "withheld: differencing, comparison withheld, a sub-question under it",
    {
      ...base,
      questions: [
        { questionId: "self_rated_health", figure: suppressed("differencing") },
        { questionId: "presenteeism", figure: suppressed("differencing") },
      ],
      comparison: { ...base.comparison!, share: suppressed("differencing") },
    },
  ],
  ["a rotating yes/no question too", { ...base, questions: [...base.questions, { questionId: "presenteeism", figure: figures([4, 5], 25, "presenteeism") }] }],
  ["a target without a baseline", { ...base, target: { ...base.target!, baselinePct: null, currentPct: null } }],
  ["the root unit (no comparison), no target", { ...base, comparison: null, target: null }],
  ["cells built before issue 16 (no invited count)", { ...base, questions: [{ questionId: "self_rated_health", figure: figures([4, 9, 5, 3, 1]) }] }],
];

const opts = (locale: "sv-SE" | "en-US") => ({ locale, k: 5, timeZone: "Europe/Stockholm" });

function findAll(node: unknown, pred: (n: Record<string, any>) => boolean, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, pred, out));
  else if (node && typeof node === "object") {
    if (pred(node as Record<string, any>)) out.push(node as Record<string, any>);
    Object.values(node).forEach((n) => findAll(n, pred, out));
  }
  return out;
}

/** The text a client without charts shows: every Chart.* replaced by its fallback. */
function withoutCharts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutCharts);
  if (!node || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  if (typeof n.type === "string" && n.type.startsWith("Chart.")) return withoutCharts(n.fallback ?? null);
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, withoutCharts(v)]));
}

const sv = (locale: string, a: RegExp | string, b: RegExp | string) => (locale === "sv-SE" ? a : b);

describe.each(["sv-SE", "en-US"] as const)("summary card (%s)", (locale) => {
  it.each(variants)("is valid Adaptive Card 1.5: %s", (_name, summary) => {
    const card = summaryCardJson(summary, { ...opts(locale), intro: true });
    expect(card.version).toBe("1.5");
    // The reference library does not know Teams' chart elements; they carry a fallback.
    expect(validateAdaptiveCard(card).filter((p) => !/Chart\./.test(p))).toEqual([]);
    expect(validateAdaptiveCard(withoutCharts(card) as Record<string, unknown>)).toEqual([]);
    expect(cardText(card)).not.toMatch(/\{\{|undefined|NaN|null|\$\{/);
  });

  it("a withheld figure says why in one sentence and shows no number of respondents", () => {
    const text = cardText(summaryCardJson(variants[2]![1], opts(locale)));
    expect(text).toContain(
      sv(locale, "För få svarade (färre än 5), så resultatet visas inte.", "Too few answered (fewer than 5), so the result is not shown."),
    );
    expect(text).not.toMatch(/\b\d+ (svar|responses|svarade)\b|\d+ (av|of) \d+/);
  });

  it("the headline shows the share, the change since the last released pulse, and participation beside it", () => {
    const text = cardText(summaryCardJson(base, opts(locale)));
    expect(text).toMatch(sv(locale, /^59\s% svarade Bra eller Mycket bra$/m, /^59% answered Good or Very good$/m));
    // 9 Nov was withheld: the change is against 26 Oct (50 % → 59 %).
    expect(text).toMatch(sv(locale, /^▲ 9 procentenheter sedan 26 okt. 2026$/m, /^▲ 9 percentage points since 26 Oct 2026$/m));
    expect(text).toMatch(sv(locale, /^22 av 25 svarade$/m, /^22 of 25 answered$/m));
    const down = { ...base, trend: [base.trend[2]!, { ...base.trend[0]!, dueAt: base.pulse.dueAt }] };
    expect(cardText(summaryCardJson(down, opts(locale)))).toMatch(
      sv(locale, /^▼ 9 procentenheter sedan 23 nov. 2026$/m, /^▼ 9 percentage points since 23 Nov 2026$/m),
    );
    // The first pulse has nothing to compare with: no arrow.
    expect(cardText(summaryCardJson({ ...base, trend: [base.trend[2]!] }, opts(locale)))).not.toMatch(/▲|▼/);
    // Old cells without the invited count still say how many answered.
    expect(cardText(summaryCardJson(variants[7]![1], opts(locale)))).toMatch(sv(locale, /^22 svarade$/m, /^22 answered$/m));
  });

  it("shows the distribution as bars: a label, the count and share, and a bar whose width is the share", () => {
    const card = summaryCardJson(base, opts(locale));
    const bars = findAll(card, (n) => n.type === "ColumnSet" && n.minHeight === "8px");
    expect(bars).toHaveLength(5);
    // 9 of 22 answered Bra: a bar 41 wide, 59 empty.
    expect(bars[1]!.columns.map((c: { width: number; style: string }) => [c.width, c.style])).toEqual([
      [41, "accent"],
      [59, "emphasis"],
    ]);
    // One person of 22 answered Mycket dåligt: a large group, shown as it is.
    expect(bars[4]!.columns.map((c: { width: number }) => c.width)).toEqual([5, 95]);
    const text = cardText(card);
    expect(text).toMatch(sv(locale, /^Bra\n9 \(41\s%\)$/m, /^Good\n9 \(41%\)$/m));
    expect(text).not.toMatch(sv(locale, /slås ihop|visas ihop/, /together with the next/));
  });

  it("in a small unit no bar holds one or two people: neighbours are merged, and the card says so in one line", () => {
    const card = summaryCardJson(small, opts(locale));
    const text = cardText(card);
    expect(text).toMatch(
      sv(locale, /^Mycket bra – Bra\n5 \(63\s%\)$/m, /^Very good – Good\n5 \(63%\)$/m), // 1 + 4 (good side)
    );
    // Nobody answered Någorlunda (0 isolates nobody); 2 + 1 merge.
    expect(text).toMatch(sv(locale, /^Någorlunda\n0 \(0\s%\)\nDåligt – Mycket dåligt\n3 \(38\s%\)$/m, /^Fair\n0 \(0%\)\nBad – Very bad\n3 \(38%\)$/m));
    expect(text).not.toMatch(/^[12] \(/m);
    expect(text).toContain(
      sv(
        locale,
        "Liten grupp: svarsalternativ med färre än 3 svar visas ihop med grannen.",
        "Small group: answer options with fewer than 3 answers are shown together with the next one.",
      ),
    );
    expect(findAll(card, (n) => n.type === "ColumnSet" && n.minHeight === "8px")).toHaveLength(3);
  });

  it("the trend is a line over time in per cent, with the withheld pulse as a named gap and the target as a line", () => {
    const card = summaryCardJson(base, opts(locale));
    const [line] = findAll(card, (n) => n.type === "Chart.Line");
    expect(line).toMatchObject({ yMin: 0, yMax: 100, yAxisTitle: sv(locale, "Andel Bra eller Mycket bra (%)", "Share Good or Very good (%)") });
    expect(line!.xAxisTitle).toBe(sv(locale, "Veckor från 26 okt. 2026", "Weeks from 26 Oct 2026"));
    // Two segments around the gap (x in weeks: 0 and 4, not 0 and 1), then the target line at 57 %.
    expect(line!.data.map((d: { values: unknown[] }) => d.values)).toEqual([
      [{ x: 0, y: 50 }],
      [{ x: 4, y: 59 }],
      [
        { x: 0, y: 57 },
        { x: 4, y: 57 },
      ],
    ]);
    expect(line!.data.map((d: { color: string }) => d.color)).toEqual(["categoricalBlue", "categoricalBlue", "neutral"]);
    expect(line!.data[2].legend).toBe(sv(locale, "Mål 2026: 57\u00a0%", "Target 2026: 57%"));
    // The gap is named on the chart itself (its title); clients without charts read it in the fallback.
    expect(line!.title).toBe(sv(locale, "Luckor i kurvan: 9 nov. 2026 (för få svar).", "Gaps in the line: 9 Nov 2026 (too few answers)."));
    expect(cardText(line!.fallback)).not.toMatch(/Luckor|Gaps/);
    // Without a gap, no title.
    const whole = summaryCardJson({ ...base, trend: [base.trend[0]!, base.trend[2]!] }, opts(locale));
    expect(findAll(whole, (n) => n.type === "Chart.Line")[0]!.title).toBeFalsy();
  });

  it("the chart's fallback carries the same information as text: every pulse, its share and participation, the gap's reason, the target", () => {
    const [line] = findAll(summaryCardJson(base, opts(locale)), (n) => n.type === "Chart.Line");
    expect(cardText(line!.fallback).split("\n")).toEqual(
      locale === "sv-SE"
        ? ["26 okt. 2026: 50\u00a0% (22 av 25 svarade)", "9 nov. 2026: för få svar", "23 nov. 2026: 59\u00a0% (22 av 25 svarade)", "Mål 2026: 57\u00a0%"]
        : ["26 Oct 2026: 50% (22 of 25 answered)", "9 Nov 2026: too few answers", "23 Nov 2026: 59% (22 of 25 answered)", "Target 2026: 57%"],
    );
    // Every chart on the card has a fallback.
    const charts = findAll(summaryCardJson(base, opts(locale)), (n) => typeof n.type === "string" && n.type.startsWith("Chart."));
    expect(charts.every((c) => c.fallback && cardText(c.fallback).length > 0)).toBe(true);
  });

  it("a hidden headline never leaves a sub-question without saying why", () => {
    const text = cardText(summaryCardJson(variants[3]![1], opts(locale)));
    expect(text).toContain(
      sv(
        locale,
        "Visas inte, eftersom resultatet för hälsofrågan ovan inte visas.",
        "Not shown, because the result of the health question above is not shown.",
      ),
    );
    expect(text).toContain(
      sv(
        locale,
        "Visas inte, så att ingen kan räkna fram enskildas svar genom att jämföra med andra siffror.",
        "Not shown, so that nobody can work out individual answers by comparing with other figures.",
      ),
    );
  });

  it("the target says what it measures and where the unit stands", () => {
    const text = cardText(summaryCardJson(base, opts(locale)));
    expect(text).toMatch(
      locale === "sv-SE"
        ? /Mål 2026[\s\S]*Målet gäller andelen som svarar Bra eller Mycket bra: \+2 procentenheter jämfört med 2025 \(55\s%\), alltså 57\s%[\s\S]*Hittills i år: 56\s% \(\+1,4 procentenheter\)\.\n1 procentenhet kvar till målet\./
        : /Target 2026[\s\S]*The target is about the share answering Good or Very good: \+2 percentage points compared with 2025 \(55%\), that is 57%[\s\S]*So far this year: 56% \(\+1\.4 percentage points\)\.\n1 percentage point left to the target\./,
    );
  });

  it("the target in its first year (no earlier figure) still says what it measures and where the unit stands", () => {
    const first = { ...base, target: { ...base.target!, baselinePct: null } };
    const text = cardText(summaryCardJson(first, opts(locale)));
    expect(text).toContain(
      sv(
        locale,
        "Målet gäller andelen som svarar Bra eller Mycket bra: +2 procentenheter jämfört med 2025, men det finns inget redovisat resultat för 2025 att räkna från.\nHittills i år: 56\u00a0%.",
        "The target is about the share answering Good or Very good: +2 percentage points compared with 2025, but there is no result shown for 2025 to count from.\nSo far this year: 56%.",
      ),
    );
    // No goal figure, so no target line on the chart.
    const [line] = findAll(summaryCardJson(first, opts(locale)), (n) => n.type === "Chart.Line");
    expect(line!.data).toHaveLength(2);
  });
});

describe.each(["sv-SE", "en-US"] as const)("Så mår vi card to members (%s)", (locale) => {
  it("shows the released unit figure with participation and change", () => {
    const card = memberResultCardJson(base, opts(locale));
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(cardText(card).split("\n")).toEqual(
      locale === "sv-SE"
        ? [
            "Så mår vi: Förskolan Centrum",
            "Pulsen 23 nov. 2026",
            "59\u00a0% svarade Bra eller Mycket bra på frågan om hälsan.",
            "22 av 25 svarade",
            "▲ 9 procentenheter sedan 26 okt. 2026",
            "Din chef och ditt skyddsombud ser samma siffror för gruppen. Ingen kan se vad du har svarat.",
          ]
        : [
            "How we are doing: Förskolan Centrum",
            "Pulse of 23 Nov 2026",
            "59% answered Good or Very good to the health question.",
            "22 of 25 answered",
            "▲ 9 percentage points since 26 Oct 2026",
            "Your manager and safety representative see the same figures for the group. Nobody can see what you answered.",
          ],
    );
  });

  it.each([
    ["fewerThanK", "För få svarade den här gången, så det finns ingen siffra att visa.", "Too few answered this time, so there is no figure to show."],
    [
      "differencing",
      "Resultatet visas inte den här gången, så att ingen kan räkna fram enskildas svar.",
      "The result is not shown this time, so that nobody can work out individual answers.",
    ],
  ] as const)("withheld (%s): one line why, and no figure at all", (reason, svText, enText) => {
    const card = memberResultCardJson({ ...base, questions: [{ questionId: "self_rated_health", figure: suppressed(reason) }] }, opts(locale));
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain(locale === "sv-SE" ? svText : enText);
    expect(text).not.toMatch(/%|▲|▼|\d+ (av|of) \d+/);
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
