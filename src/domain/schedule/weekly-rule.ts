// "Every other Monday at 09:00 Europe/Stockholm": local wall-clock times, so occurrences move
// with daylight saving time (07:00Z in summer, 08:00Z in winter).
import { DateTime } from "luxon";
import { z } from "zod/v4";

export const WeeklyRuleSchema = z.object({
  weekday: z.number().int().min(1).max(7), // ISO: 1 = Monday
  intervalWeeks: z.number().int().min(1).max(52),
  anchorDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), // any date in a week that has an occurrence
  localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timeZone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid, "unknown time zone"),
});
export type WeeklyRule = z.infer<typeof WeeklyRuleSchema>;

/** Occurrence instants t with from < t <= to, in order. */
export function listOccurrences(rule: WeeklyRule, from: Date, to: Date): Date[] {
  const zone = rule.timeZone;
  const [hour, minute] = rule.localTime.split(":").map(Number) as [number, number];
  const anchorWeek = DateTime.fromISO(rule.anchorDate, { zone }).startOf("week");
  let week = DateTime.fromJSDate(from, { zone }).startOf("week");
  const offset = Math.round(week.diff(anchorWeek, "weeks").weeks) % rule.intervalWeeks;
  week = week.minus({ weeks: (offset + rule.intervalWeeks) % rule.intervalWeeks });
  const out: Date[] = [];
  for (;;) {
    const day = week.plus({ days: rule.weekday - 1 });
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone }).toJSDate();
    if (at > to) return out;
    if (at > from) out.push(at);
    week = week.plus({ weeks: rule.intervalWeeks });
  }
}

/** The latest occurrence at or before `at`, if any within `lookbackWeeks`. */
export function latestOccurrence(rule: WeeklyRule, at: Date, lookbackWeeks = 53): Date | undefined {
  const from = DateTime.fromJSDate(at).minus({ weeks: lookbackWeeks }).toJSDate();
  return listOccurrences(rule, from, at).at(-1);
}
