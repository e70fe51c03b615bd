// Where the outbox's cards landed: the Teams activity id each delivered row got back (ADR 0006),
// so a later action can update a card in place — e.g. the first pulse card when the person
// answered on the reminder (issue 16).
import type { Db } from "../db/client.js";
import type { OutboxKey, OutboxKind } from "./outbox-keys.js";
import { directSql } from "../db/direct-sql.js";
import { deliveredCardsUnder } from "./delivered-cards.statements.js";

export interface DeliveredCard {
  kind: OutboxKind;
  activityId: string;
  conversationRefId: string | null;
}

/**
 * The delivered cards under these keys (one or two: a card and its reminder), wherever they went.
 * On every pulse answer from Teams, so through the direct SQL door (ADR 0013).
 */
export async function deliveredCards(db: Db, keys: [OutboxKey] | [OutboxKey, OutboxKey]): Promise<DeliveredCard[]> {
  const [first, second = first] = keys;
  const rows = await (
    await directSql(db)
  ).query<{ kind: string; activityId: string; conversationRefId: string | null }>(deliveredCardsUnder(first.idempotencyKey, second.idempotencyKey));
  return rows.map((r) => ({ kind: r.kind as OutboxKind, activityId: r.activityId, conversationRefId: r.conversationRefId }));
}

/** Those of `cards` delivered to this conversation (a reinstall starts a new one; old cards stay in the old). */
export async function cardsInConversation(db: Db, cards: DeliveredCard[], conversationId: string): Promise<DeliveredCard[]> {
  const refIds = [...new Set(cards.flatMap((c) => (c.conversationRefId ? [c.conversationRefId] : [])))];
  if (refIds.length === 0) return [];
  const here = new Set((await db.conversationRef.findMany({ where: { id: { in: refIds }, conversationId }, select: { id: true } })).map((r) => r.id));
  return cards.filter((c) => c.conversationRefId !== null && here.has(c.conversationRefId));
}
