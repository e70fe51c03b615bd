// Inbound activities already handled (ADR 0012). Teams and the Bot Connector may deliver the same
// activity again (a retry after a timeout, a redelivery); each activity is claimed once in the
// database, so this holds across processes on SQLite and PostgreSQL alike.
//
// The row id is a keyed digest (HMAC) of channel, conversation and activity id: the table holds no
// conversation or person in clear and cannot be joined with anything; rows go after the window.
import { createHmac } from "node:crypto";
import type { Db } from "../db/client.js";
import { directSql } from "../db/direct-sql.js";
import { claimActivityRow, completeActivityRow } from "./processed-activities.statements.js";

/** How long an activity id is remembered: far beyond Bot Connector redeliveries and token lifetimes (1 h). */
export const REPLAY_WINDOW_MS = 24 * 3600_000;
/** A claim whose turn never finished (its process died) may be taken over after this long. */
export const CLAIM_LEASE_MS = 60_000;

export interface ActivityIdentity {
  id?: string;
  channelId?: string;
  conversation?: { id?: string };
}

/**
 * A claim is not worth waiting for a disk flush on PostgreSQL (ADR 0013): it becomes durable with
 * the first durable commit after it (the answer's: WAL is written in order).
 */
const NOT_WORTH_A_DISK_FLUSH = { durable: false };

/** The key the claim digests are made with, derived from the secret (once per secret, not per activity). */
const claimKeys = new Map<string, Buffer>();
function claimKeyOf(secret: string): Buffer {
  let key = claimKeys.get(secret);
  if (!key) {
    key = createHmac("sha256", secret).update("friskpuls/processed-activity").digest();
    claimKeys.set(secret, key);
  }
  return key;
}

/** The claim key, or undefined when the activity has no id to deduplicate by. */
export function processedActivityKey(secret: string, activity: ActivityIdentity): string | undefined {
  const activityId = activity.id;
  const conversationId = activity.conversation?.id;
  if (!activityId || !conversationId) return undefined;
  return createHmac("sha256", claimKeyOf(secret))
    .update(JSON.stringify([activity.channelId ?? "", conversationId, activityId]))
    .digest("base64url");
}

/**
 * Claims an activity for this turn: "claimed" the first time (or when an earlier claim was
 * abandoned past the lease), "replay" when it has been handled or is being handled right now.
 * Through the direct SQL door: this runs on every inbound activity (ADR 0013).
 */
export async function claimActivity(db: Db, key: string, now: Date): Promise<"claimed" | "replay"> {
  // One statement: a new id is inserted; a known one is taken over only when its claim was abandoned.
  const leaseStart = new Date(now.getTime() - CLAIM_LEASE_MS);
  const claimed = await (await directSql(db)).execute(claimActivityRow(key, now, leaseStart), NOT_WORTH_A_DISK_FLUSH);
  return claimed === 1 ? "claimed" : "replay";
}

/**
 * The turn finished: a redelivery from now on is a replay for good. Gathered with other turns'
 * completions into one write (src/db/gathered-writes.ts): until it is written the claim is still
 * held, so a redelivery in between is a replay as well, and one lost in a crash costs what a lost
 * completion always did (a redelivery after the lease is handled).
 */
export async function completeActivity(db: Db, key: string, now: Date): Promise<void> {
  await (await directSql(db)).executeGathered(completeActivityRow(key, now));
}

/** The turn failed: forget the claim so a redelivery is handled. */
export async function releaseActivity(db: Db, key: string): Promise<void> {
  await db.processedActivity.deleteMany({ where: { id: key, completedAt: null } });
}

/** Retention: ids older than the replay window. */
export async function purgeProcessedActivities(db: Db, now: Date, windowMs = REPLAY_WINDOW_MS): Promise<{ purged: number }> {
  const { count } = await db.processedActivity.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - windowMs) } } });
  return { purged: count };
}
