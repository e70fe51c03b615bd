// One reminder per round to those who have not rated yet (weekdays 08–17, from a day before
// closing, as for pulses), and closing: the round and its units move on to "results".
import type { Db } from "../../db/client.js";
import { reminderTime } from "../pulse/pulse-deadlines.js";
import { isWithinWorkingHours, OFFICE_HOURS } from "../schedule/working-hours.js";

export const ROUND_TIME_ZONE = "Europe/Stockholm";

export async function listDueRoundReminders(db: Db, now: Date): Promise<{ roundId: string; personIds: string[] }[]> {
  if (!isWithinWorkingHours(now, { ...OFFICE_HOURS, timeZone: ROUND_TIME_ZONE })) return [];
  const rounds = await db.hfRound.findMany({
    where: { status: "collecting", opensAt: { lte: now }, closesAt: { gt: now } },
    select: { id: true, opensAt: true, closesAt: true },
  });
  const due: { roundId: string; personIds: string[] }[] = [];
  for (const round of rounds) {
    const at = reminderTime(round.opensAt, round.closesAt, ROUND_TIME_ZONE);
    if (!at || now < at) continue;
    const people = await db.hfRecipient.findMany({
      where: { roundId: round.id, answered: false, reminded: false },
      select: { personId: true },
      orderBy: { personId: "asc" },
    });
    if (people.length > 0) due.push({ roundId: round.id, personIds: people.map((p) => p.personId) });
  }
  return due;
}

export async function markRoundReminded(db: Db, roundId: string, personIds: string[]): Promise<void> {
  for (let i = 0; i < personIds.length; i += 500) {
    await db.hfRecipient.updateMany({ where: { roundId, personId: { in: personIds.slice(i, i + 500) } }, data: { reminded: true } });
  }
}

export async function closeDueRounds(db: Db, now: Date): Promise<number> {
  const due = await db.hfRound.findMany({ where: { status: "collecting", closesAt: { lte: now } }, select: { id: true } });
  for (const { id } of due) {
    await db.$transaction([
      db.hfRound.updateMany({ where: { id, status: "collecting" }, data: { status: "closed", closedAt: now } }),
      db.hfRoundUnit.updateMany({ where: { roundId: id, state: "collecting" }, data: { state: "results" } }),
    ]);
  }
  return due.length;
}

/** Recipients of a round (for announcing it). */
export async function listRoundRecipients(db: Db, roundId: string): Promise<string[]> {
  const rows = await db.hfRecipient.findMany({ where: { roundId }, select: { personId: true }, orderBy: { personId: "asc" } });
  return rows.map((r) => r.personId);
}
