// Sick-leave occasions (absences.csv) against a real database and through the real CLI: all or
// nothing, idempotent, 13-month retention, and no sick-leave data in logs or reports.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { INNER_LOOP } from "../harness/test-scope.js";
import { importAbsences, type ImportAbsencesResult } from "../../src/domain/absences/import-absences.js";
import { deleteExpiredAbsences } from "../../src/domain/absences/delete-expired-absences.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { fixedClock } from "../../src/clock.js";
import { createDb, type Db } from "../../src/db/client.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { listKeys } from "../../src/i18n/index.js";
import { createSqliteFile, createSqliteTestDb, testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { ORG_DEMO_DIR, readOrgDir } from "../harness/org-files.js";

const DEMO_ABSENCES = join(ORG_DEMO_DIR, "absences.csv");
const demoText = () => readFileSync(DEMO_ABSENCES, "utf8");
const demoLines = () =>
  demoText()
    .split("\n")
    .filter((l) => l !== "");
/** After every last day in the demo file; the six occasions that ended before 2025-10-01 are too old. */
const NOW = new Date("2026-11-01T12:00:00Z");
const DEMO_SUMMARY = { rows: 41, created: 35, updated: 0, unchanged: 0, tooOld: 6, deletedExpired: 0 };

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.cleanup()));
});
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const encode = (lines: string[], eol = "\n") => new TextEncoder().encode(lines.join(eol) + eol);
const options = (now: Date = NOW, dryRun = false) => ({ now, source: "test", dryRun });

async function demoOrg(create: () => Promise<TestDatabase> = createSqliteTestDb): Promise<Db> {
  const t = await create();
  open.push(t);
  const org = await importOrg(t.db, readOrgDir(ORG_DEMO_DIR), { source: "test", clock: fixedClock("2026-10-01T08:00:00Z") });
  expect(org.status).toBe("applied");
  return t.db;
}

function expectStatus<S extends ImportAbsencesResult["status"]>(result: ImportAbsencesResult, status: S): ImportAbsencesResult & { status: S } {
  expect(result.status, JSON.stringify(result).slice(0, 800)).toBe(status);
  return result as ImportAbsencesResult & { status: S };
}

const listAbsences = (db: Db) => db.absence.findMany({ orderBy: [{ personId: "asc" }, { firstDay: "asc" }] });

describe.each(testDatabaseFactories())("importAbsences on the demo org (%s)", (_name, create) => {
  it("stores the demo occasions, re-imports as unchanged, updates a changed last day and keeps occasions not in the file", async () => {
    const db = await demoOrg(create);
    const first = expectStatus(await importAbsences(db, new Uint8Array(readFileSync(DEMO_ABSENCES)), options()), "applied");
    expect(first.summary).toEqual(DEMO_SUMMARY);
    expect(await db.absence.count()).toBe(35);
    expect(await db.absence.count({ where: { lastDay: { lt: "2025-10-01" } } })).toBe(0);
    expect(await db.absence.findUnique({ where: { personId_firstDay: { personId: "P000007", firstDay: "2026-10-04" } } })).toMatchObject({
      lastDay: "2026-10-05",
    });

    const before = await listAbsences(db);
    const again = expectStatus(await importAbsences(db, new Uint8Array(readFileSync(DEMO_ABSENCES)), options(new Date("2026-11-02T12:00:00Z"))), "unchanged");
    expect(again.summary).toEqual({ rows: 41, created: 0, updated: 0, unchanged: 35, tooOld: 6, deletedExpired: 0 });
    expect(await listAbsences(db)).toEqual(before);

    // A partial export: one occasion, its last day moved; the other 34 stay as they are.
    const changed = expectStatus(await importAbsences(db, encode(["person_id,first_day,last_day", "P000007,2026-10-04,2026-10-06"]), options()), "applied");
    expect(changed.summary).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0, tooOld: 0, deletedExpired: 0 });
    expect(await db.absence.count()).toBe(35);
    expect(await db.absence.findUnique({ where: { personId_firstDay: { personId: "P000007", firstDay: "2026-10-04" } } })).toMatchObject({
      lastDay: "2026-10-06",
    });

    const runs = await db.importRun.findMany({ where: { kind: "absences" } });
    expect(runs.map((r) => r.status).sort()).toEqual(["applied", "applied", "unchanged"]);
    const audit = await db.auditEvent.findMany({ where: { action: "absences.import" } });
    expect(audit).toHaveLength(2);
    expectNoSickLeaveData([...runs.map((r) => r.summary), ...audit.map((a) => a.detail)].join("\n"), demoText());
  }, 60_000);

  it("skips occasions past retention and deletes stored ones that have expired", async () => {
    const db = await demoOrg(create);
    expectStatus(await importAbsences(db, new Uint8Array(readFileSync(DEMO_ABSENCES)), options()), "applied");
    // 2027-01-15 in Stockholm: the cutoff is 2025-12-15; five stored occasions ended before it.
    const later = new Date("2027-01-15T12:00:00Z");
    const result = expectStatus(
      await importAbsences(db, encode(["person_id,first_day,last_day", "P000001,2025-12-01,2025-12-14", "P000001,2027-01-11,2027-01-12"]), options(later)),
      "applied",
    );
    expect(result.summary).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 0, tooOld: 1, deletedExpired: 5 });
    expect(await db.absence.count()).toBe(31);
    expect(await db.absence.count({ where: { personId: "P000001" } })).toBe(1);
    expect(await db.absence.count({ where: { lastDay: { lt: "2025-12-15" } } })).toBe(0);
  }, 60_000);
});

