// Sick-leave occasions are calendar days ("YYYY-MM-DD") in Swedish local time: what "today" is,
// which days are real dates, and where the 13-month retention ends (DESIGN.md, "Early signals").
import { DateTime } from "luxon";

export const ABSENCE_TIME_ZONE = "Europe/Stockholm";
/** Occasions whose last day is more than this many months before today are deleted (the default and the most: ABSENCE_RETENTION_MONTHS). */
export const ABSENCE_RETENTION_MONTHS = 13;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for an existing calendar date written exactly as YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  return DAY_PATTERN.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;
}

/** The local calendar day at `now`. */
export function formatLocalDay(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ABSENCE_TIME_ZONE }).toISODate()!;
}

/** The first day that is still kept: an occasion whose last day is before it has expired. */
export function computeExpiryCutoff(now: Date, retentionMonths: number = ABSENCE_RETENTION_MONTHS): string {
  return DateTime.fromJSDate(now, { zone: ABSENCE_TIME_ZONE })
    .minus({ months: Math.min(retentionMonths, ABSENCE_RETENTION_MONTHS) })
    .toISODate()!;
}
