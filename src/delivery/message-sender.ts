// The one thing the delivery engine needs from Teams. The Teams adapter implements it
// (src/teams/connector-sender.ts); the engine stays free of botbuilder.
import type { OutgoingActivity } from "./enqueue.js";

export interface StoredConversation {
  /** botbuilder ConversationReference as stored at install (JSON-parsed). */
  reference: Record<string, unknown>;
  tenantId: string | null;
}

export interface MessageSender {
  send(conversation: StoredConversation, activity: OutgoingActivity): Promise<{ activityId: string | undefined }>;
}
