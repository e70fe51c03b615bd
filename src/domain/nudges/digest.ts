// What each person's daily nudge card holds: their own cases not yet told, and cases escalated to
// them as HR partner (open, neither planned nor done, N days after they were opened; once). The
// job sends at most one card per person and local day, in office hours, then marks what it told.
import type { Db } from "../../db/client.js";
import { findHrPartners } from "./case-routing.js";
import { parseCaseDetail } from "./open-case.js";
import type { NudgeThresholds } from "./thresholds.js";

export interface DigestDue {
  personId: string;
  own: string[];
  escalated: string[];
}

export async function listDigestsDue(db: Db, now: Date, t: NudgeThresholds): Promise<DigestDue[]> {
  const due = new Map<string, DigestDue>();
  const entry = (personId: string) => {
    let d = due.get(personId);
    if (!d) due.set(personId, (d = { personId, own: [], escalated: [] }));
    return d;
  };
  const untold = await db.nudgeCase.findMany({
    where: { status: "open", notifiedAt: null },
    select: { id: true, ownerId: true },
    orderBy: { openedAt: "asc" },
  });
  for (const c of untold) entry(c.ownerId).own.push(c.id);

  const cutoff = new Date(now.getTime() - t.escalationDays * 86_400_000);
  const stale = await db.nudgeCase.findMany({
    where: { status: "open", escalatedAt: null, notifiedAt: { not: null }, openedAt: { lte: cutoff } },
    select: { id: true, unitId: true, ownerId: true, subjectPersonId: true, detail: true },
    orderBy: { openedAt: "asc" },
  });
  for (const c of stale) {
    if (parseCaseDetail(c.detail).ownerRole === "safety_rep") continue;
    const partners = (await findHrPartners(db, c.unitId, c.subjectPersonId)).filter((p) => p !== c.ownerId);
    for (const p of partners) entry(p).escalated.push(c.id);
  }
  return [...due.values()];
}

/** After the card is in the outbox: its own cases are told, its escalations done. */
export async function markDigestPlanned(db: Db, d: DigestDue, now: Date): Promise<void> {
  await db.$transaction([
    db.nudgeCase.updateMany({ where: { id: { in: d.own }, notifiedAt: null }, data: { notifiedAt: now } }),
    db.nudgeCase.updateMany({ where: { id: { in: d.escalated }, escalatedAt: null }, data: { escalatedAt: now } }),
  ]);
}
