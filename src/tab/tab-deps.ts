// What the tab's routes need, injected by main.ts (tests start the whole app the same way).
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { Translate } from "../i18n/index.js";

/**
 * How the tab tells the other party of a step (and, once agreed, the unit's members), as the cards
 * do: main.ts wires the bot's presenter here, since the tab does not import the bot (ADR 0023).
 */
export interface PartyNotifier {
  /** The unit card to these people; `stage` keys it (a replayed step plans nothing twice); `notice`: a line on top, in each one's language. */
  unitCards(o: { roundId: string; unitId: string; personIds: string[]; stage: string; now: Date; notice?: (t: Translate) => string }): Promise<number>;
  /** The members' result card once the unit has agreed. */
  memberResults(o: { roundId: string; unitId: string; now: Date }): Promise<number>;
}

export interface TabDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "tab" | "minGroupSize" | "retention" | "nudges" | "defaultLocale" | "env">;
  /** Absent: the tab's changes are stored but nobody is told (e.g. a route tested on its own). */
  notifier?: PartyNotifier;
}
