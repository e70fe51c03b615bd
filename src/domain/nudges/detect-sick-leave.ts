// Repeated short sick leave: more than N occasions starting within the last M months → a case for
// the person's own manager ("consider an omtankessamtal"). The case carries no dates and no count;
// sick-leave data is read here and, as statistics under the release rules, only in
// aggregates/read-sick-leave-stats.ts; never together with pulse data.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { ABSENCE_TIME_ZONE } from "../absences/absence-calendar.js";
import { listAbsencesIn, occasionWindowAt } from "../absences/occasion-window.js";
import { findManagerOf } from "./case-routing.js";
import { openCase, openKeyOf } from "./open-case.js";
import type { NudgeThresholds } from "./thresholds.js";

export async function detectSickLeave(db: Db, now: Date, t: NudgeThresholds): Promise<{ people: number; opened: number; unrouted: number }> {
  const window = occasionWindowAt(now, t.sickLeaveMonths);
  const { from } = window;
  const rows = await listAbsencesIn(db, window);
  const byPerson = new Map<string, { firstDay: string; lastDay: string }[]>();
  for (const r of rows) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  // Occasion first days, overlapping and back-to-back rows counted once, within the window.
  const occasions = new Map<string, string[]>();
  for (const [personId, list] of byPerson) {
    const starts = mergeOccasions(list).filter((day) => day > from);
    if (starts.length > 0) occasions.set(personId, starts);
  }
  const candidates = [...occasions].filter(([, days]) => days.length > t.sickLeaveOccasions).map(([personId]) => personId);
  const active = await db.person.findMany({ where: { id: { in: candidates }, active: true }, select: { id: true } });
  const over = active.map((p) => p.id).sort();
  if (over.length === 0) return { people: 0, opened: 0, unrouted: 0 };

  // After a case is closed, only occasions starting after that count towards the next one.
  const [open, closed] = await Promise.all([
    db.nudgeCase.findMany({ where: { openKey: { in: over.map((p) => openKeyOf("short_sick_leave", p)) } }, select: { subjectPersonId: true } }),
    db.nudgeCase.findMany({
      where: { signal: "short_sick_leave", subjectPersonId: { in: over }, closedAt: { not: null } },
      select: { subjectPersonId: true, closedAt: true },
    }),
  ]);
  const hasOpen = new Set(open.map((c) => c.subjectPersonId));
  const closedOn = new Map<string, string>();
  for (const c of closed) {
    const day = DateTime.fromJSDate(c.closedAt!, { zone: ABSENCE_TIME_ZONE }).toISODate()!;
    if (!closedOn.has(c.subjectPersonId!) || closedOn.get(c.subjectPersonId!)! < day) closedOn.set(c.subjectPersonId!, day);
  }
  let opened = 0;
  let unrouted = 0;
  let people = 0;
  for (const personId of over) {
    if (hasOpen.has(personId)) continue;
    const since = closedOn.get(personId);
    const counted = since ? occasions.get(personId)!.filter((day) => day > since).length : occasions.get(personId)!.length;
    if (counted <= t.sickLeaveOccasions) continue;
    people++;
    const manager = await findManagerOf(db, personId);
    if (!manager) {
      unrouted++;
      continue;
    }
    const id = await openCase(
      db,
      {
        signal: "short_sick_leave",
        subjectPersonId: personId,
        unitId: manager.unitId,
        ownerId: manager.ownerId,
        openKey: openKeyOf("short_sick_leave", personId),
        detail: {},
      },
      now,
    );
    if (id) opened++;
  }
  return { people, opened, unrouted };
}

/**
 * First days of the occasions, where rows that overlap or follow on the next day are one occasion
 * (HR exports list a long period beside its parts, and a prolonged sick note as a new row).
 */
export function mergeOccasions(rows: readonly { firstDay: string; lastDay: string }[]): string[] {
  return mergeOccasionSpans(rows).map((o) => o.firstDay);
}

/** The occasions as mergeOccasions counts them, each with its first and (latest) last day. */
export function mergeOccasionSpans(rows: readonly { firstDay: string; lastDay: string }[]): { firstDay: string; lastDay: string }[] {
  const sorted = [...rows].sort((a, b) => (a.firstDay < b.firstDay ? -1 : a.firstDay > b.firstDay ? 1 : 0));
  const spans: { firstDay: string; lastDay: string }[] = [];
  for (const row of sorted) {
    const open = spans.at(-1);
    // The calendar day after, by UTC midnights (no zone, no DST): luxon here was a tenth of computing the sick-leave statistics.
    const dayAfter = open && new Date(Date.parse(`${open.lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (!open || row.firstDay > dayAfter!) spans.push({ firstDay: row.firstDay, lastDay: row.lastDay });
    else if (row.lastDay > open.lastDay) open.lastDay = row.lastDay;
  }
  return spans;
}
