// Retention (DESIGN.md, "Early signals and nudges"): sick-leave occasions whose last day is more
// than 13 months before today are deleted. Run daily, and at the end of every import.
import type { DbTx } from "../../db/client.js";
import { ABSENCE_RETENTION_MONTHS, computeExpiryCutoff } from "./absence-calendar.js";

export async function deleteExpiredAbsences(db: DbTx, now: Date, retentionMonths = ABSENCE_RETENTION_MONTHS): Promise<{ deleted: number }> {
  const { count } = await db.absence.deleteMany({ where: { lastDay: { lt: computeExpiryCutoff(now, retentionMonths) } } });
  return { deleted: count };
}

/** How many occasions the next deleteExpiredAbsences would delete (dry runs, "nothing to do"). */
export async function countExpiredAbsences(db: DbTx, now: Date, retentionMonths = ABSENCE_RETENTION_MONTHS): Promise<number> {
  return db.absence.count({ where: { lastDay: { lt: computeExpiryCutoff(now, retentionMonths) } } });
}
