// Where the outbox's cards landed: the Teams activity id each delivered row got back (ADR 0006),
// so a later action can update a card in place — e.g. the first pulse card when the person
// answered on the reminder (issue 16). Only cards delivered to the given conversation.
import type { Db } from "../db/client.js";
import type { OutboxKey, OutboxKind } from "./outbox-keys.js";
import { STATUS } from "./outbox-status.js";

export interface DeliveredCard {
  kind: OutboxKind;
  activityId: string;
}

export async function deliveredCards(db: Db, keys: OutboxKey[], conversationId: string): Promise<DeliveredCard[]> {
  const rows = await db.outboxMessage.findMany({
    where: { idempotencyKey: { in: keys.map((k) => k.idempotencyKey) }, status: STATUS.delivered, activityId: { not: null } },
    select: { kind: true, activityId: true, conversationRefId: true },
  });
  const refIds = [...new Set(rows.flatMap((r) => (r.conversationRefId ? [r.conversationRefId] : [])))];
  if (refIds.length === 0) return [];
  const here = new Set((await db.conversationRef.findMany({ where: { id: { in: refIds }, conversationId }, select: { id: true } })).map((r) => r.id));
  return rows.filter((r) => r.conversationRefId && here.has(r.conversationRefId)).map((r) => ({ kind: r.kind as OutboxKind, activityId: r.activityId! }));
}
