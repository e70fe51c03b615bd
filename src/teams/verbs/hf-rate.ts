// hf.rate: all eight factors in one card (1–5 or Vet inte), stored per unit under a token, never
// with the person; changeable until the round closes.
import { FACTOR_IDS, parseRating, type FactorId, type Rating } from "../../domain/health-factors/catalogue.js";
import { recordRatings } from "../../domain/health-factors/record-ratings.js";
import { hfRatingCardJson } from "../cards/health-factor-cards.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal } from "./hf-refusal.js";

export const hfRate = cardVerbRoute({
  verb: "hf.rate",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    if (!sender.person || !data) return hfRefusal(deps, sender, "hf.rate", "malformed");
    const ratings = {} as Record<FactorId, Rating>;
    for (const id of FACTOR_IDS) {
      const rating = parseRating((data as Record<string, unknown>)[id]);
      if (rating === undefined) return hfRefusal(deps, sender, "hf.rate", "malformed");
      ratings[id] = rating;
    }
    const result = await recordRatings({
      db: deps.db,
      secret: deps.answerTokenSecret,
      now: deps.clock.now(),
      personId: sender.person.id,
      roundId: String(data.roundId),
      ratings,
    });
    // Outcome only: never a rating.
    deps.logger.info({ event: "hf.rate", outcome: result.ok ? "stored" : result.refusal }, "health factor ratings");
    const view = result.ok ? result.view : result.view;
    if (!view) return hfRefusal(deps, sender, "hf.rate", result.ok ? "malformed" : result.refusal);
    return hfRatingCardJson(view, { locale: sender.locale, k: deps.minGroupSize, timeZone: sender.person.timeZone });
  },
});
