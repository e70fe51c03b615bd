// Quiet hours: reminders and nudges only on weekdays between 08 and 17 local time.
import { DateTime } from "luxon";

export interface WorkingHours {
  startHour: number; // inclusive
  endHour: number; // exclusive
  timeZone: string;
}

export const OFFICE_HOURS = { startHour: 8, endHour: 17 } as const;

export function isWithinWorkingHours(at: Date, hours: WorkingHours): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.timeZone });
  return local.weekday <= 5 && local.hour >= hours.startHour && local.hour < hours.endHour;
}

/** `at` itself when allowed, else the next weekday's opening time. */
export function nextWorkingTime(at: Date, hours: WorkingHours): Date {
  if (isWithinWorkingHours(at, hours)) return at;
  let local = DateTime.fromJSDate(at, { zone: hours.timeZone });
  if (local.hour >= hours.endHour) local = local.plus({ days: 1 });
  local = local.set({ hour: hours.startHour, minute: 0, second: 0, millisecond: 0 });
  while (local.weekday > 5) local = local.plus({ days: 1 });
  return local.toJSDate();
}
