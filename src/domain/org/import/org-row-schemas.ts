// zod schemas for one row of each org file. Issue messages are problem codes (i18n keys under
// orgImport.problem), so a row's every fault is reported, with its column.
import { z } from "zod/v4";
import { ROLES } from "../roles.js";
import type { CsvRow } from "./read-csv-rows.js";
import type { ImportProblem, OrgFileName } from "./import-problem.js";

const id = z
  .string()
  .min(1, "required")
  .max(64, "tooLong")
  .regex(/^[A-Za-z0-9._:-]+$/, "badId");

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

/** An optional column: empty means null, anything else must match. */
const optional = (pattern: RegExp, code: string, normalise: (v: string) => string = (v) => v) =>
  z
    .string()
    .refine((v) => v === "" || (v.length <= 254 && pattern.test(v)), code)
    .transform((v) => (v === "" ? null : normalise(v)));

const optionalId = optional(ID_PATTERN, "badId");

const text = (max: number) =>
  z
    .string()
    .min(1, "required")
    .max(max, "tooLong")
    .refine((v) => !/[\p{Cc}]/u.test(v), "controlCharacter");

const email = optional(EMAIL_PATTERN, "badEmail", (v) => v.toLowerCase());
const aadObjectId = optional(GUID_PATTERN, "badAadObjectId", (v) => v.toLowerCase());

/** sv-SE and en-US are what we translate to; other tags are kept and shown in Swedish. */
const locale = optional(LOCALE_PATTERN, "badLocale", canonicalLocale).transform((v) => v ?? "sv-SE");

export const UnitRowSchema = z.object({ unit_id: id, name: text(200), parent_id: optionalId });
export const PersonRowSchema = z.object({
  person_id: id,
  display_name: text(200),
  email,
  aad_object_id: aadObjectId,
  locale,
});
export const AssignmentRowSchema = z.object({
  person_id: id,
  unit_id: id,
  role: z.enum(ROLES, "badRole"),
});

export type UnitRow = z.output<typeof UnitRowSchema> & { line: number };
export type PersonRow = z.output<typeof PersonRowSchema> & { line: number };
export type AssignmentRow = z.output<typeof AssignmentRowSchema> & { line: number };

export const UNIT_COLUMNS = Object.keys(UnitRowSchema.shape);
export const PERSON_COLUMNS = Object.keys(PersonRowSchema.shape);
export const ASSIGNMENT_COLUMNS = Object.keys(AssignmentRowSchema.shape);

/** Validates every row; returns the good ones and one problem per bad column. */
export function parseRows<S extends z.ZodType>(
  file: OrgFileName,
  rows: CsvRow[],
  schema: S,
): { rows: (z.output<S> & { line: number })[]; problems: ImportProblem[] } {
  const good: (z.output<S> & { line: number })[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row.values);
    if (result.success) {
      good.push({ ...(result.data as object), line: row.line } as z.output<S> & { line: number });
      continue;
    }
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? "");
      problems.push({ file, line: row.line, code: issue.message, params: { column, value: row.values[column] ?? "" } });
    }
  }
  return { rows: good, problems };
}

function canonicalLocale(tag: string): string {
  const [lang, ...rest] = tag.replace("_", "-").split("-");
  return [lang!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join("-");
}
