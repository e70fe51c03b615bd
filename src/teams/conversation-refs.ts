// The stored 1:1 conversation per Teams user: what proactive sends need (Teams cannot send by
// e-mail), plus the person it belongs to once matched.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";

/**
 * The Bot Framework conversation reference, as botbuilder's getConversationReference makes it and
 * the connector sender reads it back (the fields we rely on; the SDK may add more).
 */
export interface StoredConversationReference {
  activityId?: string;
  user?: { id: string; name?: string; aadObjectId?: string };
  bot?: { id: string; name?: string };
  conversation?: { id: string; tenantId?: string; conversationType?: string };
  channelId?: string;
  locale?: string;
  serviceUrl?: string;
}

export interface InstalledConversation {
  reference: StoredConversationReference;
  userId: string;
  aadObjectId: string | undefined;
  tenantId: string | undefined;
  locale: string | undefined;
}

export async function saveConversationRef(db: Db, clock: Clock, input: InstalledConversation, personId: string | null): Promise<string> {
  const { reference } = input;
  const conversationId = reference.conversation?.id;
  if (!conversationId || !reference.serviceUrl) throw new Error("conversation reference lacks conversation id or serviceUrl");
  const data = {
    userId: input.userId,
    aadObjectId: input.aadObjectId?.toLowerCase() ?? null,
    tenantId: input.tenantId ?? null,
    serviceUrl: reference.serviceUrl,
    channelId: reference.channelId ?? "msteams",
    reference: JSON.stringify(reference),
    locale: input.locale ?? null,
    personId,
    active: true,
    uninstalledAt: null,
    unreachableAt: null,
  };
  const row = await db.conversationRef.upsert({
    where: { conversationId },
    create: { conversationId, installedAt: clock.now(), ...data },
    update: data,
    select: { id: true },
  });
  return row.id;
}

export async function deactivateConversationRef(db: Db, clock: Clock, conversationId: string): Promise<boolean> {
  const { count } = await db.conversationRef.updateMany({
    where: { conversationId, active: true },
    data: { active: false, uninstalledAt: clock.now() },
  });
  return count > 0;
}
