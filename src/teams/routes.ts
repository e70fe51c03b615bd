// The shapes of the bot's routes: one small file per chat command (commands/), card verb (verbs/)
// and kind of activity (activities/), each exporting one of these; bot.ts registers them all.
import type { BotDeps } from "./bot-deps.js";
import type { CardVerb, VerbData } from "./card-verbs.js";
import type { Card, Turn } from "./turn.js";
import type { JsonText } from "../json-text.js";

export interface CardVerbRoute<V extends CardVerb = CardVerb> {
  verb: V;
  /**
   * The answer is a card: Action.Execute returns it to replace the card in place; the Action.Submit
   * fallback replaces the card it came from, or with "newMessage" sends it as a new message.
   */
  submitFallback?: "replace" | "newMessage";
  /**
   * data: the card data validated against the verb's schema (card-verbs.ts); undefined when malformed.
   * A card may come as JSON text (src/json-text.ts) when it goes out as it was built.
   */
  handle(turn: Turn, data: VerbData<V> | undefined, deps: BotDeps): Promise<Card | JsonText>;
}

/** For inference: `cardVerbRoute({ verb: "hf.rate", handle: (turn, data) => … })` types `data`. */
export const cardVerbRoute = <V extends CardVerb>(route: CardVerbRoute<V>): CardVerbRoute<V> => route;

export type ActivityKind = "membersAdded" | "membersRemoved" | "installationUpdate";

export interface ActivityRoute {
  on: ActivityKind;
  handle(turn: Turn, deps: BotDeps): Promise<void>;
}
