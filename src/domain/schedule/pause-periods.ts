// Holiday pauses (issue 16): periods without pulses, in a schedule's local time. Recurring ISO
// weeks ("v52-1": weeks 52 to 1, over the new year) or months ("juli"), or dates
// ("2026-12-21..2027-01-06"). A pause decides by the local date of an occurrence, so it moves
// with nothing but the calendar of the schedule's time zone.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import { listOccurrences, type WeeklyRule } from "./weekly-rule.js";

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => DateTime.fromISO(d).isValid, "not a date");

export const PausePeriodSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("weeks"), from: z.number().int().min(1).max(53), to: z.number().int().min(1).max(53) }),
  z.strictObject({ kind: z.literal("months"), from: z.number().int().min(1).max(12), to: z.number().int().min(1).max(12) }),
  z.strictObject({ kind: z.literal("dates"), from: IsoDate, to: IsoDate }).refine((p) => p.from <= p.to, "from after to"),
]);
export type PausePeriod = z.infer<typeof PausePeriodSchema>;
export const PausePeriodsSchema = z.array(PausePeriodSchema).max(12);

/** A schedule's stored pauses (JSON column). */
export function parsePausePeriods(json: string): PausePeriod[] {
  return PausePeriodsSchema.parse(JSON.parse(json));
}

const inRange = (x: number, from: number, to: number) => (from <= to ? x >= from && x <= to : x >= from || x <= to);

/** Whether a local date falls in one of the periods (ranges of weeks or months may wrap the year). */
export function isPausedOn(periods: PausePeriod[], local: DateTime): boolean {
  const date = local.toISODate()!;
  return periods.some((p) =>
    p.kind === "weeks" ? inRange(local.weekNumber, p.from, p.to) : p.kind === "months" ? inRange(local.month, p.from, p.to) : date >= p.from && date <= p.to,
  );
}

/** A pause of one unit: local dates, inclusive. */
export interface DatePause {
  fromDate: string;
  toDate: string;
}

export function isInDatePause(pause: DatePause | undefined, local: DateTime): boolean {
  if (!pause) return false;
  const date = local.toISODate()!;
  return date >= pause.fromDate && date <= pause.toDate;
}

/**
 * The first occurrence after `after` (and not before `effectiveFrom`) that no pause holds back;
 * undefined when there is none within the horizon (a pause all year round).
 */
export function nextUnpausedOccurrence(
  rule: WeeklyRule,
  o: { after: Date; effectiveFrom?: Date; periods: PausePeriod[]; paused?: (local: DateTime) => boolean; horizonWeeks?: number },
): Date | undefined {
  const to = DateTime.fromJSDate(o.after)
    .plus({ weeks: o.horizonWeeks ?? 106 })
    .toJSDate();
  for (const at of listOccurrences(rule, o.after, to)) {
    if (o.effectiveFrom && at < o.effectiveFrom) continue;
    const local = DateTime.fromJSDate(at, { zone: rule.timeZone });
    if (isPausedOn(o.periods, local) || o.paused?.(local)) continue;
    return at;
  }
  return undefined;
}

// ---------------------------------------------------------------- the text form (card, CLI)

const MONTHS: Record<string, number> = {};
[
  ["januari", "january", "jan"],
  ["februari", "february", "feb"],
  ["mars", "march", "mar"],
  ["april", "april", "apr"],
  ["maj", "may"],
  ["juni", "june", "jun"],
  ["juli", "july", "jul"],
  ["augusti", "august", "aug"],
  ["september", "september", "sep", "sept"],
  ["oktober", "october", "okt", "oct"],
  ["november", "november", "nov"],
  ["december", "december", "dec"],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

const WEEKS = /^(?:v|w|vecka|veckor|week|weeks)\.?\s*(\d{1,2})(?:\s*[-–]\s*(?:v|w)?\.?\s*(\d{1,2}))?$/;
const MONTH_RANGE = /^([a-zåäö]+)(?:\s*[-–]\s*([a-zåäö]+))?$/;
const DATES = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|–|-{1,2}|to|till)\s*(\d{4}-\d{2}-\d{2}))?$/;

export type PauseTextResult = { ok: true; periods: PausePeriod[] } | { ok: false; problem: string };

/**
 * "v52-1, juli, 2027-04-01..2027-04-05" → periods. Separated by commas or semicolons; empty = none.
 * A problem names the part that could not be read (what the person typed, never anyone's data).
 */
export function parsePauseText(text: string): PauseTextResult {
  const periods: PausePeriod[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const part = raw.trim().toLowerCase();
    if (!part) continue;
    const period = parsePart(part);
    if (!period) return { ok: false, problem: raw.trim().slice(0, 40) };
    periods.push(period);
  }
  const checked = PausePeriodsSchema.safeParse(periods);
  return checked.success ? { ok: true, periods: checked.data } : { ok: false, problem: text.trim().slice(0, 40) };
}

function parsePart(part: string): PausePeriod | undefined {
  const weeks = WEEKS.exec(part);
  if (weeks) {
    const from = Number(weeks[1]);
    const to = weeks[2] === undefined ? from : Number(weeks[2]);
    return valid({ kind: "weeks", from, to });
  }
  const dates = DATES.exec(part);
  if (dates) return valid({ kind: "dates", from: dates[1]!, to: dates[2] ?? dates[1]! });
  const months = MONTH_RANGE.exec(part);
  if (months) {
    const from = MONTHS[months[1]!];
    const to = months[2] === undefined ? from : MONTHS[months[2]];
    if (from !== undefined && to !== undefined) return valid({ kind: "months", from, to });
  }
  return undefined;
}

function valid(p: PausePeriod): PausePeriod | undefined {
  const parsed = PausePeriodSchema.safeParse(p);
  return parsed.success ? parsed.data : undefined;
}

/** The text form parsePauseText reads back ("v52-1, juli"), in the reader's language for months. */
export function formatPauseText(periods: PausePeriod[], locale: string): string {
  const month = (m: number) =>
    DateTime.fromObject({ year: 2000, month: m, day: 1 })
      .setLocale(locale.startsWith("sv") ? "sv-SE" : "en-US")
      .toFormat("LLLL");
  const week = locale.startsWith("sv") ? "v" : "w";
  return periods
    .map((p) =>
      p.kind === "weeks"
        ? `${week}${p.from}${p.to !== p.from ? `-${p.to}` : ""}`
        : p.kind === "months"
          ? `${month(p.from)}${p.to !== p.from ? `-${month(p.to)}` : ""}`
          : `${p.from}${p.to !== p.from ? `..${p.to}` : ""}`,
    )
    .join(", ");
}
