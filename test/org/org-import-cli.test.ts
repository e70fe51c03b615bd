// `npx friskpuls org import <dir>` as an operator runs it: a real child process, exit codes, output.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { createDb } from "../../src/db/client.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";
import { createSqliteFile } from "../harness/databases.js";
import { ORG_DEMO_DIR, smallOrg } from "../harness/org-files.js";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function friskpuls(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function writeExport(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), "friskpuls-export-"));
  dirs.push(dir);
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join("\r\n") + "\r\n");
  return dir;
}

describe("friskpuls org import", () => {
  it("imports a folder, then reports a re-import as unchanged", async () => {
    const { url, dir } = createSqliteFile();
    dirs.push(dir);
    const first = await friskpuls(["org", "import", ORG_DEMO_DIR, "--lang", "en-US"], url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("The organisation is imported.");
    expect(first.stdout).toContain("People: 87 in the file – 87 new, 0 changed, 0 deactivated");
    const second = await friskpuls(["org", "import", ORG_DEMO_DIR], url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Ingenting har ändrats sedan förra importen.");
    const db = createDb(resolveDatabaseTarget(url));
    expect(await db.person.count()).toBe(87);
    await db.$disconnect();
  });

  it("rejects a bad folder with file:line: reason for every bad row and exit code 65", async () => {
    const { url, dir } = createSqliteFile();
    dirs.push(dir);
    const org = smallOrg();
    org.people.push("P6,Fel Post,inte-en-adress,,sv-SE");
    org.assignments.push("P6,U1,chef");
    const bad = writeExport({ "units.csv": org.units, "People.csv": org.people, "assignments.csv": org.assignments });
    const result = await friskpuls(["org", "import", bad], url);
    expect(result.code).toBe(65);
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([
      "people.csv:7: email ”inte-en-adress” är ingen giltig e-postadress",
      "assignments.csv:9: role ”chef” är ingen känd roll (member, manager, safety_rep, senior_safety_rep, regional_safety_rep, hr_partner)",
      "Importen avvisades: 2 fel. Ingenting har ändrats.",
    ]);
    const db = createDb(resolveDatabaseTarget(url));
    expect(await db.person.count()).toBe(0);
    await db.$disconnect();
  });

  it("names missing files and refuses a path that is not a folder", async () => {
    const { url, dir } = createSqliteFile();
    dirs.push(dir);
    const partial = writeExport({ "units.csv": smallOrg().units });
    const missing = await friskpuls(["org", "import", partial, "--lang", "en-US", "--json"], url);
    expect(missing.code).toBe(65);
    expect(JSON.parse(missing.stdout)).toEqual({
      status: "rejected",
      problems: [
        { file: "people.csv", code: "missingFile" },
        { file: "assignments.csv", code: "missingFile" },
      ],
    });
    const nowhere = join(partial, "finns-inte");
    expect((await friskpuls(["org", "import", nowhere], url)).code).toBe(66);
  });
});
