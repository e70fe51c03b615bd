// Friskpuls' own view of one inbound turn: what handlers may read and do, and nothing of the SDK.
// Built in one place from botbuilder's TurnContext (turn-context.ts); a move to the Teams SDK v2
// builds it from that SDK's context instead and leaves every handler as it is (ADR 0021).
import type { Locale } from "../i18n/index.js";
import type { CardAttachment } from "./cards/card-attachment.js";
import type { Identity, Sender } from "./identify-sender.js";
import type { StoredConversationReference } from "./conversation-refs.js";

/** Adaptive Card JSON (what a template expands to; toCardAttachment makes it an attachment). */
export type Card = Record<string, unknown>;

/** The facts of the inbound activity handlers read. Card data is not here: verbs get it validated. */
export interface TurnActivity {
  type: string;
  /** The chat text, with the bot's @mention removed. */
  text: string | undefined;
  /** A message that carries card data and no text: an Action.Submit, not a typed command. */
  isCardSubmit: boolean;
  /** installationUpdate: "add", "remove", … */
  action: string | undefined;
  locale: string | undefined;
  conversation: { id: string; type: string | undefined; tenantId: string | undefined };
  from: { id: string; aadObjectId: string | undefined };
  /** A card action: the id of the message (card) it came from, when Teams says. */
  replyToId: string | undefined;
  /** conversationUpdate: the bot itself was added / removed. */
  botAdded: boolean;
  botRemoved: boolean;
}

/** A text reply; markdown when it is a document (the register extract). */
export interface TextReply {
  text: string;
  markdown?: boolean;
}

export interface Turn {
  readonly activity: TurnActivity;
  /** The person behind the activity (from the database, never from the card), with roles. Asked once per turn. */
  sender(): Promise<Sender>;
  /** The person without roles: one query fewer on the pulse path. */
  person(): Promise<Identity>;
  /** This 1:1 conversation as proactive sends need it (stored at install). */
  conversationReference(): StoredConversationReference;
  reply(message: string | TextReply | CardAttachment): Promise<void>;
  /** Action.Submit fallback: the card the action came from is updated (or, without one, sent). */
  replaceCard(card: Card): Promise<void>;
  /** Another card the bot sent earlier in this conversation, updated in place (its activity id). */
  updateCard(activityId: string, card: Card): Promise<void>;
}

export type { Identity, Locale, Sender };
