// Taps on the pulse card: Action.Execute (the card is replaced in place for the person) and the
// Action.Submit fallback for older clients (the card is updated through the connector). The
// payload is validated strictly and authorised against the database; the person comes from the
// activity's sender, never from the card.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { recordPulseAnswer, setContactRequest, type PulseActionResult } from "../../domain/pulse/record-answer.js";
import { identifyPerson, type Identity } from "../identify-sender.js";
import { pulseCardJson, refusedPulseCard } from "../cards/pulse-card.js";
import type { BotDeps } from "../bot-deps.js";

const AnswerDataSchema = z.strictObject({
  verb: z.literal("pulse.answer").optional(),
  pulseId: z.uuid(),
  questionId: z.string().regex(/^[a-z_]{1,40}$/),
  value: z.number().int().min(0).max(9),
});

const ContactDataSchema = z.strictObject({
  verb: z.literal("pulse.contact").optional(),
  pulseId: z.uuid(),
  wanted: z.boolean(),
});

type CardJson = Record<string, unknown>;

export function registerPulseActions(app: Application, deps: BotDeps): void {
  app.adaptiveCards.actionExecute("pulse.answer", async (ctx, _state, data) => (await handleAnswer(ctx, deps, data)) as never);
  app.adaptiveCards.actionExecute("pulse.contact", async (ctx, _state, data) => (await handleContact(ctx, deps, data)) as never);
  app.adaptiveCards.actionSubmit("pulse.answer", async (ctx, _state, data) => replaceSubmittedCard(ctx, await handleAnswer(ctx, deps, data)));
  app.adaptiveCards.actionSubmit("pulse.contact", async (ctx, _state, data) => replaceSubmittedCard(ctx, await handleContact(ctx, deps, data)));
}

async function handleAnswer(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<CardJson> {
  const sender = await identifyPerson(ctx, deps);
  const parsed = AnswerDataSchema.safeParse(stripTeamsFields(data));
  if (!parsed.success || !sender.person) return refuse(deps, sender, "malformed");
  const result = await recordPulseAnswer({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...parsed.data });
  return respond(deps, sender, result, "pulse.answer");
}

async function handleContact(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<CardJson> {
  const sender = await identifyPerson(ctx, deps);
  const parsed = ContactDataSchema.safeParse(stripTeamsFields(data));
  if (!parsed.success || !sender.person) return refuse(deps, sender, "malformed");
  const result = await setContactRequest({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...parsed.data });
  return respond(deps, sender, result, "pulse.contact");
}

function respond(deps: BotDeps, sender: Identity, result: PulseActionResult, event: string): CardJson {
  // Outcome only: never the question, the value or the person.
  deps.logger.info({ event, outcome: result.ok ? "stored" : result.refusal }, "pulse card action");
  if (result.ok || (result.refusal !== "notRecipient" && result.view)) {
    const view = result.ok ? result.view : result.view!;
    return pulseCardJson(view, { locale: sender.locale, minGroupSize: deps.minGroupSize, timeZone: sender.person?.timeZone ?? "Europe/Stockholm" });
  }
  return refusedPulseCard(sender.locale).content as CardJson;
}

function refuse(deps: BotDeps, sender: Identity, reason: string): CardJson {
  deps.logger.warn({ event: "pulse.refused", reason, known: !!sender.person }, "pulse card action refused");
  return refusedPulseCard(sender.locale).content as CardJson;
}

/** Teams adds its own keys to Action.Submit data (msteams); they are not ours to validate. */
function stripTeamsFields(data: unknown): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  const { msteams: _msteams, ...rest } = data as Record<string, unknown>;
  return rest;
}

async function replaceSubmittedCard(ctx: TurnContext, card: CardJson): Promise<void> {
  const attachment = { contentType: "application/vnd.microsoft.card.adaptive", content: card };
  if (ctx.activity.replyToId) await ctx.updateActivity({ type: "message", id: ctx.activity.replyToId, attachments: [attachment] });
  else await ctx.sendActivity({ type: "message", attachments: [attachment] });
}
