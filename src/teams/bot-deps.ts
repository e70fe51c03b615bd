import type { NudgeThresholds } from "../domain/nudges/thresholds.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { RetentionPolicy } from "../domain/records/retention-policy.js";
import type { Locale } from "../i18n/index.js";
import type { SupportContacts } from "../config.js";

/** What Teams handlers may use. Built once in main.ts. */
export interface BotDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  minGroupSize: number;
  answerRetentionMonths: number;
  nudges: NudgeThresholds;
  defaultLocale: Locale;
  /** Key of the pseudonymous answer tokens. */
  answerTokenSecret: string;
  /** Retention per data class, shown in a register extract (default: DEFAULT_RETENTION). */
  retention?: RetentionPolicy;
  /** The employer's support after a Dåligt/Mycket dåligt answer (default: the line about HR). */
  support?: SupportContacts;
}
