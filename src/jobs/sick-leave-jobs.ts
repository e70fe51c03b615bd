// Sick-leave statistics per unit (issue 17): once per calendar month (Europe/Stockholm), the first
// tick on or after the 1st builds every active unit's cells as of that moment and decides their
// release against the months before (build-sick-leave-cells.ts). A month is built once (unique
// month + unit): later ticks of the month, and a second instance, do nothing. A month the service
// was down for entirely is not built afterwards (the org of that day is gone); the next is.
import type { Db } from "../db/client.js";
import type { Job } from "./job.js";
import type { NudgeThresholds } from "../domain/nudges/thresholds.js";
import { buildSickLeaveCells } from "../domain/aggregates/build-sick-leave-cells.js";

export interface SickLeaveJobDeps {
  db: Db;
  minGroupSize: number;
  thresholds: Pick<NudgeThresholds, "sickLeaveOccasions" | "sickLeaveMonths">;
}

export function buildSickLeaveJobs(deps: SickLeaveJobDeps): Job[] {
  return [
    {
      name: "sickLeave.snapshot",
      async run(now) {
        const built = await buildSickLeaveCells(deps.db, {
          now,
          k: deps.minGroupSize,
          occasions: deps.thresholds.sickLeaveOccasions,
          months: deps.thresholds.sickLeaveMonths,
        });
        // Counts only: which unit is withheld is never logged.
        return { built: built ? 1 : 0, cells: built?.cells ?? 0, released: built?.released ?? 0 };
      },
    },
  ];
}
