// The teams-ai Application and the one registrar of every route: chat commands (commands/), card
// verbs (verbs/, one per entry of card-verbs.ts) and install/uninstall (activities/). Handlers get a
// Turn (turn-context.ts), never botbuilder's TurnContext. Card routes are registered before the
// chat-command dispatcher so a card submit never reads as a typed command.
// Deep import: the package index also loads the AI/LLM stack (~35 MB) this bot never uses.
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { BotDeps } from "./bot-deps.js";
import { errorForLog } from "../logger.js";
import { parseVerbData, type CardVerb } from "./card-verbs.js";
import type { ChatCommand } from "./chat-commands.js";
import type { ActivityRoute, CardVerbRoute } from "./routes.js";
import { toTurn } from "./turn-context.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, toCardAttachment } from "./cards/card-attachment.js";
import { ActivityTypes } from "botbuilder";
import { JsonText } from "../json-text.js";
import type { Card } from "./turn.js";
import { botAdded, botRemoved, installationUpdate } from "./activities/installation.js";
import { createHelpCommand } from "./commands/help.js";
import { aboutCommand } from "./commands/about.js";
import { resultsCommand } from "./commands/results.js";
import { healthFactorsCommand } from "./commands/health-factors.js";
import { casesCommand } from "./commands/cases.js";
import { scheduleCommand } from "./commands/schedule.js";
import { myDataCommand } from "./commands/my-data.js";
import { dispatchChatCommand } from "./commands/dispatch-command.js";
import { pulseAnswer } from "./verbs/pulse-answer.js";
import { pulseContact } from "./verbs/pulse-contact.js";
import { pulseRefresh } from "./verbs/pulse-refresh.js";
import { scheduleSave } from "./verbs/schedule-save.js";
import { schedulePause } from "./verbs/schedule-pause.js";
import { hfStart } from "./verbs/hf-start.js";
import { hfRate } from "./verbs/hf-rate.js";
import { hfPropose } from "./verbs/hf-propose.js";
import { hfConfirm } from "./verbs/hf-confirm.js";
import { hfActivity } from "./verbs/hf-activity.js";
import { hfActivityChange } from "./verbs/hf-activity-change.js";
import { nudgePlan } from "./verbs/nudge-plan.js";
import { nudgeDone } from "./verbs/nudge-done.js";
import { nudgeDismiss } from "./verbs/nudge-dismiss.js";

const ACTIVITY_ROUTES: ActivityRoute[] = [botAdded, botRemoved, installationUpdate];

/** Every verb of the table has its route (a missing or extra one does not compile). */
const CARD_VERB_ROUTES: { [V in CardVerb]: CardVerbRoute<V> } = {
  "pulse.answer": pulseAnswer,
  "pulse.contact": pulseContact,
  "pulse.refresh": pulseRefresh,
  "schedule.save": scheduleSave,
  "schedule.pause": schedulePause,
  "hf.start": hfStart,
  "hf.rate": hfRate,
  "hf.propose": hfPropose,
  "hf.confirm": hfConfirm,
  "hf.activity": hfActivity,
  "hf.activityChange": hfActivityChange,
  "nudge.plan": nudgePlan,
  "nudge.done": nudgeDone,
  "nudge.dismiss": nudgeDismiss,
};

/** In the order help lists them. */
export const CHAT_COMMANDS: ChatCommand[] = [aboutCommand, resultsCommand, healthFactorsCommand, casesCommand, scheduleCommand, myDataCommand];

export function createBotApplication(adapter: TeamsAdapter, botAppId: string | undefined, deps: BotDeps): Application {
  const app = new Application({
    adapter,
    botAppId: botAppId ?? "",
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  for (const route of ACTIVITY_ROUTES) registerActivity(app, route, deps);
  for (const route of Object.values(CARD_VERB_ROUTES) as CardVerbRoute[]) registerCardVerb(app, route, deps);
  const commands: ChatCommand[] = [];
  commands.push(
    createHelpCommand(() => commands),
    ...CHAT_COMMANDS,
  );
  app.activity("message", (ctx) => dispatchChatCommand(toTurn(ctx, deps), deps, commands));
  app.error(async (ctx, error) => {
    // Never log activity text or values: they may hold answers.
    deps.logger.error({ event: "teams.turn_error", activityType: ctx.activity.type, err: errorForLog(error) }, "unhandled error in bot turn");
  });
  return app;
}

function registerActivity(app: Application, route: ActivityRoute, deps: BotDeps): void {
  const handle = async (ctx: Parameters<typeof toTurn>[0]) => route.handle(toTurn(ctx, deps), deps);
  if (route.on === "installationUpdate") app.activity("installationUpdate", handle);
  else app.conversationUpdate(route.on, handle);
}

/**
 * Action.Execute (Universal Actions) returns the card, which replaces the card in place for the
 * person who pressed; the Action.Submit fallback (older clients) updates the card it came from.
 */
function registerCardVerb(app: Application, route: CardVerbRoute, deps: BotDeps): void {
  app.adaptiveCards.actionExecute(route.verb, async (ctx, _state, data) => {
    const card = await route.handle(toTurn(ctx, deps), parseVerbData(route.verb, data), deps);
    // The invoke is answered here with the card, which Teams shows in place of the pressed one. Left
    // to teams-ai, a card with a `refresh` (the pulse card) would also be written over the pressed
    // message (REPLACE_FOR_ALL): a second Bot Connector call on every tap and every refresh, in a
    // 1:1 chat where the interactor is the only reader anyway.
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: cardResponse(card) } });
    return card as never;
  });
  app.adaptiveCards.actionSubmit(route.verb, async (ctx, _state, data) => {
    const turn = toTurn(ctx, deps);
    const card = asCard(await route.handle(turn, parseVerbData(route.verb, data), deps));
    if (route.submitFallback === "newMessage") await turn.reply(toCardAttachment(card));
    else await turn.replaceCard(card);
  });
}

/** An Action.Execute answer with a card; one kept as JSON text stays text (src/json-text.ts). */
function cardResponse(card: Card | JsonText): object {
  if (!(card instanceof JsonText)) return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
  return new JsonText(`{"statusCode":200,"type":${JSON.stringify(ADAPTIVE_CARD_CONTENT_TYPE)},"value":${card.text}}`);
}

const asCard = (card: Card | JsonText): Card => (card instanceof JsonText ? (JSON.parse(card.text) as Card) : card);
