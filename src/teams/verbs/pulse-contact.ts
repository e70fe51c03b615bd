// pulse.contact: "Jag vill att min chef hör av sig" on the pulse card, asked or withdrawn.
import { setContactRequest } from "../../domain/pulse/record-answer.js";
import { cardVerbRoute } from "../routes.js";
import { pulseOutcomeCard, refusedPulseAction, updateOtherPulseCards } from "./pulse-outcome.js";

export const pulseContact = cardVerbRoute({
  verb: "pulse.contact",
  handle: async (turn, data, deps) => {
    const sender = await turn.person();
    if (!data || !sender.person) return refusedPulseAction(deps, sender, "malformed");
    const result = await setContactRequest({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...data });
    const { pressedReminder } = await updateOtherPulseCards(turn, deps, sender, result);
    return pulseOutcomeCard(deps, sender, result, "pulse.contact", turn.activity.from.id, pressedReminder);
  },
});