describe("importAbsences (SQLite)", () => {
  it("rejects a file with bad rows, reports each with its line and reason, and stores nothing", async () => {
    const db = await demoOrg();
    const file = encode([
      "person_id,first_day,last_day",
      "P000007,2026-01-10,2026-01-12",
      "P000007,2026-02-30,2026-03-01",
      "P000007,2026-03-10,2026-03-09",
      ",2026-03-10,2026-03-11",
      "P000008,2026-01-05",
      "P999999,2026-01-05,2026-01-06",
      "P000007,2026-01-10,2026-01-10",
      "P000007,2026-01-11,2026-01-14",
      "P000008,2026-11-02,2026-11-03",
      "P000009,2026-10-30,2026-11-05",
      "P000008,26-01-01,",
      "P000009,2026-05-01,2026-05-01",
    ]);
    const result = expectStatus(await importAbsences(db, file, options()), "rejected");
    expect(result.problems.map((p) => [p.line, p.code, p.params ?? {}])).toEqual([
      [3, "badDate", { column: "first_day" }],
      [4, "endsBeforeStart", { column: "last_day" }],
      [5, "required", { column: "person_id" }],
      [6, "columnCount", { expected: 3, found: 2 }],
      [7, "unknownPerson", { column: "person_id" }],
      [8, "duplicateOccasion", { firstLine: 2 }],
      [10, "futureDate", { column: "first_day" }],
      [11, "futureDate", { column: "last_day" }],
      [12, "badDate", { column: "first_day" }],
      [12, "required", { column: "last_day" }],
    ]);
    expect(await db.absence.count()).toBe(0);
    const runs = await db.importRun.findMany({ where: { kind: "absences" } });
    expect(runs.map((r) => [r.status, JSON.parse(r.summary)])).toEqual([["rejected", { problems: 10 }]]);
  });

  it("rejects an unknown person but accepts a deactivated one", async () => {
    const db = await demoOrg();
    await db.person.update({ where: { id: "P000009" }, data: { active: false, deactivatedAt: NOW } });
    const unknown = expectStatus(
      await importAbsences(db, encode(["person_id,first_day,last_day", "P000009,2026-05-01,2026-05-02", "P000100,2026-05-01,2026-05-02"]), options()),
      "rejected",
    );
    expect(unknown.problems).toEqual([{ file: "absences.csv", line: 3, code: "unknownPerson", params: { column: "person_id" } }]);
    expect(await db.absence.count()).toBe(0);
    const accepted = expectStatus(await importAbsences(db, encode(["person_id,first_day,last_day", "P000009,2026-05-01,2026-05-02"]), options()), "applied");
    expect(accepted.summary.created).toBe(1);
  });

  it("reports missing columns on the header line", async () => {
    const db = await demoOrg();
    const result = expectStatus(await importAbsences(db, encode(["person_id;first_day", "P000007;2026-01-10"]), options()), "rejected");
    expect(result.problems).toEqual([
      { file: "absences.csv", line: 1, code: "missingColumns", params: { columns: "last_day", found: "person_id, first_day" } },
    ]);
  });

  it("accepts a BOM, semicolons and CRLF line endings", async () => {
    const db = await demoOrg();
    const lines = demoLines().map((l) => l.replaceAll(",", ";"));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(lines, "\r\n")]);
    const result = expectStatus(await importAbsences(db, bytes, options()), "applied");
    expect(result.summary).toEqual(DEMO_SUMMARY);
    expect(await db.absence.count()).toBe(35);
  });

  it("stores nothing in a dry run and says what would change", async () => {
    const db = await demoOrg();
    const result = expectStatus(await importAbsences(db, new Uint8Array(readFileSync(DEMO_ABSENCES)), options(NOW, true)), "dryRun");
    expect(result.summary).toEqual(DEMO_SUMMARY);
    expect(await db.absence.count()).toBe(0);
    expect(await db.importRun.count({ where: { kind: "absences" } })).toBe(0);
  });
});

