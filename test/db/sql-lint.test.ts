// The lint fences around the database doors (eslint.config.js, ADR 0013): the direct door only in
// the files the ADR names, SQL only in *.statements.ts files (where sql-statements.test.ts checks
// it), and the answer tables unreadable outside the aggregates module in SQL strings too.
import { describe, expect, it } from "vitest";
import { brokenRules } from "../harness/lint-text.js";

describe("lint fences the database doors", () => {
  it("reports the direct door outside the files ADR 0013 names", async () => {
    const code = `import { directSql } from "../db/direct-sql.js";\nexport const door = directSql;\n`;
    expect(await brokenRules("src/jobs/some-job.ts", code)).toEqual([expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*ADR 0013/)]);
    expect(await brokenRules("src/teams/processed-activities.ts", code)).toEqual([]);
    // A statements file builds statements; it does not open the door itself.
    expect(await brokenRules("src/jobs/some-job.statements.ts", code)).toEqual([expect.stringMatching(/no-restricted-imports: .*ADR 0013/)]);
  });

  it("reports SQL written outside a *.statements.ts file", async () => {
    const direct = `import { directSql, sql } from "../../db/direct-sql.js";\nexport const both = [directSql, sql];\n`;
    expect(await brokenRules("src/domain/org/find-person.ts", direct)).toEqual([expect.stringMatching(/no-restricted-imports: .*statements\.ts/)]);
    const statements = `import { directStatement, sql } from "../../db/direct-sql.js";\nexport const both = [directStatement, sql];\n`;
    expect(await brokenRules("src/domain/org/find-person.statements.ts", statements)).toEqual([]);

    const raw = "export async function run(db: { $queryRaw(q: TemplateStringsArray): Promise<unknown> }) {\n  await db.$queryRaw`SELECT 1`;\n}\n";
    expect(await brokenRules("src/delivery/claim.ts", raw)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*statements\.ts/)]);
    expect(await brokenRules("src/jobs/some-job.ts", raw)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-properties: /), expect.stringMatching(/^no-restricted-syntax: /)]),
    );
  });

  it("reports the answer and rating tables named in SQL strings outside the aggregates module", async () => {
    const template = 'export const q = `SELECT "value" FROM "PulseAnswer" WHERE "pulseId" = ${"p"}`;\n';
    const literal = "export const q = 'SELECT COUNT(*) FROM \"HfRating\"';\n";
    for (const code of [template, literal]) {
      expect(await brokenRules("src/jobs/some-job.ts", code)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*src\/domain\/aggregates.*in SQL too/)]);
      expect(await brokenRules("src/domain/aggregates/some-figures.ts", code)).toEqual([]);
    }
    // A table whose name merely starts the same is not fenced.
    expect(await brokenRules("src/jobs/some-job.ts", "export const q = 'SELECT 1 FROM \"PulseRecipient\"';\n")).toEqual([]);
  });
});
