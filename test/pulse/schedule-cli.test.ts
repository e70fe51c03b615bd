// `friskpuls schedule` (issue 16) as an operator runs it: a child process on a real SQLite file
// sets a schedule's holiday pauses and pack and a unit's pause (for its chef, whose role is
// checked), and shows when the next pulse reaches a unit — from `--now`, never today's date.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { DateTime } from "luxon";
import { createSqliteFile } from "../harness/databases.js";
import { createDb, type Db } from "../../src/db/client.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { INNER_LOOP } from "../harness/test-scope.js";

const run = promisify(execFile);
const START = DateTime.fromISO("2026-12-14T10:00:00", { zone: "Europe/Stockholm" }); // Monday, week 51
let db: Db;
let url: string;
let dir: string;

async function friskpuls(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent", NODE_ENV: "test" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  if (INNER_LOOP) return;
  const file = createSqliteFile();
  url = file.url;
  dir = file.dir;
  db = createDb(resolveDatabaseTarget(url));
  const first = await friskpuls("schedule", "show", "U0"); // migrates; no units yet
  expect(first.code).not.toBe(0);
  await buildUnit(db, { id: "U0", name: "Kommunen" });
  await buildUnit(db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildPerson(db, { id: "P-chef" });
  await assignRole(db, "P-chef", "U1", "manager");
  await buildPerson(db, { id: "P-other" });
  await db.pulseSchedule.create({
    data: { unitId: "U0", anchorDate: START.toISODate()!, rotatingQuestions: "[]", createdAt: START.toJSDate(), updatedAt: START.toJSDate() },
  });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

// Child processes: left to the full run (the same domain functions run in process in holiday-pause.test.ts).
describe.skipIf(INNER_LOOP)("friskpuls schedule", () => {
  it("sets the schedule's pauses and pack; show moves the next pulse past them", async () => {
    expect((await friskpuls("schedule", "pauses", "U0", "v52-1, juli")).code).toBe(0);
    expect((await friskpuls("schedule", "pack", "U0", "hme")).code).toBe(0);
    const shown = await friskpuls("schedule", "show", "U1", "--now", START.toUTC().toISO()!);
    expect(shown.stdout).toContain("pauses: w52-1, July");
    expect(shown.stdout).toContain("question pack: hme");
    // Every other Monday from week 51: week 53 is paused, week 2 is not.
    expect(shown.stdout).toContain(`next pulse: ${START.plus({ weeks: 4 }).toFormat("yyyy-MM-dd")} 09:00`);
    expect(await db.auditEvent.count({ where: { action: "pulse.schedule.change", subjectId: "U0" } })).toBe(2);
  }, 60_000);

  it("refuses a pause it cannot read, and a unit pause by someone who is not its chef or HR partner", async () => {
    expect((await friskpuls("schedule", "pauses", "U0", "v60")).stderr).toContain('cannot read the pause "v60"');
    const refused = await friskpuls("schedule", "pause-unit", "U1", "--by", "P-other", "--from", "2027-01-01", "--until", "2027-01-31");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("P-other is neither the chef of U1 nor an HR partner covering it");
    expect(await db.unitPause.count()).toBe(0);
  }, 60_000);

  it("pauses a unit for its chef: the next pulse for it comes after the pause", async () => {
    const from = START.plus({ weeks: 4 }).toISODate()!;
    const until = START.plus({ weeks: 5 }).toISODate()!;
    const set = await friskpuls("schedule", "pause-unit", "U1", "--by", "P-chef", "--from", from, "--until", until);
    expect(set.code).toBe(0);
    const shown = await friskpuls("schedule", "show", "U1", "--now", START.toUTC().toISO()!);
    expect(shown.stdout).toContain(`unit pause: ${from}..${until}`);
    expect(shown.stdout).toContain(`next pulse: ${START.plus({ weeks: 6 }).toFormat("yyyy-MM-dd")} 09:00`);
  }, 60_000);
});
