// pulse.answer: one tap on the pulse card. Authorised against the database (the person must be a
// recipient of that pulse); the person comes from the activity's sender, never from the card.
// After Dåligt or Mycket dåligt the card offers the employer's support, and a contact request
// already made keeps saying when the chef hears of it (pulse-followup.ts).
import { recordPulseAnswer } from "../../domain/pulse/record-answer.js";
import { cardVerbRoute } from "../routes.js";
import { pulseOutcomeCard, pulseOutcomeText, refusedPulseAction, startPulseCardLookup, updateOtherPulseCards } from "./pulse-outcome.js";
import { needsSupport, withContactTiming, withSupport } from "./pulse-followup.js";

export const pulseAnswer = cardVerbRoute({
  verb: "pulse.answer",
  handle: async (turn, data, deps) => {
    const sender = await turn.person();
    if (!data || !sender.person) return refusedPulseAction(deps, sender, "malformed");
    // Side by side with the answer's first read: one round trip for both on PostgreSQL.
    const cards = startPulseCardLookup(turn, deps, data.pulseId, sender.person.id);
    const result = await recordPulseAnswer({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...data });
    const { pressedReminder } = await updateOtherPulseCards(turn, deps, sender, result, cards);
    // The busiest reply (no contact request, no support to offer): the card as built, as JSON text.
    if (result.ok && !result.view.contactRequested && !needsSupport(result.view)) {
      return pulseOutcomeText(deps, sender, result, "pulse.answer", turn.activity.from.id, pressedReminder);
    }
    const card = pulseOutcomeCard(deps, sender, result, "pulse.answer", turn.activity.from.id, pressedReminder);
    if (!result.ok) return card;
    // Only with a contact request on the card (a few people): the busiest path stays without queries.
    const timed = result.view.contactRequested
      ? await withContactTiming(card, result.view, deps, sender.person.id, sender.locale, sender.person.timeZone)
      : card;
    return withSupport(timed, result.view, deps, sender.locale);
  },
});
