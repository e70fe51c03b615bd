// A nudge is a case, not a message: at most one open case per subject and signal (openKey is
// unique while the case is open). Opening one that is already open does nothing.
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import type { Signal } from "./thresholds.js";

/** What a case may carry besides who and where: never answers, ratings or sick-leave dates. */
export const CaseDetailSchema = z
  .object({
    pulseId: z.string().optional(),
    latestPct: z.number().optional(),
    baselinePct: z.number().optional(),
    weakestFactor: z.string().nullable().optional(),
    /** Skyddsombud get their own copy of a unit's case; it is not escalated. */
    ownerRole: z.enum(["manager", "safety_rep"]).optional(),
  })
  .strict();
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export interface NewCase {
  signal: Signal;
  subjectPersonId: string | null;
  unitId: string;
  ownerId: string;
  openKey: string;
  detail: CaseDetail;
}

export function openKeyOf(signal: Signal, subject: string): string {
  return `${signal}:${subject}`;
}

/** The new case's id, or null when one is already open under the same key. */
export async function openCase(db: Db | DbTx, c: NewCase, now: Date): Promise<string | null> {
  const existing = await db.nudgeCase.findUnique({ where: { openKey: c.openKey }, select: { id: true } });
  if (existing) return null;
  try {
    const row = await db.nudgeCase.create({
      data: {
        signal: c.signal,
        subjectPersonId: c.subjectPersonId,
        unitId: c.unitId,
        ownerId: c.ownerId,
        openKey: c.openKey,
        detail: JSON.stringify(CaseDetailSchema.parse(c.detail)),
        openedAt: now,
      },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    // Another tick opened it between our read and write.
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
}

export function parseCaseDetail(json: string): CaseDetail {
  const parsed = CaseDetailSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : {};
}
