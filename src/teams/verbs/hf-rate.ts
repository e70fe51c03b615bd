// hf.rate: one tap per factor (1–5 or Vet inte), stored per unit under a token, never with the
// person; changeable until the round closes. Cards sent before issue 16 send all eight at once.
import { FACTOR_IDS, parseRating, type FactorId, type Rating } from "../../domain/health-factors/catalogue.js";
import { recordRating, recordRatings } from "../../domain/health-factors/record-ratings.js";
import { hfRatingCardJson } from "../cards/health-factor-cards.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal } from "./hf-refusal.js";

export const hfRate = cardVerbRoute({
  verb: "hf.rate",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    if (!sender.person || !data) return hfRefusal(deps, sender, "hf.rate", "malformed");
    const common = { db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, roundId: String(data.roundId) };
    let result;
    if ("factorId" in data && typeof data.factorId === "string") {
      const rating = parseRating(data.value);
      if (rating === undefined) return hfRefusal(deps, sender, "hf.rate", "malformed");
      result = await recordRating({ ...common, factorId: data.factorId, rating });
    } else {
      const ratings = {} as Record<FactorId, Rating>;
      for (const id of FACTOR_IDS) {
        const rating = parseRating((data as Record<string, unknown>)[id]);
        if (rating === undefined) return hfRefusal(deps, sender, "hf.rate", "malformed");
        ratings[id] = rating;
      }
      result = await recordRatings({ ...common, ratings });
    }
    // Outcome only: never a rating (nor which factor was tapped).
    deps.logger.info({ event: "hf.rate", outcome: result.ok ? "stored" : result.refusal }, "health factor ratings");
    const view = result.view;
    if (!view) return hfRefusal(deps, sender, "hf.rate", result.ok ? "malformed" : result.refusal);
    return hfRatingCardJson(view, { locale: sender.locale, k: deps.minGroupSize, timeZone: sender.person.timeZone });
  },
});
