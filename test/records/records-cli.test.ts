// `friskpuls person export|erase`, `friskpuls audit export` and `friskpuls retention` as an IT
// department runs them: real child processes on a real SQLite file. Every export and erasure is
// audited, files are the operator's only, and the log (stderr, captured) carries no health data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createSqliteFile } from "../harness/databases.js";
import { createDb, type Db } from "../../src/db/client.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { collectPersonRecord } from "../../src/domain/records/person-record.js";
import { MEMBERS, SECRET, emailOf, nameOf, seedRecords, seedSickLeaveSnapshots } from "./seed-records.js";

const run = promisify(execFile);
const NOW = new Date(Date.now() - (Date.now() % 60_000));
let db: Db;
let url: string;
let dir: string;
let sickLeaveMonths: string[];
const stderrs: string[] = [];

async function friskpuls(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url, ANSWER_TOKEN_SECRET: SECRET, LOG_LEVEL: "debug", NODE_ENV: "test" },
    });
    stderrs.push(stderr);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    stderrs.push(e.stderr);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const auditActions = async () => (await db.auditEvent.findMany({ orderBy: { at: "asc" } })).map((e) => e.action);

beforeAll(async () => {
  const file = createSqliteFile();
  url = file.url;
  dir = file.dir;
  db = createDb(resolveDatabaseTarget(url));
  await seedRecords(db, NOW);
  sickLeaveMonths = await seedSickLeaveSnapshots(db, NOW);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("friskpuls person / audit / retention", () => {
  const out = mkdtempSync(join(tmpdir(), "friskpuls-extract-"));

  it("person export --out writes extract.json and the Swedish document, readable by the operator only, and audits it", async () => {
    const target = join(out, "anna");
    const res = await friskpuls(
      "person",
      "export",
      emailOf("P-anna"),
      "--out",
      target,
      "--reference",
      "KS 2026/20",
      "--operator",
      "it-support",
      "--now",
      NOW.toISOString(),
    );
    expect(res.code).toBe(0);
    const json = JSON.parse(readFileSync(join(target, "extract.json"), "utf8"));
    // The same as collected now, but for the export's own audit event (written after it was collected).
    const now = JSON.parse(JSON.stringify(await collectPersonRecord(db, SECRET, "P-anna", NOW)));
    expect(json).toEqual({ ...now, audit: now.audit.filter((e: { action: string }) => e.action !== "person.export") });
    const document = readFileSync(join(target, "registerutdrag.md"), "utf8");
    expect(document).toContain("# Registerutdrag från Friskpuls");
    // The sick-leave snapshots she is counted in, in both files.
    expect(json.sickLeaveStatistics).toHaveLength(4);
    expect(document).toContain(`- ${sickLeaveMonths[1]}: Hemtjänst Norr (U1)`);
    for (const f of ["extract.json", "registerutdrag.md"]) expect(statSync(join(target, f)).mode & 0o777).toBe(0o600);
    const events = await db.auditEvent.findMany({ where: { action: "person.export" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail)).toEqual({ via: "cli", formats: ["json", "markdown"], operator: "it-support", reference: "KS 2026/20" });

    // Not over an existing extract, and then not audited either.
    const again = await friskpuls("person", "export", "P-anna", "--out", target);
    expect(again.code).toBe(73);
    expect(await db.auditEvent.count({ where: { action: "person.export" } })).toBe(1);
  }, 120_000);

  it("person export prints the English document or the JSON; an unknown person is a clear error", async () => {
    const en = await friskpuls("person", "export", "P-bo", "--lang", "en-US");
    expect(en.code).toBe(0);
    expect(en.stdout).toContain("# Register extract from Friskpuls");
    const json = await friskpuls("person", "export", "P-bo", "--format", "json");
    expect(JSON.parse(json.stdout).person.id).toBe("P-bo");
    const unknown = await friskpuls("person", "export", "nobody@exempelkommun.se");
    expect(unknown.code).toBe(65);
    expect(unknown.stderr).toContain("no person with that id or e-mail address");
    expect(await db.auditEvent.count({ where: { action: "person.export" } })).toBe(3);
  }, 120_000);

  it("person erase needs --yes and a decision reference; then erases and audits", async () => {
    // Every problem at once: no --yes, a reference that is prose (it could carry health data), a reason not on the list.
    const refused = await friskpuls("person", "erase", "P-anna", "--reference", "she was ill; see note", "--reason", "sick");
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain("--yes is required");
    expect(refused.stderr).toContain("--reference: a decision reference");
    expect(refused.stderr).toContain("--reason: one of export_error, retention_decision, other");
    expect(await db.person.count({ where: { id: "P-anna" } })).toBe(1);

    const erased = await friskpuls("person", "erase", "P-anna", "--yes", "--reference", "KS 2026/21", "--reason", "export_error", "--now", NOW.toISOString());
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ erased: "P-anna", counts: { answers: 4, ratings: 8, sickLeaveCellMembers: 4 } });
    expect(erased.stderr).toContain("remove them from the HR export too");
    expect(await db.person.count({ where: { id: "P-anna" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "person.erase", subjectId: "P-anna" } })).toBe(1);
  }, 120_000);

  it("audit export gives the DPO who saw and changed what, as CSV or JSON by date, and audits the export", async () => {
    const csv = await friskpuls("audit", "export", "--now", NOW.toISOString());
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("at,actor_id,actor_name,action,subject_type,subject_id,subject_name,detail");
    const actions = lines.slice(1).map((l) => l.split(",")[3]);
    expect(actions).toEqual(expect.arrayContaining(["aggregate.unitSummary", "case.status", "person.export", "person.erase"]));
    expect(csv.stdout).toContain(`,aggregate.unitSummary,unit,U1,Hemtjänst Norr,`);
    expect(csv.stdout).toContain(nameOf("P-maria")); // the viewer, by name
    expect(await auditActions()).toContain("audit.export");

    const json = await friskpuls("audit", "export", "--format", "json", "--from", "2000-01-01", "--to", "2000-12-31");
    expect(JSON.parse(json.stdout)).toEqual([]);
    const bad = await friskpuls("audit", "export", "--from", "yesterday");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--from");
    expect(await db.auditEvent.count({ where: { action: "audit.export" } })).toBe(2);
  }, 120_000);

  it("retention shows every class: how long, how many stored, how many the next run deletes", async () => {
    const res = await friskpuls("retention", "--json", "--now", NOW.toISOString());
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.classes.map((c: { class: string }) => c.class)).toEqual([
      "answersMonths",
      "ratingsMonths",
      "absencesMonths",
      "sickLeaveCellMembersMonths",
      "casesMonths",
      "contactRequestsMonths",
      "auditMonths",
      "outboxDays",
      "processedActivitiesHours",
    ]);
    expect(report.classes.find((c: { class: string }) => c.class === "answersMonths")).toMatchObject({
      period: { value: 24, unit: "months" },
      stored: (MEMBERS.length - 1) * 4,
      dueForDeletion: 0,
    });
    // The four (Anna's rows unlinked from her by the erasure), in two units, in two months.
    expect(report.classes.find((c: { class: string }) => c.class === "sickLeaveCellMembersMonths")).toMatchObject({
      period: { value: 13, unit: "months" },
      stored: MEMBERS.length * 2 * 2,
      dueForDeletion: 0,
    });
    const text = await friskpuls("retention");
    expect(text.stdout).toMatch(new RegExp(`Vilka som räknas med i sjukfrånvarostatistiken \\(från månaden\\) +13 månader +${MEMBERS.length * 4} +0 `));
    expect(text.stdout).toContain("Svar på pulsfrågor");
    expect(text.stdout).toContain("sparas tills ett gallringsbeslut säger annat");
  }, 120_000);

  it("logged nothing of anyone's health: no answers, ratings, sick-leave days, names or e-mail addresses", () => {
    const log = stderrs.join("\n");
    expect(log).toContain("records.person_export"); // the log was captured
    for (const day of ["2026-03-02", "2026-03-03", "2025-06-02", "2026-04-07"]) expect(log).not.toContain(day);
    for (const word of ["self_rated_health", "presenteeism", "leadership", "Mycket bra", '"value"', "firstDay"]) expect(log).not.toContain(word);
    for (const id of [...MEMBERS, "P-maria"]) {
      expect(log).not.toContain(nameOf(id));
      expect(log).not.toContain(emailOf(id));
    }
  });
});
