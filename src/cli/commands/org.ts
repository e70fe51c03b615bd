// `friskpuls org import <dir>`: reads units.csv, people.csv and assignments.csv from an HR export
// folder and prints the outcome in the operator's language (DEFAULT_LOCALE or --lang).
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { systemClock } from "../../clock.js";
import { createDb } from "../../db/client.js";
import { migrateDatabase } from "../../db/migrate.js";
import { normalizeLocale, translatorFor, type Translate } from "../../i18n/index.js";
import { importOrg, DEFAULT_MAX_DEACTIVATION_SHARE, type ImportOrgResult } from "../../domain/org/import/import-org.js";
import type { ImportProblem, OrgFileName } from "../../domain/org/import/import-problem.js";
import type { OrgFiles } from "../../domain/org/import/validate-org-export.js";

const EX_DATAERR = 65;
const EX_NOINPUT = 66;

interface ImportCliOptions {
  dryRun?: boolean;
  allowMassDeactivation?: boolean;
  json?: boolean;
  lang?: string;
}

export function registerOrg(program: Command): void {
  const org = program.command("org").description("org data (units, people, roles) from HR exports");
  org
    .command("import")
    .description("import units.csv, people.csv and assignments.csv from a folder (all or nothing; idempotent)")
    .argument("<dir>", "folder with the export")
    .option("--dry-run", "check and show what would change, write nothing")
    .option("--allow-mass-deactivation", `allow deactivating more than ${DEFAULT_MAX_DEACTIVATION_SHARE * 100} % of people or units`)
    .option("--json", "print the result as JSON")
    .option("--lang <locale>", "language of the report (sv-SE or en-US)")
    .action(async (dir: string, options: ImportCliOptions) => {
      const config = loadConfig();
      const t = translatorFor(normalizeLocale(options.lang ?? config.defaultLocale));
      const folder = resolve(dir);
      const files = await readOrgFolder(folder);
      if (files === "notADirectory") {
        console.error(t("orgImport.notADirectory", { dir: folder }));
        process.exitCode = EX_NOINPUT;
        return;
      }
      let result: ImportOrgResult;
      if ("missing" in files) {
        result = { status: "rejected", problems: files.missing.map((file) => ({ file, code: "missingFile" })) };
      } else {
        await migrateDatabase(config.database);
        const db = createDb(config.database);
        try {
          result = await importOrg(db, files, {
            source: folder,
            clock: systemClock,
            dryRun: options.dryRun,
            maxDeactivationShare: options.allowMassDeactivation ? 1 : DEFAULT_MAX_DEACTIVATION_SHARE,
          });
        } finally {
          await db.$disconnect();
        }
      }
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else printResult(result, t);
      if (result.status === "rejected" || result.status === "refused") process.exitCode = EX_DATAERR;
    });
}

async function readOrgFolder(folder: string): Promise<OrgFiles | { missing: OrgFileName[] } | "notADirectory"> {
  const isDir = await stat(folder).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return "notADirectory";
  // HR systems are not consistent about case (People.csv); match names case-insensitively.
  const entries = new Map((await readdir(folder)).map((name) => [name.toLowerCase(), name]));
  const wanted: [keyof OrgFiles, OrgFileName][] = [
    ["units", "units.csv"],
    ["people", "people.csv"],
    ["assignments", "assignments.csv"],
  ];
  const missing = wanted.filter(([, file]) => !entries.has(file)).map(([, file]) => file);
  if (missing.length > 0) return { missing };
  const read = async (file: OrgFileName) => new Uint8Array(await readFile(join(folder, entries.get(file)!)));
  return { units: await read("units.csv"), people: await read("people.csv"), assignments: await read("assignments.csv") };
}

export function formatProblem(problem: ImportProblem, t: Translate): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${t(`orgImport.problem.${problem.code}`, problem.params ?? {})}`;
}

function printResult(result: ImportOrgResult, t: Translate): void {
  if (result.status === "rejected") {
    for (const problem of result.problems) console.error(formatProblem(problem, t));
    console.error(t("orgImport.rejected", { count: result.problems.length }));
    return;
  }
  if (result.status === "refused") {
    console.error(t("orgImport.refused", { percent: Math.round(result.share * 100), limit: DEFAULT_MAX_DEACTIVATION_SHARE * 100 }));
    return;
  }
  console.log(t(`orgImport.${result.status}`));
  console.log(`  ${t("orgImport.counts.units", result.counts.units)}`);
  console.log(`  ${t("orgImport.counts.people", result.counts.people)}`);
  console.log(`  ${t("orgImport.counts.assignments", result.counts.assignments)}`);
  for (const warning of result.warnings) console.log(`  ! ${t(`orgImport.warning.${warning.code}`, { count: warning.count })}`);
}
