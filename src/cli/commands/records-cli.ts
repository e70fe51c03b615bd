// What the records commands (person, retention, audit) share: the database, the answer-token
// key, the operator's name for the audit log, --now and --lang. Logs go to stderr (counts only),
// so stdout stays the document or the JSON asked for.
import { userInfo } from "node:os";
import pino from "pino";
import { loadConfig, type Config } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import { createDb, type Db } from "../../db/client.js";
import { migrateDatabase } from "../../db/migrate.js";
import { resolveAnswerTokenSecret } from "../../answer-token-secret.js";
import { normalizeLocale, type Locale } from "../../i18n/index.js";

export const EX_USAGE = 64;
export const EX_DATAERR = 65;
export const EX_CANTCREAT = 73;

export interface RecordsContext {
  config: Config;
  logger: Logger;
  db: Db;
  secret: string;
  now: Date;
  locale: Locale;
  operator: string;
}

export async function withRecordsContext<T>(options: { now?: string; lang?: string; operator?: string }, run: (c: RecordsContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));
  const now = parseNow(options.now);
  await migrateDatabase(config.database);
  const db = createDb(config.database);
  try {
    return await run({
      config,
      logger,
      db,
      secret: resolveAnswerTokenSecret(config, logger),
      now,
      locale: normalizeLocale(options.lang ?? config.defaultLocale),
      operator: (options.operator ?? operatorName()).trim().slice(0, 120),
    });
  } finally {
    await db.$disconnect();
  }
}

function parseNow(value: string | undefined): Date {
  if (!value) return new Date();
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new Error(`--now: not an ISO time: ${value}`);
  return at;
}

/** Who ran the command, for the audit log: the OS account unless --operator names someone. */
function operatorName(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}
