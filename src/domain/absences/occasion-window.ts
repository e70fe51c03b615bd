// The window the early signal and the sick-leave statistics count occasions in (DESIGN.md, "Early
// signals"): occasions starting after `from` — today, a Swedish calendar day, minus M months — up
// to today. One rule for both, so the statistics' "more than N occasions" is the signal's.
import { DateTime } from "luxon";
import type { DbTx } from "../../db/client.js";
import { ABSENCE_TIME_ZONE } from "./absence-calendar.js";

export interface OccasionWindow {
  /** YYYY-MM-DD, Swedish time. */
  today: string;
  /** The day before the window's first: an occasion counts when it starts after it. */
  from: string;
}

export function occasionWindowOf(today: string, months: number): OccasionWindow {
  return { today, from: DateTime.fromISO(today, { zone: "UTC" }).minus({ months }).toISODate()! };
}

export function occasionWindowAt(now: Date, months: number): OccasionWindow {
  return occasionWindowOf(DateTime.fromJSDate(now, { zone: ABSENCE_TIME_ZONE }).toISODate()!, months);
}

/** The rows that may hold an occasion of the window: ending after `from`, starting by today. */
export async function listAbsencesIn(db: DbTx, w: OccasionWindow): Promise<{ personId: string; firstDay: string; lastDay: string }[]> {
  return db.absence.findMany({ where: { lastDay: { gt: w.from }, firstDay: { lte: w.today } }, select: { personId: true, firstDay: true, lastDay: true } });
}
