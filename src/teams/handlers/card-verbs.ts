// Card verbs answer with a card: Action.Execute (Universal Actions) returns it to replace the card
// in place; the Action.Submit fallback (older clients) updates the card it came from, or sends it.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TurnContext } from "botbuilder";

export type Card = Record<string, unknown>;
export type CardVerbHandler = (ctx: TurnContext, data: unknown) => Promise<Card>;

export const asAdaptive = (content: Card) => ({ contentType: "application/vnd.microsoft.card.adaptive", content });

/** Action.Submit data carries Teams' own keys; the verb is ours but already routed on. */
export function withoutEnvelope(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const { msteams: _m, verb: _v, ...rest } = data as Record<string, unknown>;
  return rest;
}

export function registerCardVerbs(app: Application, handlers: Record<string, CardVerbHandler>): void {
  for (const [verb, handle] of Object.entries(handlers)) {
    app.adaptiveCards.actionExecute(verb, async (ctx, _state, data) => (await handle(ctx, data)) as never);
    app.adaptiveCards.actionSubmit(verb, async (ctx, _state, data) => {
      const card = await handle(ctx, data);
      if (ctx.activity.replyToId) await ctx.updateActivity({ type: "message", id: ctx.activity.replyToId, attachments: [asAdaptive(card)] });
      else await ctx.sendActivity({ type: "message", attachments: [asAdaptive(card)] });
    });
  }
}
