// Reminders and closing. One reminder at most, only to people who have not answered, on a
// weekday between 08 and 17 local time, from a day before the pulse closes (DESIGN.md, "Pulse").
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { isWithinWorkingHours, nextWorkingTime, OFFICE_HOURS } from "../schedule/working-hours.js";

/** When the one reminder may go out; null when no allowed moment is left before closing. */
export function reminderTime(dueAt: Date, closesAt: Date, timeZone: string): Date | null {
  const dayBefore = DateTime.fromJSDate(closesAt).minus({ days: 1 }).toJSDate();
  const earliest = new Date(Math.max(dayBefore.getTime(), dueAt.getTime() + 3_600_000));
  const at = nextWorkingTime(earliest, { ...OFFICE_HOURS, timeZone });
  // Leave at least an hour to answer after the reminder.
  return at.getTime() <= closesAt.getTime() - 3_600_000 ? at : null;
}

export interface ReminderDue {
  pulseId: string;
  personId: string;
  closesAt: Date;
}

/** Non-respondents of open pulses whose reminder time has come (and is still within hours). */
export async function listDueReminders(db: Db, now: Date): Promise<ReminderDue[]> {
  const pulses = await db.pulse.findMany({
    where: { status: "open", dueAt: { lte: now }, closesAt: { gt: now } },
    select: { id: true, dueAt: true, closesAt: true, schedule: { select: { timeZone: true } } },
  });
  const due: ReminderDue[] = [];
  for (const pulse of pulses) {
    const at = reminderTime(pulse.dueAt, pulse.closesAt, pulse.schedule.timeZone);
    if (!at || now < at) continue;
    // Within hours *now*: a tick after 17:00 waits for the next morning rather than sending late.
    if (!isWithinWorkingHours(now, { ...OFFICE_HOURS, timeZone: pulse.schedule.timeZone })) continue;
    const people = await db.pulseRecipient.findMany({
      where: { pulseId: pulse.id, answered: false, reminded: false },
      select: { personId: true },
      orderBy: { personId: "asc" },
    });
    due.push(...people.map((p) => ({ pulseId: pulse.id, personId: p.personId, closesAt: pulse.closesAt })));
  }
  return due;
}

export async function markReminded(db: Db, pulseId: string, personIds: string[]): Promise<void> {
  for (let i = 0; i < personIds.length; i += 500) {
    await db.pulseRecipient.updateMany({ where: { pulseId, personId: { in: personIds.slice(i, i + 500) } }, data: { reminded: true } });
  }
}

export async function closeDuePulses(db: Db, now: Date): Promise<number> {
  const result = await db.pulse.updateMany({ where: { status: "open", closesAt: { lte: now } }, data: { status: "closed", closedAt: now } });
  return result.count;
}
