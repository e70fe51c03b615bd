// The unit summary and the HR overview as Adaptive Cards. They take only what the aggregates
// module released (Figure = Released | reason): there is no raw number to render by mistake.
import { DateTime } from "luxon";
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { CORE_QUESTION_ID, scaleOf } from "../../domain/pulse/question-bank.js";
import type { Figure } from "../../domain/aggregates/released.js";
import { DISTRIBUTION_MIN_BAR, type QuestionFigures, type UnitSummary } from "../../domain/aggregates/read-unit-summary.js";
import type { SubtreeOverview } from "../../domain/aggregates/read-subtree-overview.js";
import type { TargetProgress } from "../../domain/aggregates/targets.js";
import { expandCard } from "./render-card.js";

export interface SummaryCardOptions {
  locale: Locale;
  k: number;
  timeZone: string;
  /** Proactive cards after a pulse closes start with a line saying so. */
  intro?: boolean;
}

/** Overview cards list at most this many units (Teams cards must stay well under 100 KB). */
export const OVERVIEW_MAX_ROWS = 150;

function formats(locale: Locale) {
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const pp = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  return { pct: (value: number) => pct.format(value / 100), pp: (value: number) => pp.format(value) };
}

function reasonText(t: Translate, figure: Figure<unknown>, k: number, short = false): string {
  return figure.released ? "" : t(`results.${short ? "reasonsShort" : "reasons"}.${figure.reason}`, { k });
}

type Formats = ReturnType<typeof formats>;

/** The summary card's one-sentence reason for a withheld figure. */
function whyText(t: Translate, figure: Figure<unknown>, k: number): string {
  return figure.released ? "" : t(`results.why.${figure.reason}`, { k });
}

function participationText(t: Translate, v: { respondents: number; invited: number | null }): string {
  return v.invited !== null && v.invited >= v.respondents
    ? t("results.participation", { respondents: v.respondents, invited: v.invited })
    : t("results.participationCount", { count: v.respondents });
}

/**
 * Change since the last released pulse before this one (▲/▼ and whole points, from the rounded
 * shares the card shows, so the arrow agrees with the figures); "" when there is none.
 */
function changeText(t: Translate, s: Pick<UnitSummary, "trend" | "pulse">, date: (d: Date) => string): string {
  const current = s.trend.at(-1);
  if (!current || current.dueAt.getTime() !== s.pulse.dueAt.getTime() || !current.share.released) return "";
  const previous = s.trend
    .slice(0, -1)
    .reverse()
    .find((p) => p.share.released);
  if (!previous || !previous.share.released) return "";
  const points = Math.round(current.share.value.sharePct) - Math.round(previous.share.value.sharePct);
  const when = date(previous.dueAt);
  if (points === 0) return t("results.changeNone", { date: when });
  return t(points > 0 ? "results.changeUp" : "results.changeDown", { count: Math.abs(points), date: when });
}

export function summaryCardJson(s: UnitSummary, o: SummaryCardOptions): Record<string, unknown> {
  const t = translatorFor(o.locale);
  const f = formats(o.locale);
  const date = (d: Date) => DateTime.fromJSDate(d, { zone: o.timeZone }).setLocale(o.locale).toFormat("d LLL yyyy");
  const core = s.questions.find((q) => q.questionId === CORE_QUESTION_ID);
  const coreHidden = core !== undefined && !core.figure.released;
  return expandCard("summary", {
    title: t("results.title", { unit: s.unit.name }),
    subtitle: t("results.subtitle", { date: date(s.pulse.dueAt) }),
    intro: o.intro ? t("results.sentIntro", { unit: s.unit.name }) : "",
    questions: s.questions.map((q) => {
      const isCore = q.questionId === CORE_QUESTION_ID;
      // A hidden headline never leaves a sub-question's figures, or its silence, unexplained.
      if (!isCore && coreHidden)
        return { heading: t(`pulse.questions.${q.questionId}`), headline: "", change: "", lines: [t("results.why.coreHidden")], bars: [], note: "" };
      return questionSection(t, f, q.questionId, q.figure, o.k, isCore ? changeText(t, s, date) : "");
    }),
    trend: trendSection(t, f, s, date, o.k),
    comparison: {
      show: true,
      heading: t("results.comparisonHeading"),
      lines: [
        ...(s.comparison
          ? [
              s.comparison.share.released
                ? t("results.comparison", { unit: s.comparison.unit.name, share: f.pct(s.comparison.share.value) })
                : t("results.comparisonHidden", { unit: s.comparison.unit.name, reason: reasonText(t, s.comparison.share, o.k, true) }),
            ]
          : []),
        t("results.national"),
      ],
    },
    target: targetSection(t, f, s),
    privacy: t("results.privacy", { k: o.k }),
  });
}

