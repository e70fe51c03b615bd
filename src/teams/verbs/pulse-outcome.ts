// What a tap on the pulse card answers with (pulse.answer, pulse.contact): the card as it stands
// now for the person, or a refusal card when nothing was stored.
import type { PulseActionResult } from "../../domain/pulse/record-answer.js";
import { pulseCardJson, refusedPulseCard } from "../cards/pulse-card.js";
import type { BotDeps } from "../bot-deps.js";
import type { Identity } from "../identify-sender.js";
import type { Card } from "../turn.js";

export function pulseOutcomeCard(deps: BotDeps, sender: Identity, result: PulseActionResult, event: string): Card {
  // Outcome only: never the question, the value or the person.
  deps.logger.info({ event, outcome: result.ok ? "stored" : result.refusal }, "pulse card action");
  if (result.ok || (result.refusal !== "notRecipient" && result.view)) {
    const view = result.ok ? result.view : result.view!;
    return pulseCardJson(view, { locale: sender.locale, minGroupSize: deps.minGroupSize, timeZone: sender.person?.timeZone ?? "Europe/Stockholm" });
  }
  return refusedPulseCard(sender.locale).content;
}

export function refusedPulseAction(deps: BotDeps, sender: Identity, reason: string): Card {
  deps.logger.warn({ event: "pulse.refused", reason, known: !!sender.person }, "pulse card action refused");
  return refusedPulseCard(sender.locale).content;
}
