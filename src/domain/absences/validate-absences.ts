// Rules across the rows of absences.csv: known people, no day after today, one row per person
// and first day. Overlapping or back-to-back occasions are accepted (HR exports have them: a
// longer period reported beside its parts, a new period starting the day one ends); the signal
// counts them as one occasion (detect-sick-leave.ts). Pure; problems carry line numbers and codes
// only (no person ids, no dates).
import type { ImportProblem } from "../org/import/import-problem.js";
import type { AbsenceRow } from "./absence-row-schema.js";

export interface AbsenceRules {
  /** Local calendar day at the import's `now`; later days are in the future. */
  today: string;
  /** Every person in the Person table (active or not). */
  knownPersonIds: ReadonlySet<string>;
}

export function validateAbsenceRows(rows: AbsenceRow[], rules: AbsenceRules): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const report = (row: AbsenceRow, code: string, params?: Record<string, string | number>) =>
    problems.push({ file: "absences.csv", line: row.line, code, ...(params ? { params } : {}) });

  for (const row of rows) {
    if (!rules.knownPersonIds.has(row.person_id)) report(row, "unknownPerson", { column: "person_id" });
    if (row.first_day > rules.today) report(row, "futureDate", { column: "first_day" });
    else if (row.last_day > rules.today) report(row, "futureDate", { column: "last_day" });
  }

  const byPerson = new Map<string, AbsenceRow[]>();
  for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
  for (const occasions of byPerson.values()) checkOnePerson(occasions, report);
  return problems;
}

/** One row per person and first day. */
function checkOnePerson(occasions: AbsenceRow[], report: (row: AbsenceRow, code: string, params: Record<string, number>) => void): void {
  const firstByDay = new Map<string, AbsenceRow>();
  for (const row of [...occasions].sort((a, b) => a.line - b.line)) {
    const first = firstByDay.get(row.first_day);
    if (first) report(row, "duplicateOccasion", { firstLine: first.line });
    else firstByDay.set(row.first_day, row);
  }
}
