// `friskpuls reach` on org-large, exported without Entra ids, with a fake Graph that knows 95 % of
// the people: `reach match` fills exactly those, and the report says so per unit and in total.
// Expected figures are computed from the fixture here, not written down.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGraph } from "../harness/fake-graph.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { ORG_LARGE_DIR, readOrgDir } from "../harness/org-files.js";
import { fixedClock } from "../../src/clock.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);

function rows(file: string): string[][] {
  return readFileSync(join(ORG_LARGE_DIR, file), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(","));
}

describe("friskpuls reach on org-large", () => {
  let fake: FakeGraph;
  let t: TestDatabase;
  let dir: string;
  const people = rows("people.csv"); // person_id,display_name,email,aad_object_id,locale
  // The fake knows every person but each twentieth (by position in the export): 95 %.
  const known = new Set(people.filter((_, i) => i % 20 !== 0).map((p) => p[0]!));

  beforeAll(async () => {
    fake = await new FakeGraph().start();
    for (const [id, name, email, aad] of people) if (known.has(id!)) fake.addUser({ id: aad!, displayName: name!, mail: email!, userPrincipalName: email! });
    t = await createSqliteTestDb();
    // The same export without the aad_object_id column's values (CRLF kept).
    const files = readOrgDir(ORG_LARGE_DIR);
    const withoutIds = new TextDecoder()
      .decode(files.people)
      .split("\r\n")
      .map((line, i) =>
        i === 0 || !line
          ? line
          : line
              .split(",")
              .map((v, c) => (c === 3 ? "" : v))
              .join(","),
      );
    dir = mkdtempSync(join(tmpdir(), "friskpuls-org-large-"));
    writeFileSync(join(dir, "people.csv"), withoutIds.join("\r\n"));
    const imported = await importOrg(
      t.db,
      { ...files, people: new Uint8Array(readFileSync(join(dir, "people.csv"))) },
      { source: "org-large without ids", clock: fixedClock("2026-11-02T08:00:00Z") },
    );
    expect(imported.status).toBe("applied");
  }, 300_000);
  afterAll(async () => {
    await t?.cleanup();
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent", ...fake.env() },
      maxBuffer: 64 * 1024 * 1024,
    });

  it("matches the 95 % Graph knows and reports exactly that, per unit and in total", async () => {
    expect(await t.db.person.count({ where: { aadObjectId: { not: null } } })).toBe(0);
    const match = JSON.parse((await cli(["reach", "match", "--json"])).stdout);
    expect(match).toMatchObject({ checked: people.length, matched: known.size, notFound: people.length - known.size, ambiguous: 0, remaining: 0 });

    const report = JSON.parse((await cli(["reach", "--json"])).stdout);
    const membersOf = new Map<string, Set<string>>();
    for (const [personId, unitId] of rows("assignments.csv")) membersOf.set(unitId!, (membersOf.get(unitId!) ?? new Set()).add(personId!));
    const everyone = new Set(rows("assignments.csv").map((a) => a[0]!));
    const expected = (ids: Set<string>) => {
      const matched = [...ids].filter((id) => known.has(id)).length;
      return { members: ids.size, matched, installed: 0, reachable: 0, why: expect.objectContaining({ notFound: ids.size - matched, notRequested: matched }) };
    };
    expect(report.units).toHaveLength(rows("units.csv").length);
    for (const u of report.units) expect(u.counts, u.unit.id).toEqual(expected(membersOf.get(u.unit.id) ?? new Set()));
    expect(report.total).toEqual(expected(everyone));
    expect(report.total.matched / report.total.members).toBeCloseTo(0.95, 2);

    const text = (await cli(["reach", "--lang", "en-US"])).stdout;
    expect(text).toContain("Reach in Teams");
    expect(text).toMatch(new RegExp(`Total\\s+${everyone.size}\\s+${[...everyone].filter((id) => known.has(id)).length} \\(95 %\\)`));
  }, 480_000); // three CLI runs and ~1,200 Graph requests at GRAPH_RATE=100, on a shared machine
});
