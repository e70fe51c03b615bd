// Where the answer-token key comes from: ANSWER_TOKEN_SECRET (required in production and with
// BOT_ID, see config.ts), else — local, unauthenticated runs only — a random key kept beside the
// SQLite file so the server and `friskpuls tick` agree, or a fixed development key on PostgreSQL.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

const DEVELOPMENT_KEY = "friskpuls-development-key-not-for-real-answers";

export function resolveAnswerTokenSecret(config: Config, logger?: Logger): string {
  if (config.answerTokenSecret) return config.answerTokenSecret;
  if (config.database.provider === "postgres") {
    logger?.warn({ event: "config.dev_answer_key" }, "ANSWER_TOKEN_SECRET is not set: using the fixed development key");
    return DEVELOPMENT_KEY;
  }
  const file = join(dirname(config.database.file), "answer-token.key");
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process won the race
    }
  }
  return readFileSync(file, "utf8").trim();
}
