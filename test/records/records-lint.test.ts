// The records module reaches the answer, participation and sick-leave member tables through one
// door (own-answer-rows.ts): lint reports the same read anywhere else in it, as Prisma delegate and
// as SQL, and lets the door through.
import { join } from "node:path";
import { ESLint } from "eslint";
import { beforeAll, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
let eslint: ESLint;

async function brokenRules(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

it("fences SickLeaveCell and SickLeaveCellMember to the aggregates and the records module's door", async () => {
  const read = (table: string) =>
    `export async function read(db: { ${table}: { findMany(a: unknown): Promise<unknown[]> } }) {\n  return db.${table}.findMany({ where: { personId: "p" } });\n}\n`;
  for (const table of ["sickLeaveCellMember", "sickLeaveCell"]) {
    expect(await brokenRules("src/domain/records/person-record.ts", read(table))).toEqual([
      expect.stringMatching(/^no-restricted-syntax: .*only in src\/domain\/aggregates/),
    ]);
    expect(await brokenRules("src/domain/records/own-answer-rows.ts", read(table))).toEqual([]);
    expect(await brokenRules("src/domain/aggregates/some-builder.ts", read(table))).toEqual([]);
  }
  const sql = 'export const q = `DELETE FROM "SickLeaveCellMember" WHERE "personId" = $1`;\n';
  expect(await brokenRules("src/domain/records/erase-person.ts", sql)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*in SQL too/)]);
});
