// The one date format of every card (issue 16): a day is "26 november 2026" / "November 26, 2026";
// a deadline adds the weekday and the local time, "torsdag 26 november 2026 kl. 09:00" /
// "Thursday, November 26, 2026 at 09:00" (24-hour clock in both languages). Always in the reader's
// time zone. Cards call these two and nothing else, so a change of format is a change here.
import { DateTime } from "luxon";
import type { Locale } from "./locales.js";

type When = Date | string;

const toDateTime = (d: When, timeZone: string) =>
  typeof d === "string" ? DateTime.fromISO(d, { zone: timeZone }) : DateTime.fromJSDate(d, { zone: timeZone });

/** A day: "26 november 2026" / "November 26, 2026". An ISO date string is read in the time zone. */
export function formatDay(d: When, locale: Locale, timeZone: string): string {
  return toDateTime(d, timeZone).setLocale(locale).toLocaleString({ day: "numeric", month: "long", year: "numeric" });
}

/** A moment: "torsdag 26 november 2026 kl. 09:00" / "Thursday, November 26, 2026 at 09:00". */
export function formatDayTime(d: When, locale: Locale, timeZone: string): string {
  return toDateTime(d, timeZone)
    .setLocale(locale)
    .toLocaleString({ weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}
