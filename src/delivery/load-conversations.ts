import type { Db } from "../db/client.js";
import type { StoredConversation } from "./message-sender.js";
import type { ClaimedRow } from "./claim.js";
import { parseStoredReference } from "./stored-reference.js";

/** The stored references for a claimed batch, in one query. Bad JSON counts as no conversation. */
export async function loadConversations(db: Db, rows: ClaimedRow[]): Promise<Map<string, StoredConversation & { active: boolean }>> {
  const ids = [...new Set(rows.map((r) => r.conversationRefId).filter((id): id is string => !!id))];
  const refs = await db.conversationRef.findMany({ where: { id: { in: ids } }, select: { id: true, reference: true, tenantId: true, active: true } });
  const out = new Map<string, StoredConversation & { active: boolean }>();
  for (const ref of refs) {
    const reference = parseStoredReference(ref.reference);
    if (reference) out.set(ref.id, { reference, tenantId: ref.tenantId, active: ref.active });
  }
  return out;
}
