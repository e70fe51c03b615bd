// GET /api/tab/units/{unitId}/figures.csv: the unit's released figures for a spreadsheet, one row
// per pulse and question, in the reader's language. Swedish Excel opens it as is: UTF-8 with a BOM,
// semicolons between cells, decimal commas. A withheld row has its date, question and reason, and
// empty figures: a number never stands where the release rules withheld one.
import { DateTime } from "luxon";
import type { UnitSeries } from "../../domain/aggregates/read-unit-page.js";
import { scaleOf } from "../../domain/pulse/question-bank.js";
import { translatorFor, type Locale } from "../../i18n/index.js";

/** Bars per row: every scale has at most five options (merged bars take fewer). */
const MAX_OPTIONS = 5;

export function figuresCsv(series: UnitSeries, o: { locale: Locale; timeZone: string; k: number }): string {
  const t = translatorFor(o.locale);
  const number = new Intl.NumberFormat(o.locale, { maximumFractionDigits: 1, useGrouping: false });
  const header = [
    t("tabUnit.csv.date"),
    t("tabUnit.csv.question"),
    t("tabUnit.csv.respondents"),
    t("tabUnit.csv.invited"),
    t("tabUnit.csv.share"),
    t("tabUnit.csv.withheld"),
    ...Array.from({ length: MAX_OPTIONS }, (_, i) => [
      t("tabUnit.csv.option", { n: i + 1 }),
      t("tabUnit.csv.count", { n: i + 1 }),
      t("tabUnit.csv.pct", { n: i + 1 }),
    ]).flat(),
  ];
  const rows: string[][] = [header];
  const points = series.questions.flatMap((q) => q.pulses.map((p) => ({ questionId: q.questionId, ...p })));
  points.sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      series.questions.findIndex((q) => q.questionId === a.questionId) - series.questions.findIndex((q) => q.questionId === b.questionId),
  );
  for (const p of points) {
    const date = DateTime.fromJSDate(p.dueAt, { zone: o.timeZone }).toISODate()!;
    const question = t(`pulse.questions.${p.questionId}`);
    if (!p.figure.released) {
      rows.push([date, question, "", "", "", t(`results.reasons.${p.figure.reason}`, { k: o.k }), ...Array<string>(3 * MAX_OPTIONS).fill("")]);
      continue;
    }
    const v = p.figure.value;
    const scale = scaleOf(p.questionId);
    const label = (value: number) => t(`pulse.scales.${scale.name}.${value}`);
    const bars = v.distribution.flatMap((d) => [
      d.values.length === 1 ? label(d.values[0]!) : t("results.bandLabel", { from: label(d.values[0]!), to: label(d.values.at(-1)!) }),
      String(d.count),
      number.format(d.pct),
    ]);
    rows.push([
      date,
      question,
      String(v.respondents),
      v.invited === null ? "" : String(v.invited),
      v.sharePct === null ? "" : number.format(v.sharePct),
      "",
      ...bars,
      ...Array<string>(3 * MAX_OPTIONS - bars.length).fill(""),
    ]);
  }
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(";")).join("\r\n")}\r\n`;
}

/** Quoted when needed; a cell a spreadsheet would run as a formula is prefixed with '. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A Content-Disposition for the unit's file: an ASCII name, and the real one as filename*. */
export function csvDisposition(unitName: string, day: string): string {
  const name = `friskpuls-${unitName}-${day}.csv`;
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
