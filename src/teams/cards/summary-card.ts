// The unit summary and the HR overview as Adaptive Cards. They take only what the aggregates
// module released (Figure = Released | reason): there is no raw number to render by mistake.
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { formatDay } from "../../i18n/dates.js";
import { scaleOf } from "../../domain/pulse/question-bank.js";
import type { Figure } from "../../domain/aggregates/released.js";
import type { QuestionFigures, UnitSummary } from "../../domain/aggregates/read-unit-summary.js";
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

export function summaryCardJson(s: UnitSummary, o: SummaryCardOptions): Record<string, unknown> {
  const t = translatorFor(o.locale);
  const f = formats(o.locale);
  const date = (d: Date) => formatDay(d, o.locale, o.timeZone);
  const trendFacts = s.trend.map((p) => ({ title: date(p.dueAt), value: p.share.released ? f.pct(p.share.value) : t("results.trendHidden") }));
  const trendPoints = s.trend.flatMap((p) => (p.share.released ? [{ x: date(p.dueAt), y: Math.round(p.share.value) }] : []));
  return expandCard("summary", {
    title: t("results.title", { unit: s.unit.name }),
    subtitle: t("results.subtitle", { date: date(s.pulse.dueAt) }),
    intro: o.intro ? t("results.sentIntro", { unit: s.unit.name }) : "",
    questions: s.questions.map((q) => questionSection(t, f, q.questionId, q.figure, o.k)),
    trend: {
      show: s.trend.length > 1,
      heading: t("results.trendHeading"),
      legend: t("results.trendLegend"),
      // A line needs two points; Chart.Line also has an iOS rendering bug, hence the fallback.
      chart: trendPoints.length > 1,
      points: trendPoints,
      facts: trendFacts,
    },
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
    target: targetSection(t, f, s.target),
    privacy: t("results.privacy", { k: o.k }),
  });
}

function questionSection(t: Translate, f: ReturnType<typeof formats>, questionId: string, figure: Figure<QuestionFigures>, k: number) {
  const heading = t(`pulse.questions.${questionId}`);
  if (!figure.released) return { heading, lines: [reasonText(t, figure, k)], facts: [] };
  const scale = scaleOf(questionId);
  const v = figure.value;
  return {
    heading,
    lines: [
      [t("results.respondents", { count: v.respondents }), v.sharePct !== null ? t("results.share", { share: f.pct(v.sharePct) }) : ""]
        .filter(Boolean)
        .join(" · "),
    ],
    facts: v.distribution.map((d) => ({
      title: t(`pulse.scales.${scale.name}.${d.value}`),
      value: t("results.distributionItem", { count: d.count, pct: f.pct(d.pct) }),
    })),
  };
}

function targetSection(t: Translate, f: ReturnType<typeof formats>, p: TargetProgress | null) {
  if (!p) return { show: false, heading: "", lines: [] };
  const target = f.pp(p.targetPp);
  const lines = p.baselinePct
    ? [
        t("results.target", { target, baselineYear: p.baselineYear, baseline: f.pct(p.baselinePct.value), goal: f.pct(p.baselinePct.value + p.targetPp) }),
        p.currentPct
          ? t("results.targetProgress", { current: f.pct(p.currentPct.value), change: f.pp(p.currentPct.value - p.baselinePct.value) })
          : t("results.targetNoCurrent"),
      ]
    : [t("results.targetNoBaseline", { target, baselineYear: p.baselineYear })];
  return { show: true, heading: t("results.targetHeading", { year: p.year }), lines };
}

/** Reach of the area (issue 19): people with a role in it, how many the bot can send to. Not answers. */
export interface AreaReach {
  members: number;
  reachable: number;
}

export function overviewCardJson(o: SubtreeOverview, opts: SummaryCardOptions, reach?: AreaReach): Record<string, unknown> {
  const t = translatorFor(opts.locale);
  const f = formats(opts.locale);
  const date = formatDay(o.pulse.dueAt, opts.locale, opts.timeZone);
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
