// `friskpuls absences import`: sick-leave occasions (sjukfrånvarotillfällen) from the HR system.
// All or nothing: every row is checked first and a file with any bad row changes nothing. Then one
// transaction upserts by (person, first day), skips occasions already past retention and deletes
// the stored ones that have expired. Occasions missing from the file stay (exports may be
// partial). ImportRun and the audit log get counts only: this is sick-leave data.
import type { Db, DbTx } from "../../db/client.js";
import { readCsvRows } from "../org/import/read-csv-rows.js";
import { sortProblems, type ImportProblem } from "../org/import/import-problem.js";
import { ABSENCE_COLUMNS, parseAbsenceRows } from "./absence-row-schema.js";
import { validateAbsenceRows } from "./validate-absences.js";
import { planAbsenceChanges, type AbsenceChangePlan, type StoredAbsence } from "./plan-absence-changes.js";
import { computeExpiryCutoff, formatLocalDay } from "./absence-calendar.js";
import { countExpiredAbsences, deleteExpiredAbsences } from "./delete-expired-absences.js";

export interface ImportAbsencesOptions {
  now: Date;
  /** Where the file came from, for the import log. */
  source: string;
  dryRun?: boolean;
  /** ABSENCE_RETENTION_MONTHS: occasions ended before it are skipped and stored ones deleted. */
  retentionMonths?: number;
}

export interface AbsenceImportSummary {
  /** Data rows in the file. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that ended more than 13 months ago: not stored. */
  tooOld: number;
  /** Stored occasions deleted because they expired (would be, in a dry run). */
  deletedExpired: number;
}

export type ImportAbsencesResult =
  { status: "rejected"; problems: ImportProblem[] } | { status: "applied" | "unchanged" | "dryRun"; summary: AbsenceImportSummary };

const CHUNK = 500;

export async function importAbsences(db: Db, bytes: Uint8Array, options: ImportAbsencesOptions): Promise<ImportAbsencesResult> {
  const { now } = options;
  const file = readCsvRows("absences.csv", bytes, ABSENCE_COLUMNS);
  const parsed = parseAbsenceRows(file.rows);
  const personIds = [...new Set(parsed.rows.map((r) => r.person_id))];
  const knownPersonIds = await findKnownPersonIds(db, personIds);
  const problems = [...file.problems, ...parsed.problems, ...validateAbsenceRows(parsed.rows, { today: formatLocalDay(now), knownPersonIds })];
  if (problems.length > 0) {
    const result = { status: "rejected" as const, problems: sortProblems(problems) };
    if (!options.dryRun) await recordImportRun(db, options, "rejected", { problems: problems.length });
    return result;
  }

  const plan = planAbsenceChanges(parsed.rows, await loadStoredAbsences(db, personIds), computeExpiryCutoff(now, options.retentionMonths));
  const expired = await countExpiredAbsences(db, now, options.retentionMonths);
  const summarise = (deletedExpired: number): AbsenceImportSummary => ({
    rows: parsed.rows.length,
    created: plan.create.length,
    updated: plan.update.length,
    unchanged: plan.unchanged,
    tooOld: plan.tooOld,
    deletedExpired,
  });
  if (options.dryRun) return { status: "dryRun", summary: summarise(expired) };
  if (plan.create.length === 0 && plan.update.length === 0 && expired === 0) {
    const summary = summarise(0);
    await recordImportRun(db, options, "unchanged", summary);
    return { status: "unchanged", summary };
  }

  const summary = await db.$transaction(
    async (tx) => {
      await applyAbsenceChanges(tx, plan, now);
      const { deleted } = await deleteExpiredAbsences(tx, now, options.retentionMonths);
      const summary = summarise(deleted);
      await recordImportRun(tx, options, "applied", summary);
      await tx.auditEvent.create({
        data: {
          at: now,
          actorId: null,
          action: "absences.import",
          subjectType: "absences",
          subjectId: "absences",
          detail: JSON.stringify({ source: options.source, summary }),
        },
      });
      return summary;
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
  return { status: "applied", summary };
}

async function applyAbsenceChanges(tx: DbTx, plan: AbsenceChangePlan, now: Date): Promise<void> {
  for (const rows of chunk(plan.create)) await tx.absence.createMany({ data: rows.map((a) => ({ ...a, importedAt: now })) });
  for (const a of plan.update) {
    await tx.absence.update({ where: { personId_firstDay: { personId: a.personId, firstDay: a.firstDay } }, data: { lastDay: a.lastDay, importedAt: now } });
  }
}

async function findKnownPersonIds(db: Db, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunk(ids)) {
    for (const p of await db.person.findMany({ where: { id: { in: part } }, select: { id: true } })) known.add(p.id);
  }
  return known;
}

async function loadStoredAbsences(db: Db, personIds: string[]): Promise<StoredAbsence[]> {
  const stored: StoredAbsence[] = [];
  for (const part of chunk(personIds)) {
    stored.push(...(await db.absence.findMany({ where: { personId: { in: part } }, select: { personId: true, firstDay: true, lastDay: true } })));
  }
  return stored;
}

async function recordImportRun(db: DbTx, options: ImportAbsencesOptions, status: string, summary: object): Promise<void> {
  await db.importRun.create({
    data: { kind: "absences", source: options.source, status, summary: JSON.stringify(summary), startedAt: options.now, finishedAt: options.now },
  });
}

function chunk<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
