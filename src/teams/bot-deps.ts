import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";

/** What Teams handlers may use. Built once in main.ts. */
export interface BotDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  minGroupSize: number;
  answerRetentionMonths: number;
  defaultLocale: "sv-SE" | "en-US";
  /** Key of the pseudonymous answer tokens. */
  answerTokenSecret: string;
}
