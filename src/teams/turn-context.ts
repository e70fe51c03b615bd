// The edge for inbound turns: botbuilder's TurnContext becomes Friskpuls' Turn (turn.ts), here and
// nowhere else. Handlers read the activity's facts, identify the sender and reply through it.
import { TeamsInfo, TurnContext } from "botbuilder";
import { toCardAttachment, toCardMessage } from "./cards/card-attachment.js";
import { identifyPerson, withRoles, type Identity, type Sender, type SenderFacts } from "./identify-sender.js";
import { findPersonByAadObjectId, type PersonMatch } from "../domain/org/find-person.js";
import type { StoredConversationReference } from "./conversation-refs.js";
import type { BotDeps } from "./bot-deps.js";
import type { Turn } from "./turn.js";

export function toTurn(ctx: TurnContext, deps: BotDeps): Turn {
  const a = ctx.activity;
  const facts: SenderFacts = {
    from: { id: a.from.id, aadObjectId: a.from.aadObjectId },
    locale: a.locale,
    memberEmails: () => askTeamsForEmails(ctx, a.from.id, deps),
  };
  // Identified once per turn, whichever the handler asks first.
  let person: Promise<Identity> | undefined;
  let sender: Promise<Sender> | undefined;
  const identify = () => (person ??= identifyPerson(facts, deps, senderLookups.get(a)));
  return {
    activity: {
      type: a.type,
      text: a.text,
      isCardSubmit: a.value !== undefined && !a.text,
      action: a.action === undefined ? undefined : String(a.action),
      locale: a.locale,
      // Teams sends the tenant twice; the conversation's first (both are checked on the way in).
      conversation: {
        id: a.conversation.id,
        type: a.conversation.conversationType,
        tenantId: a.conversation.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
      },
      from: facts.from,
      replyToId: a.replyToId,
      botAdded: !!a.membersAdded?.some((m) => m.id === a.recipient?.id),
      botRemoved: !!a.membersRemoved?.some((m) => m.id === a.recipient?.id),
    },
    person: identify,
    sender: () => (sender ??= identify().then((who) => withRoles(who, deps))),
    conversationReference: () => TurnContext.getConversationReference(a) as StoredConversationReference,
    reply: async (message) => {
      if (typeof message === "string") await ctx.sendActivity(message);
      else if ("contentType" in message) await ctx.sendActivity(toCardMessage(message.content));
      else await ctx.sendActivity({ type: "message", text: message.text, ...(message.markdown ? { textFormat: "markdown" } : {}) });
    },
    updateCard: async (activityId, card) => {
      await ctx.updateActivity({ type: "message", id: activityId, attachments: [toCardAttachment(card)] });
    },
    replaceCard: async (card) => {
      if (a.replyToId) await ctx.updateActivity({ type: "message", id: a.replyToId, attachments: [toCardAttachment(card)] });
      else await ctx.sendActivity(toCardMessage(card));
    },
  };
}

/** Sender lookups started before the turn's handler ran, by activity (startSenderLookup). */
const senderLookups = new WeakMap<object, Promise<PersonMatch | null>>();

/**
 * Starts looking the sender up by Entra object id, for the handler to find when it asks who is
 * talking. The replay guard calls it beside its claim (ReplayGuardDeps.alongsideClaim), so on
 * PostgreSQL the two statements leave in one round trip; the activity is already authenticated.
 */
export function startSenderLookup(activity: object, deps: Pick<BotDeps, "db">): void {
  const aadObjectId = (activity as { from?: { aadObjectId?: unknown } }).from?.aadObjectId;
  const lookup = findPersonByAadObjectId(deps.db, typeof aadObjectId === "string" ? aadObjectId : undefined);
  // A replay never reads it; a handler that does sees the failure itself.
  lookup.catch(() => undefined);
  senderLookups.set(activity, lookup);
}

async function askTeamsForEmails(ctx: TurnContext, userId: string, deps: BotDeps): Promise<string[]> {
  try {
    const member = await TeamsInfo.getMember(ctx, userId);
    return [member.email, member.userPrincipalName].filter((v): v is string => !!v);
  } catch (error) {
    deps.logger.debug({ event: "teams.get_member_failed", status: (error as { statusCode?: number }).statusCode }, "could not read member");
    return [];
  }
}
