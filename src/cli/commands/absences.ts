// `friskpuls absences import <file>`: sick-leave occasions from the HR system's absences.csv,
// reported in the operator's language (DEFAULT_LOCALE or --lang). Sick-leave data never reaches
// the log: the report names lines and problems (no person ids, no dates) and the log line has
// counts only. Logs go to stderr so that --json output stays parseable.
import { readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import pino from "pino";
import { loadConfig } from "../../config.js";
import { createLogger } from "../../logger.js";
import { offsetClock, systemClock } from "../../clock.js";
import { createDb } from "../../db/client.js";
import { migrateDatabase } from "../../db/migrate.js";
import { normalizeLocale, translatorFor, type Translate } from "../../i18n/index.js";
import { importAbsences, type ImportAbsencesResult } from "../../domain/absences/import-absences.js";
import type { ImportProblem } from "../../domain/org/import/import-problem.js";

const EX_DATAERR = 65;
const EX_NOINPUT = 66;

interface ImportCliOptions {
  dryRun?: boolean;
  json?: boolean;
  lang?: string;
  now?: string;
}

export function registerAbsences(program: Command): void {
  const absences = program.command("absences").description("sick-leave occasions (sjukfrånvarotillfällen) from HR exports");
  absences
    .command("import")
    .description("import absences.csv (person_id,first_day,last_day): all or nothing; idempotent; occasions over 13 months old are not kept")
    .argument("<file>", "the absences.csv file")
    .option("--dry-run", "check and show what would change, write nothing")
    .option("--json", "print the result as JSON")
    .option("--lang <locale>", "language of the report (sv-SE or en-US)")
    .option("--now <iso>", "pretend it is this moment (tests and operators)")
    .action(async (path: string, options: ImportCliOptions) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));
      const t = translatorFor(normalizeLocale(options.lang ?? config.defaultLocale));
      const startAt = options.now ? new Date(options.now) : undefined;
      if (startAt && Number.isNaN(startAt.getTime())) throw new Error(`--now: not an ISO time: ${options.now}`);
      const clock = startAt ? offsetClock(startAt) : systemClock;

      const file = resolve(path);
      const bytes = await readAbsencesFile(file);
      if (!bytes) {
        console.error(t("absencesImport.notAFile", { file }));
        process.exitCode = EX_NOINPUT;
        return;
      }
      await migrateDatabase(config.database);
      const db = createDb(config.database);
      let result: ImportAbsencesResult;
      try {
        result = await importAbsences(db, bytes, { now: clock.now(), source: file, dryRun: options.dryRun, retentionMonths: config.retention.absencesMonths });
      } finally {
        await db.$disconnect();
      }
      if (result.status === "rejected") logger.warn({ status: result.status, problems: result.problems.length }, "absences import rejected");
      else logger.info({ status: result.status, ...result.summary }, "absences import");
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else printResult(result, basename(file), t);
      if (result.status === "rejected") process.exitCode = EX_DATAERR;
    });
}

async function readAbsencesFile(file: string): Promise<Uint8Array | null> {
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return null;
  return new Uint8Array(await readFile(file));
}

export function formatAbsenceProblem(problem: ImportProblem, fileName: string, t: Translate): string {
  const where = problem.line === undefined ? fileName : `${fileName}:${problem.line}`;
  return `${where}: ${t(`absencesImport.problem.${problem.code}`, problem.params ?? {})}`;
}

function printResult(result: ImportAbsencesResult, fileName: string, t: Translate): void {
  if (result.status === "rejected") {
    for (const problem of result.problems) console.error(formatAbsenceProblem(problem, fileName, t));
    console.error(t("absencesImport.rejected", { count: result.problems.length }));
    return;
  }
  console.log(t(`absencesImport.${result.status}`));
  console.log(`  ${t("absencesImport.counts", { ...result.summary })}`);
  if (result.summary.deletedExpired > 0) console.log(`  ${t("absencesImport.deletedExpired", { ...result.summary })}`);
}
