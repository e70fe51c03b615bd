// What a proactive card needs about each recipient: language, time zone and the active 1:1
// conversation (null when the bot is not installed: the outbox records the row as unreachable).
import type { Db } from "../db/client.js";

export interface RecipientInfo {
  personId: string;
  locale: string;
  timeZone: string;
  conversationRefId: string | null;
}

export async function loadRecipientInfo(db: Db, personIds: string[]): Promise<Map<string, RecipientInfo>> {
  const result = new Map<string, RecipientInfo>();
  for (let i = 0; i < personIds.length; i += 500) {
    const ids = personIds.slice(i, i + 500);
    const [people, refs] = await Promise.all([
      db.person.findMany({ where: { id: { in: ids } }, select: { id: true, locale: true, timeZone: true } }),
      db.conversationRef.findMany({ where: { personId: { in: ids }, active: true }, select: { id: true, personId: true }, orderBy: { installedAt: "desc" } }),
    ]);
    const refOf = new Map<string, string>();
    for (const ref of refs) if (ref.personId && !refOf.has(ref.personId)) refOf.set(ref.personId, ref.id);
    for (const p of people) result.set(p.id, { personId: p.id, locale: p.locale, timeZone: p.timeZone, conversationRefId: refOf.get(p.id) ?? null });
  }
  return result;
}
