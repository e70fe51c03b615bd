// The audit export's date bounds and CSV: a day is a whole Swedish day; a cell a spreadsheet would
// run as a formula is defused.
import { expect, it } from "vitest";
import { parseAuditBound } from "../../src/cli/commands/audit.js";
import { formatAuditCsv } from "../../src/domain/records/audit-export.js";

it("reads --from and --to as whole days in Swedish time, or ISO times with a zone", () => {
  expect(parseAuditBound("2026-11-01", "from")!.toISOString()).toBe("2026-10-31T23:00:00.000Z");
  expect(parseAuditBound("2026-11-30", "to")!.toISOString()).toBe("2026-11-30T23:00:00.000Z");
  expect(parseAuditBound("2026-07-01", "to")!.toISOString()).toBe("2026-07-01T22:00:00.000Z");
  expect(parseAuditBound("2026-11-01T10:00:00Z", "from")!.toISOString()).toBe("2026-11-01T10:00:00.000Z");
  expect(parseAuditBound(undefined, "from")).toBeUndefined();
  expect(() => parseAuditBound("2026-11-01T10:00", "from")).toThrow(/--from/);
  expect(() => parseAuditBound("2026-02-30", "to")).toThrow(/--to: not a date/);
});

it("writes CSV with quoted cells and no formulas", () => {
  const csv = formatAuditCsv([
    {
      at: "2026-11-01T10:00:00.000Z",
      actorId: "P1",
      actorName: '=HYPERLINK("x")',
      action: "targets.set",
      subjectType: "unit",
      subjectId: "U1",
      subjectName: "Vård, Norr",
      detail: { entries: [1, 2] },
    },
  ]);
  const [header, row] = csv.trim().split("\r\n");
  expect(header).toBe("at,actor_id,actor_name,action,subject_type,subject_id,subject_name,detail");
  expect(row).toBe(`2026-11-01T10:00:00.000Z,P1,"'=HYPERLINK(""x"")",targets.set,unit,U1,"Vård, Norr","{""entries"":[1,2]}"`);
});
