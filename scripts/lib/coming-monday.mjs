// The coming Monday in Stockholm (today if it is Monday before 08:00), as the ISO moments the demos
// pass to `friskpuls tick --now`: 08:00 creates the default schedule, 09:00:30 plans the pulse
// (default: every other Monday 09:00, three days to answer). Derived from now, so a demo planned
// today still has an open pulse: answers are refused only after the pulse closes.
import { DateTime } from "luxon";

export function comingPulseMonday(now = new Date()) {
  const local = DateTime.fromJSDate(now, { zone: "Europe/Stockholm" });
  let monday = local.startOf("day").plus({ days: (8 - local.weekday) % 7 });
  if (monday.plus({ hours: 8 }) <= local) monday = monday.plus({ weeks: 1 });
  return {
    date: monday.toISODate(),
    scheduleAt: monday.set({ hour: 8 }).toUTC().toISO(),
    pulseAt: monday.set({ hour: 9, second: 30 }).toUTC().toISO(),
  };
}
