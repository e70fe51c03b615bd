// zod schema for one row of absences.csv. Issue messages are problem codes (i18n keys under
// absencesImport.problem). Problems name the column, never its value: a row is sick-leave data.
import { z } from "zod/v4";
import type { CsvRow } from "../org/import/read-csv-rows.js";
import type { ImportProblem } from "../org/import/import-problem.js";
import { isCalendarDay } from "./absence-calendar.js";

const personId = z
  .string()
  .min(1, { message: "required", abort: true })
  .max(64, "tooLong")
  .regex(/^[A-Za-z0-9._:-]+$/, "badId");

const day = z.string().min(1, { message: "required", abort: true }).refine(isCalendarDay, "badDate");

export const AbsenceRowSchema = z
  .object({ person_id: personId, first_day: day, last_day: day })
  .refine((row) => row.last_day >= row.first_day, { message: "endsBeforeStart", path: ["last_day"] });

export type AbsenceRow = z.output<typeof AbsenceRowSchema> & { line: number };

export const ABSENCE_COLUMNS = ["person_id", "first_day", "last_day"] as const;

/** Checks every row on its own; returns the good ones and one problem per bad column. */
export function parseAbsenceRows(rows: CsvRow[]): { rows: AbsenceRow[]; problems: ImportProblem[] } {
  const good: AbsenceRow[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    const result = AbsenceRowSchema.safeParse(row.values);
    if (result.success) {
      good.push({ ...result.data, line: row.line });
      continue;
    }
    for (const issue of result.error.issues) {
      problems.push({ file: "absences.csv", line: row.line, code: issue.message, params: { column: String(issue.path[0] ?? "") } });
    }
  }
  return { rows: good, problems };
}
