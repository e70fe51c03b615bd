// What a tap on the pulse card answers with (pulse.answer, pulse.contact): the card as it stands
// now for the person, or a refusal card when nothing was stored.
import type { PulseActionResult, PulseView } from "../../domain/pulse/record-answer.js";
import { cardsInConversation, deliveredCards, type DeliveredCard } from "../../delivery/delivered-cards.js";
import { pulseCardKey, pulseReminderKey } from "../../delivery/outbox-keys.js";
import { errorForLog } from "../../logger.js";
import { pulseCardJson, pulseCardText, refusedPulseCard } from "../cards/pulse-card.js";
import { JsonText } from "../../json-text.js";
import type { BotDeps } from "../bot-deps.js";
import type { Identity } from "../identify-sender.js";
import type { Card, Turn } from "../turn.js";

export function pulseOutcomeCard(deps: BotDeps, sender: Identity, result: PulseActionResult, event: string, userId?: string, reminder = false): Card {
  const outcome = pulseOutcome(deps, sender, result, event, userId, reminder);
  return typeof outcome === "string" ? (JSON.parse(outcome) as Card) : outcome;
}

/** The same as JSON text, for a reply nothing is added to: sent as it was built (src/json-text.ts). */
export function pulseOutcomeText(deps: BotDeps, sender: Identity, result: PulseActionResult, event: string, userId?: string, reminder = false): JsonText {
  const outcome = pulseOutcome(deps, sender, result, event, userId, reminder);
  return new JsonText(typeof outcome === "string" ? outcome : JSON.stringify(outcome));
}

function pulseOutcome(deps: BotDeps, sender: Identity, result: PulseActionResult, event: string, userId: string | undefined, reminder: boolean): string | Card {
  // Outcome only: never the question, the value or the person.
  deps.logger.info({ event, outcome: result.ok ? (event === "pulse.refresh" ? "shown" : "stored") : result.refusal }, "pulse card action");
  if (result.ok || (result.refusal !== "notRecipient" && result.view)) {
    const view = result.ok ? result.view : result.view!;
    return pulseCardText(view, {
      locale: sender.locale,
      minGroupSize: deps.minGroupSize,
      timeZone: sender.person?.timeZone ?? "Europe/Stockholm",
      reminder,
      ...(userId ? { refreshFor: userId } : {}),
    });
  }
  return refusedPulseCard(sender.locale).content;
}

export function refusedPulseAction(deps: BotDeps, sender: Identity, reason: string): Card {
  deps.logger.warn({ event: "pulse.refused", reason, known: !!sender.person }, "pulse card action refused");
  return refusedPulseCard(sender.locale).content;
}

/**
 * The person's delivered pulse cards (the card and its reminder), looked up as the action starts
 * when Teams named the card pressed: issued beside the action's own read, so on PostgreSQL both
 * leave in one round trip (src/db/direct-postgres.ts). Undefined when there is nothing to look for.
 */
export function startPulseCardLookup(turn: Turn, deps: BotDeps, pulseId: string, personId: string): Promise<DeliveredCard[]> | undefined {
  if (!turn.activity.replyToId) return undefined;
  const lookup = lookUpPulseCards(deps, pulseId, personId);
  // Not read when the action is refused; read, its failure is the reader's.
  lookup.catch(() => undefined);
  return lookup;
}

function lookUpPulseCards(deps: BotDeps, pulseId: string, personId: string): Promise<DeliveredCard[]> {
  return deliveredCards(deps.db, [pulseCardKey(pulseId, personId), pulseReminderKey(pulseId, personId)]);
}

/**
 * The person answered on one of their pulse cards (the first or the reminder): the other one is
 * updated in place too, so both show the same answers. Which card was pressed is known from the
 * action's replyToId among the outbox's delivered activity ids; when it is not one of them, nothing
 * is sent (the cards' refresh brings them up to date when viewed). A failed update never fails the tap.
 */
export async function updateOtherPulseCards(
  turn: Turn,
  deps: BotDeps,
  sender: Identity,
  result: PulseActionResult,
  /** The lookup, when it was started beside the action (startPulseCardLookup). */
  lookup?: Promise<DeliveredCard[]>,
): Promise<{ pressedReminder: boolean }> {
  const pressed = turn.activity.replyToId;
  if (!result.ok || !sender.person || !pressed) return { pressedReminder: false };
  const view: PulseView = result.view;
  const cards = await (lookup ?? lookUpPulseCards(deps, view.pulseId, sender.person.id));
  const pressedCard = cards.find((c) => c.activityId === pressed);
  if (!pressedCard) return { pressedReminder: false };
  // On the answer path: the conversation is looked up only when there is another card to update.
  const others = cards.filter((c) => c.activityId !== pressed);
  const toUpdate = others.length === 0 ? [] : await cardsInConversation(deps.db, others, turn.activity.conversation.id);
  for (const card of toUpdate) {
    const json = pulseCardJson(view, {
      locale: sender.locale,
      minGroupSize: deps.minGroupSize,
      timeZone: sender.person.timeZone,
      reminder: card.kind === "pulse-reminder",
      refreshFor: turn.activity.from.id,
    });
    try {
      await turn.updateCard(card.activityId, json);
      deps.logger.info({ event: "pulse.card_synced", kind: card.kind }, "other pulse card updated");
    } catch (error) {
      deps.logger.warn({ event: "pulse.card_sync_failed", kind: card.kind, err: errorForLog(error) }, "could not update the other pulse card");
    }
  }
  return { pressedReminder: pressedCard.kind === "pulse-reminder" };
}
