// pulse.contact: "Jag vill att min chef hör av sig" on the pulse card, asked or withdrawn. The card
// then says when the chef will hear of it (pulse-followup.ts), and keeps any support it offered.
import { setContactRequest } from "../../domain/pulse/record-answer.js";
import { cardVerbRoute } from "../routes.js";
import { pulseOutcomeCard, refusedPulseAction } from "./pulse-outcome.js";
import { withContactTiming, withSupport } from "./pulse-followup.js";

export const pulseContact = cardVerbRoute({
  verb: "pulse.contact",
  handle: async (turn, data, deps) => {
    const sender = await turn.person();
    if (!data || !sender.person) return refusedPulseAction(deps, sender, "malformed");
    const result = await setContactRequest({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, ...data });
    const card = pulseOutcomeCard(deps, sender, result, "pulse.contact");
    if (!result.ok) return card;
    const timed = await withContactTiming(card, result.view, deps, sender.person.id, sender.locale, sender.person.timeZone);
    return withSupport(timed, result.view, deps, sender.locale);
  },
});