function bandLabel(t: Translate, scaleName: string, values: number[]): string {
  const label = (v: number) => t(`pulse.scales.${scaleName}.${v}`);
  return values.length === 1 ? label(values[0]!) : t("results.bandLabel", { from: label(values[0]!), to: label(values.at(-1)!) });
}

function questionSection(t: Translate, f: Formats, questionId: string, figure: Figure<QuestionFigures>, k: number, change: string) {
  const heading = t(`pulse.questions.${questionId}`);
  if (!figure.released) return { heading, headline: "", change: "", lines: [whyText(t, figure, k)], bars: [], note: "" };
  const scale = scaleOf(questionId);
  const v = figure.value;
  return {
    heading,
    headline: v.sharePct !== null ? t("results.share", { share: f.pct(v.sharePct) }) : "",
    change,
    lines: [participationText(t, v)],
    // Bars as columns (every client draws them, down to 360 px); the numbers beside them are the text.
    bars: v.distribution.map((d) => {
      const fill = d.count === 0 ? 0 : Math.max(1, Math.round(d.pct));
      return { label: bandLabel(t, scale.name, d.values), value: t("results.distributionItem", { count: d.count, pct: f.pct(d.pct) }), fill, rest: 100 - fill };
    }),
    note: v.merged ? t("results.mergedNote", { min: DISTRIBUTION_MIN_BAR }) : "",
  };
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The trend as a line over time (x: weeks since the first pulse shown, so the dates keep their
 * spacing; y: per cent 0–100), a withheld pulse as a gap (the line is split there and the chart's
 * title names the gap and why), the target as a second line. The fallback (what Teams mobile
 * and other clients without charts draw) says the same in text, one line per pulse.
 */
function trendSection(t: Translate, f: Formats, s: UnitSummary, date: (d: Date) => string, k: number) {
  const first = s.trend[0];
  const empty = { show: false, heading: "", chart: false, xAxisTitle: "", yAxisTitle: "", series: [], lines: [], gaps: "" };
  if (!first || s.trend.length < 2) return empty;
  const x = (d: Date) => Math.round(((d.getTime() - first.dueAt.getTime()) / WEEK_MS) * 10) / 10;
  const legend = t("results.trendLegend");
  const segments: { x: number; y: number }[][] = [];
  let open: { x: number; y: number }[] | null = null;
  for (const p of s.trend) {
    if (p.share.released) {
      if (!open) segments.push((open = []));
      open.push({ x: x(p.dueAt), y: Math.round(p.share.value.sharePct) });
    } else open = null;
  }
  const goal = targetGoal(s.target);
  const goalText = goal !== null ? t("results.trendTarget", { year: s.target!.year, goal: f.pct(goal) }) : "";
  const last = s.trend.at(-1)!;
  const series = [
    // One colour for every piece of the line (Teams would colour each series apart), grey for the target.
    ...segments.map((values) => ({ legend, color: "categoricalBlue", values })),
    ...(goal !== null
      ? [
          {
            legend: goalText,
            color: "neutral",
            values: [
              { x: 0, y: Math.round(goal) },
              { x: x(last.dueAt), y: Math.round(goal) },
            ],
          },
        ]
      : []),
  ];
  const gapOf = (p: UnitSummary["trend"][number]) => (p.share.released ? "" : t(`results.gap.${p.share.reason}`, { k }));
  const lines = [
    ...s.trend.map((p) =>
      p.share.released
        ? t("results.trendLine", { date: date(p.dueAt), share: f.pct(p.share.value.sharePct), participation: participationText(t, p.share.value) })
        : t("results.trendGapLine", { date: date(p.dueAt), reason: gapOf(p) }),
    ),
    ...(goalText ? [goalText] : []),
  ];
  const gaps = s.trend.filter((p) => !p.share.released).map((p) => `${date(p.dueAt)} (${gapOf(p)})`);
  const chart = segments.flat().length > 1;
  return {
    show: true,
    heading: t("results.trendHeading"),
    chart,
    xAxisTitle: t("results.trendAxisX", { date: date(first.dueAt) }),
    yAxisTitle: t("results.trendAxisY"),
    series,
    lines,
    gaps: chart && gaps.length > 0 ? t("results.trendGaps", { gaps: gaps.join(", ") }) : "",
  };
}

function targetGoal(p: TargetProgress | null): number | null {
  return p?.baselinePct ? p.baselinePct.value + p.targetPp : null;
}

function targetSection(t: Translate, f: Formats, s: UnitSummary) {
  const p = s.target;
  if (!p) return { show: false, heading: "", lines: [] };
  const target = f.pp(p.targetPp);
  const goal = targetGoal(p);
  const lines: string[] = [];
  if (p.baselinePct && goal !== null) {
    lines.push(t("results.target", { target, baselineYear: p.baselineYear, baseline: f.pct(p.baselinePct.value), goal: f.pct(goal) }));
    if (p.currentPct) {
      lines.push(t("results.targetProgress", { current: f.pct(p.currentPct.value), change: f.pp(p.currentPct.value - p.baselinePct.value) }));
      const left = Math.round(goal) - Math.round(p.currentPct.value);
      lines.push(left > 0 ? t("results.targetLeft", { count: left }) : t("results.targetReached"));
    } else lines.push(t("results.targetNoCurrent"));
  } else {
    // The first year: no earlier figure to count from; still say what the target measures and where the unit stands.
    lines.push(t("results.targetNoBaseline", { target, baselineYear: p.baselineYear }));
    lines.push(p.currentPct ? t("results.targetProgressOnly", { current: f.pct(p.currentPct.value) }) : t("results.targetNoCurrent"));
  }
  return { show: true, heading: t("results.targetHeading", { year: p.year }), lines };
}

/** "Så mår vi": a unit's released result to its members after a pulse (or why there is none). */
export function memberResultCardJson(s: UnitSummary, o: SummaryCardOptions): Record<string, unknown> {
  const t = translatorFor(o.locale);
  const f = formats(o.locale);
  const date = (d: Date) => DateTime.fromJSDate(d, { zone: o.timeZone }).setLocale(o.locale).toFormat("d LLL yyyy");
  const core = s.questions.find((q) => q.questionId === CORE_QUESTION_ID);
  const figure: Figure<QuestionFigures> = core ? core.figure : { released: false, reason: "fewerThanK" };
  const lines =
    figure.released && figure.value.sharePct !== null
      ? [t("results.member.share", { share: f.pct(figure.value.sharePct) }), participationText(t, figure.value), changeText(t, s, date)].filter(Boolean)
      : [t(`results.member.${figure.released ? "differencing" : figure.reason}`, { k: o.k })];
  return expandCard("member-result", {
    title: t("results.member.title", { unit: s.unit.name }),
    subtitle: t("results.subtitle", { date: date(s.pulse.dueAt) }),
    headline: lines[0],
    lines: lines.slice(1),
    footer: t("results.member.footer"),
  });
}

/** Reach of the area (issue 19): people with a role in it, how many the bot can send to. Not answers. */
export interface AreaReach {
  members: number;
  reachable: number;
}

export function overviewCardJson(o: SubtreeOverview, opts: SummaryCardOptions, reach?: AreaReach): Record<string, unknown> {
  const t = translatorFor(opts.locale);
  const f = formats(opts.locale);
  const date = DateTime.fromJSDate(o.pulse.dueAt, { zone: opts.timeZone }).setLocale(opts.locale).toFormat("d LLL yyyy");
  const value = (figure: Figure<QuestionFigures>) =>
    figure.released
      ? t("results.overviewRow", { share: figure.value.sharePct === null ? "–" : f.pct(figure.value.sharePct), count: figure.value.respondents })
      : reasonText(t, figure, opts.k, true);
  const shown = o.rows.slice(0, OVERVIEW_MAX_ROWS);
  return expandCard("overview", {
    title: t("results.overviewTitle", { unit: o.root.name }),
    subtitle: t("results.subtitle", { date }),
    total: t("results.overviewTotal", { value: value(o.total) }),
    sorted: t("results.overviewSorted"),
    rows: shown.map((r) => ({ title: r.unit.name, value: value(r.figure) })),
    more: o.rows.length > shown.length ? t("results.overviewMore", { count: o.rows.length - shown.length }) : "",
    privacy: t("results.privacy", { k: opts.k }),
    reach:
      reach && reach.members > 0
        ? t("reach.overviewLine", { reachable: reach.reachable, members: reach.members, percent: f.pct((reach.reachable / reach.members) * 100) })
        : "",
  });
}
