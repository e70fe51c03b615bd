// Absence planning (src/domain/absences/plan-absence-changes.ts) without a database: an occasion is
// a person and a first day; a new one is created, a changed last day updated, an identical row
// counted and left alone, and one that ended before the retention cutoff never stored.
import { describe, expect, it } from "vitest";
import { planAbsenceChanges, type StoredAbsence } from "../../src/domain/absences/plan-absence-changes.js";
import type { AbsenceRow } from "../../src/domain/absences/absence-row-schema.js";

const row = (person_id: string, first_day: string, last_day: string, line = 2): AbsenceRow => ({ person_id, first_day, last_day, line });
const CUTOFF = "2026-01-01";

describe("planning absence changes", () => {
  it("creates new occasions, updates a changed last day and leaves identical ones alone", () => {
    const stored: StoredAbsence[] = [
      { personId: "P1", firstDay: "2026-03-02", lastDay: "2026-03-04" },
      { personId: "P2", firstDay: "2026-03-02", lastDay: "2026-03-06" },
    ];
    const plan = planAbsenceChanges(
      [
        row("P1", "2026-03-02", "2026-03-04"),
        row("P2", "2026-03-02", "2026-03-10"),
        row("P2", "2026-04-01", "2026-04-01"),
        row("P3", "2026-03-02", "2026-03-02"),
      ],
      stored,
      CUTOFF,
    );
    expect(plan).toEqual({
      create: [
        { personId: "P2", firstDay: "2026-04-01", lastDay: "2026-04-01" },
        { personId: "P3", firstDay: "2026-03-02", lastDay: "2026-03-02" },
      ],
      update: [{ personId: "P2", firstDay: "2026-03-02", lastDay: "2026-03-10" }],
      unchanged: 1,
      tooOld: 0,
    });
  });

  it("a shortened occasion is an update too; one person's first day never matches another's", () => {
    const stored = [{ personId: "P1", firstDay: "2026-03-02", lastDay: "2026-03-10" }];
    expect(planAbsenceChanges([row("P1", "2026-03-02", "2026-03-03")], stored, CUTOFF).update).toEqual([
      { personId: "P1", firstDay: "2026-03-02", lastDay: "2026-03-03" },
    ]);
    expect(planAbsenceChanges([row("P10", "2026-03-02", "2026-03-10")], stored, CUTOFF)).toMatchObject({
      create: [{ personId: "P10" }],
      update: [],
      unchanged: 0,
    });
  });

  it("an occasion that ended before the cutoff is not stored; one ending on the cutoff day is", () => {
    const plan = planAbsenceChanges([row("P1", "2025-12-01", "2025-12-31"), row("P2", "2025-12-20", "2026-01-01")], [], CUTOFF);
    expect(plan.tooOld).toBe(1);
    expect(plan.create).toEqual([{ personId: "P2", firstDay: "2025-12-20", lastDay: "2026-01-01" }]);
  });

  it("a too-old row is not an update even when it is stored (retention deletes it, the import does not touch it)", () => {
    const stored = [{ personId: "P1", firstDay: "2025-12-01", lastDay: "2025-12-05" }];
    expect(planAbsenceChanges([row("P1", "2025-12-01", "2025-12-10")], stored, CUTOFF)).toEqual({ create: [], update: [], unchanged: 0, tooOld: 1 });
  });

  it("stored occasions missing from the file are not planned away: the file adds and corrects", () => {
    const stored = [{ personId: "P1", firstDay: "2026-03-02", lastDay: "2026-03-04" }];
    expect(planAbsenceChanges([], stored, CUTOFF)).toEqual({ create: [], update: [], unchanged: 0, tooOld: 0 });
  });
});
