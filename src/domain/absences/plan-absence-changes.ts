// Compares the checked rows of absences.csv with the stored occasions of the same people. Pure:
// a new (person, first day) is created, a changed last day updated, an identical row left alone,
// and an occasion that ended before the retention cutoff is not stored at all.
import type { AbsenceRow } from "./absence-row-schema.js";

export interface StoredAbsence {
  personId: string;
  firstDay: string;
  lastDay: string;
}

export interface AbsenceChangePlan {
  create: StoredAbsence[];
  update: StoredAbsence[];
  unchanged: number;
  tooOld: number;
}

export function planAbsenceChanges(rows: AbsenceRow[], stored: StoredAbsence[], cutoff: string): AbsenceChangePlan {
  const key = (personId: string, firstDay: string) => `${personId}\u0000${firstDay}`;
  const storedByKey = new Map(stored.map((a) => [key(a.personId, a.firstDay), a]));
  const plan: AbsenceChangePlan = { create: [], update: [], unchanged: 0, tooOld: 0 };
  for (const row of rows) {
    if (row.last_day < cutoff) {
      plan.tooOld++;
      continue;
    }
    const next: StoredAbsence = { personId: row.person_id, firstDay: row.first_day, lastDay: row.last_day };
    const now = storedByKey.get(key(next.personId, next.firstDay));
    if (!now) plan.create.push(next);
    else if (now.lastDay !== next.lastDay) plan.update.push(next);
    else plan.unchanged++;
  }
  return plan;
}
