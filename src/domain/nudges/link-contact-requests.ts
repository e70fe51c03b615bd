// "Jag vill att min chef hör av sig" → a case for the person's manager, naming the person and
// nothing else: the request is stored apart from answers and the case never reads them. A request
// withdrawn before the manager was told closes its case quietly.
import type { Db } from "../../db/client.js";
import { findManagerOf } from "./case-routing.js";
import { openCase, openKeyOf } from "./open-case.js";

export async function linkContactRequests(db: Db, now: Date): Promise<{ opened: number; linked: number; withdrawn: number; unrouted: number }> {
  const pending = await db.contactRequest.findMany({ where: { caseId: null }, select: { id: true, personId: true }, orderBy: { createdAt: "asc" } });
  let opened = 0;
  let linked = 0;
  let unrouted = 0;
  for (const request of pending) {
    const key = openKeyOf("contact_request", request.personId);
    let caseId = (await db.nudgeCase.findUnique({ where: { openKey: key }, select: { id: true } }))?.id ?? null;
    if (!caseId) {
      const manager = await findManagerOf(db, request.personId);
      if (!manager) {
        unrouted++;
        continue;
      }
      caseId = await openCase(
        db,
        { signal: "contact_request", subjectPersonId: request.personId, unitId: manager.unitId, ownerId: manager.ownerId, openKey: key, detail: {} },
        now,
      );
      if (caseId) opened++;
      else caseId = (await db.nudgeCase.findUnique({ where: { openKey: key }, select: { id: true } }))?.id ?? null;
    }
    if (!caseId) continue;
    await db.contactRequest.update({ where: { id: request.id }, data: { caseId } });
    linked++;
  }
  const unsent = await db.nudgeCase.findMany({
    where: { signal: "contact_request", status: "open", notifiedAt: null },
    select: { id: true, subjectPersonId: true },
  });
  let withdrawn = 0;
  for (const c of unsent) {
    if ((await db.contactRequest.count({ where: { personId: c.subjectPersonId! } })) > 0) continue;
    const closed = await db.nudgeCase.updateMany({
      where: { id: c.id, status: "open", notifiedAt: null },
      data: { status: "not_relevant", reason: "withdrawn", openKey: null, closedAt: now },
    });
    withdrawn += closed.count;
  }
  return { opened, linked, withdrawn, unrouted };
}
