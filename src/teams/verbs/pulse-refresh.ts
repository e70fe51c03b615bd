// pulse.refresh: Teams asks for the pulse card as it stands now when the person views it (Universal
// Actions `refresh`, trigger "automatic"). The answer replaces the card for them: their answers given
// on the other card (the first card or the reminder), or the closed card once the window has ended.
// Only the person the card was sent to gets their view; nothing is stored.
import { readPulseView } from "../../domain/pulse/record-answer.js";
import { cardVerbRoute } from "../routes.js";
import { pulseOutcomeCard, refusedPulseAction } from "./pulse-outcome.js";

export const pulseRefresh = cardVerbRoute({
  verb: "pulse.refresh",
  handle: async (turn, data, deps) => {
    const sender = await turn.person();
    if (!data || !sender.person) return refusedPulseAction(deps, sender, "malformed");
    const view = await readPulseView(deps.db, deps.answerTokenSecret, data.pulseId, sender.person.id, deps.clock.now());
    if (!view) return refusedPulseAction(deps, sender, "notRecipient");
    return pulseOutcomeCard(deps, sender, { ok: true, view }, "pulse.refresh", turn.activity.from.id, data.reminder ?? false);
  },
});
