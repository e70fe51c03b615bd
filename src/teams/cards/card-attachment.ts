// The one place an Adaptive Card becomes a message attachment, for replies and for the outbox
// alike. A plain object (no botbuilder types) so jobs and domain-facing code can build it too.

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

// A type alias, not an interface: the outbox's loose activity type accepts it as it is.
export type CardAttachment = {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
};

export function toCardAttachment(content: Record<string, unknown>): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** A message activity carrying one card: what the outbox stores and what a reply sends. */
export function toCardMessage(content: Record<string, unknown>): { type: "message"; attachments: CardAttachment[] } {
  return { type: "message", attachments: [toCardAttachment(content)] };
}
