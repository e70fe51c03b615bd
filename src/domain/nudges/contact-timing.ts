// When a chef hears of a contact request ("Jag vill att min chef hör av sig"), for the person who
// asked: the request becomes a case at the next tick, and the chef's case card goes out at most
// once a day, on weekdays 08–17 in the chef's time zone (nudge-jobs.ts). So: already told, today,
// or the next working morning — or nobody, when the org data has no manager for the person.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { digestKey } from "../../delivery/outbox-keys.js";
import { nextWorkingTime, OFFICE_HOURS } from "../schedule/working-hours.js";
import { findManagerOf } from "./case-routing.js";

export type ContactTiming = { kind: "told" } | { kind: "today" } | { kind: "at"; at: Date } | { kind: "noManager" };

export async function whenManagerHears(db: Db, personId: string, now: Date): Promise<ContactTiming> {
  const linked = await db.contactRequest.findMany({ where: { personId, caseId: { not: null } }, select: { caseId: true } });
  const cases = linked.length
    ? await db.nudgeCase.findMany({
        where: { id: { in: linked.map((r) => r.caseId!) }, status: { in: ["open", "planned"] } },
        select: { ownerId: true, notifiedAt: true },
      })
    : [];
  if (cases.some((c) => c.notifiedAt !== null)) return { kind: "told" };
  const ownerId = cases[0]?.ownerId ?? (await findManagerOf(db, personId))?.ownerId;
  if (!ownerId) return { kind: "noManager" };
  const owner = await db.person.findUnique({ where: { id: ownerId }, select: { timeZone: true } });
  const hours = { ...OFFICE_HOURS, timeZone: owner?.timeZone ?? "Europe/Stockholm" };
  const local = DateTime.fromJSDate(now, { zone: hours.timeZone });
  const sentToday = await db.outboxMessage.count({ where: { idempotencyKey: digestKey(ownerId, local.toISODate()!).idempotencyKey } });
  const from = sentToday > 0 ? local.plus({ days: 1 }).startOf("day").toJSDate() : now;
  const at = nextWorkingTime(from, hours);
  return at.getTime() === now.getTime() ? { kind: "today" } : { kind: "at", at };
}
