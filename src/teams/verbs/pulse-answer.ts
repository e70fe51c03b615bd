// pulse.answer: one tap on the pulse card. Authorised against the database (the person must be a
// recipient of that pulse); the person comes from the activity's sender, never from the card.
import { recordPulseAnswer } from "../../domain/pulse/record-answer.js";
import { cardVerbRoute } from "../routes.js";
import { pulseOutcomeCard, refusedPulseAction, updateOtherPulseCards } from "./pulse-outcome.js";

export const pulseAnswer = cardVerbRoute({
  verb: "pulse.answer",
  handle: async (turn, data, deps) => {
    const sender = await turn.person();
    if (!data || !sender.person) return refusedPulseAction(deps, sender, "malformed");
    const result = await recordPulseAnswer({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...data });
    const { pressedReminder } = await updateOtherPulseCards(turn, deps, sender, result);
    return pulseOutcomeCard(deps, sender, result, "pulse.answer", turn.activity.from.id, pressedReminder);
  },
});