it("has every report text in Swedish and English, including each problem code", () => {
  const sv = listKeys("sv").filter((k) => k.startsWith("absencesImport."));
  expect(listKeys("en").filter((k) => k.startsWith("absencesImport."))).toEqual(sv);
  const codes = [
    "notUtf8",
    "emptyFile",
    "badHeader",
    "missingColumns",
    "duplicateColumns",
    "badQuoting",
    "columnCount",
    "required",
    "tooLong",
    "badId",
    "badDate",
    "endsBeforeStart",
    "futureDate",
    "unknownPerson",
    "duplicateOccasion",
  ];
  expect(codes.filter((c) => !sv.includes(`absencesImport.problem.${c}`))).toEqual([]);
});

describe("deleteExpiredAbsences", () => {
  it("deletes occasions whose last day is more than 13 months before today in Stockholm, keeping the boundary day", async () => {
    const db = await demoOrg();
    expectStatus(await importAbsences(db, new Uint8Array(readFileSync(DEMO_ABSENCES)), options()), "applied");
    // 2027-01-22 in Stockholm: cutoff 2025-12-22, so the occasion ending that day stays.
    expect(await deleteExpiredAbsences(db, new Date("2027-01-22T12:00:00Z"))).toEqual({ deleted: 5 });
    expect(await db.absence.count({ where: { lastDay: "2025-12-22" } })).toBe(1);
    // 23:30 UTC is already 2027-01-23 in Stockholm.
    expect(await deleteExpiredAbsences(db, new Date("2027-01-22T23:30:00Z"))).toEqual({ deleted: 1 });
    expect(await deleteExpiredAbsences(db, new Date("2027-01-22T23:45:00Z"))).toEqual({ deleted: 0 });
    expect(await db.absence.count()).toBe(29);
  });
});

// ------------------------------------------------------------------- the CLI, as operators run it

const run = promisify(execFile);

async function friskpuls(args: string[], databaseUrl: string, logLevel = "info"): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: logLevel },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A migrated SQLite file holding the demo org, as the CLI will open it. */
async function demoOrgFile(): Promise<string> {
  const { url, dir } = createSqliteFile();
  dirs.push(dir);
  const db = createDb(resolveDatabaseTarget(url));
  try {
    await importOrg(db, readOrgDir(ORG_DEMO_DIR), { source: "test", clock: fixedClock("2026-10-01T08:00:00Z") });
  } finally {
    await db.$disconnect();
  }
  return url;
}

async function countAbsences(url: string): Promise<number> {
  const db = createDb(resolveDatabaseTarget(url));
  try {
    return await db.absence.count();
  } finally {
    await db.$disconnect();
  }
}

function writeFile(name: string, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "friskpuls-absences-"));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, lines.join("\r\n") + "\r\n");
  return path;
}

/** No person id and no date of the file may appear in the text (logs, reports, audit). */
function expectNoSickLeaveData(output: string, csv: string): void {
  const values = new Set(
    csv
      .split(/\r?\n/)
      .slice(1)
      .flatMap((l) => l.split(/[,;]/))
      .map((v) => v.trim())
      .filter((v) => v.length >= 4),
  );
  expect(values.size).toBeGreaterThan(0);
  expect([...values].filter((v) => output.includes(v))).toEqual([]);
}

