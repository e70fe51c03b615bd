// Planning: jobs put messages into the outbox under an idempotency key. A key that is already
// there is left alone, so a repeated or concurrent tick plans nothing twice.
import { z } from "zod/v4";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { STATUS } from "./outbox-status.js";

export interface PlannedMessage {
  idempotencyKey: string;
  kind: string;
  personId: string | null;
  /** null when the person has not installed the bot: the row is recorded as unreachable. */
  conversationRefId: string | null;
  activity: OutgoingActivity;
  notBefore: Date;
}

/** What we store and send: a plain Bot Framework message activity (JSON). */
export const OutgoingActivitySchema = z.looseObject({
  type: z.literal("message"),
  text: z.string().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string(), content: z.unknown() })).optional(),
});
export type OutgoingActivity = z.infer<typeof OutgoingActivitySchema>;

export interface EnqueueResult {
  planned: number;
  alreadyPlanned: number;
}

const CHUNK = 500;

export async function enqueueMessages(db: Db, clock: Clock, messages: PlannedMessage[]): Promise<EnqueueResult> {
  const result: EnqueueResult = { planned: 0, alreadyPlanned: 0 };
  for (let i = 0; i < messages.length; i += CHUNK) {
    const chunk = dedupeByKey(messages.slice(i, i + CHUNK));
    const planned = await insertMissing(db, clock, chunk).catch(async (error: unknown) => {
      // Another process inserted some of the same keys between our read and write: read again.
      if ((error as { code?: string }).code === "P2002") return insertMissing(db, clock, chunk);
      throw error;
    });
    result.planned += planned;
    result.alreadyPlanned += chunk.length - planned;
  }
  return result;
}

async function insertMissing(db: Db, clock: Clock, chunk: PlannedMessage[]): Promise<number> {
  const existing = await db.outboxMessage.findMany({
    where: { idempotencyKey: { in: chunk.map((m) => m.idempotencyKey) } },
    select: { idempotencyKey: true },
  });
  const known = new Set(existing.map((e) => e.idempotencyKey));
  const now = clock.now();
  const rows = chunk
    .filter((m) => !known.has(m.idempotencyKey))
    .map((m) => ({
      idempotencyKey: m.idempotencyKey,
      kind: m.kind,
      personId: m.personId,
      conversationRefId: m.conversationRefId,
      payload: JSON.stringify(OutgoingActivitySchema.parse(m.activity)),
      notBefore: m.notBefore,
      createdAt: now,
      ...(m.conversationRefId ? {} : { status: STATUS.unreachable, lastError: "not installed: no active Teams conversation", finishedAt: now }),
    }));
  if (rows.length > 0) await db.outboxMessage.createMany({ data: rows });
  return rows.length;
}

function dedupeByKey(messages: PlannedMessage[]): PlannedMessage[] {
  const seen = new Map<string, PlannedMessage>();
  for (const m of messages) if (!seen.has(m.idempotencyKey)) seen.set(m.idempotencyKey, m);
  return [...seen.values()];
}
