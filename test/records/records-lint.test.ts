// The records module reaches the answer, participation and sick-leave member tables through one
// door (own-answer-rows.ts): lint reports the same read anywhere else in it, as Prisma delegate and
// as SQL, and lets the door through.
import { expect, it } from "vitest";
import { brokenRules } from "../harness/lint-text.js";

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