describe.skipIf(INNER_LOOP)("friskpuls absences import", () => {
  const NOW_ARG = ["--now", NOW.toISOString()];

  it("imports the demo file in English, then reports a re-import as unchanged; the log has counts only", async () => {
    const url = await demoOrgFile();
    const first = await friskpuls(["absences", "import", DEMO_ABSENCES, ...NOW_ARG, "--lang", "en-US"], url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n").filter(Boolean)).toEqual([
      "The sick-leave occasions are imported.",
      "  Occasions: 41 in the file – 35 new, 0 changed, 0 unchanged, 6 too old (ended more than 13 months ago, not stored)",
    ]);
    const log = first.stderr
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ msg: "absences import", status: "applied", rows: 41, created: 35, tooOld: 6 })]);
    expectNoSickLeaveData(first.stdout + first.stderr, demoText());

    const second = await friskpuls(["absences", "import", DEMO_ABSENCES, ...NOW_ARG], url);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("Ingenting har ändrats sedan förra importen.");
    expect(second.stdout).toContain("Tillfällen: 41 i filen – 0 nya, 0 ändrade, 35 oförändrade, 6 för gamla");
    expect(await countAbsences(url)).toBe(35);
  }, 60_000);

  it("rejects a bad file with file:line: reason for every bad row and exit code 65, echoing no ids or dates", async () => {
    const url = await demoOrgFile();
    const lines = [
      "person_id,first_day,last_day",
      "P000007,2026-01-10,2026-01-12",
      "P000007,2026-02-30,2026-03-01",
      "P999999,2026-01-05,2026-01-06",
      "P000007,2026-01-10,2026-01-14",
      "P000008,2026-12-01,2026-12-02",
    ];
    const bad = writeFile("sjukfranvaro.csv", lines);
    const sv = await friskpuls(["absences", "import", bad, ...NOW_ARG], url);
    expect(sv.code).toBe(65);
    expect(sv.stdout).toBe("");
    const report = sv.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("{"));
    expect(report).toEqual([
      "sjukfranvaro.csv:3: first_day är inget giltigt datum (ÅÅÅÅ-MM-DD)",
      "sjukfranvaro.csv:4: person_id finns inte bland de importerade personerna (kör org import först)",
      "sjukfranvaro.csv:5: samma person_id och first_day finns redan på rad 2",
      "sjukfranvaro.csv:6: first_day ligger i framtiden",
      "Importen avvisades: 4 fel. Ingenting har ändrats.",
    ]);
    const log = sv.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ msg: "absences import rejected", status: "rejected", problems: 4 })]);
    expectNoSickLeaveData(sv.stdout + sv.stderr, lines.join("\n"));

    const en = await friskpuls(["absences", "import", bad, ...NOW_ARG, "--lang", "en-US"], url, "silent");
    expect(en.code).toBe(65);
    expect(en.stderr.split("\n").filter(Boolean)).toEqual([
      "sjukfranvaro.csv:3: first_day is not a valid date (YYYY-MM-DD)",
      "sjukfranvaro.csv:4: person_id is not among the imported people (run org import first)",
      "sjukfranvaro.csv:5: the same person_id and first_day already appear on line 2",
      "sjukfranvaro.csv:6: first_day is in the future",
      "Import rejected: 4 problems. Nothing was changed.",
    ]);
    expect(await countAbsences(url)).toBe(0);
  }, 60_000);

  it("stores nothing with --dry-run, and exits 66 for a missing file", async () => {
    const url = await demoOrgFile();
    const dry = await friskpuls(["absences", "import", DEMO_ABSENCES, ...NOW_ARG, "--dry-run", "--json"], url, "silent");
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ status: "dryRun", summary: DEMO_SUMMARY });
    expect(await countAbsences(url)).toBe(0);

    const missing = await friskpuls(["absences", "import", join(tmpdir(), "no-such-absences.csv"), "--lang", "en-US"], url, "silent");
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain("no-such-absences.csv is not a readable file");
  }, 60_000);
});
