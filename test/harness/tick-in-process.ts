// `friskpuls tick --now <time>` without the child process: the same jobs (src/jobs/registry.ts),
// the same dispatcher drain and the same JSON-shaped result as test/harness/tick-cli.ts, run in
// the test's process against the same database and fake connector. A CLI run costs one to two
// seconds of start-up (tsx, Prisma) on a shared machine; this costs a few milliseconds.
// Tests whose point is the CLI or a separate process (kills, two processes at once) keep tickAt.
// Module-level state it shares with an in-process app (the connector's keep-alive agents, card
// and i18n caches) is keyed or stateless; config is read per call; its own Prisma client (and
// direct-SQL connection) is closed before it returns.
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { offsetClock } from "../../src/clock.js";
import { tickOnce } from "../../src/cli/commands/tick.js";
import type { TickResult } from "./tick-cli.js";

/**
 * One tick at `now` on `databaseUrl`, configured as the CLI would be from this process's
 * environment plus `env`. The database must already be migrated (every harness database is).
 * The CLI's own tickOnce: its own Prisma client, closed before it returns.
 */
export async function tickInProcess(databaseUrl: string, now: string, env: Record<string, string> = {}, horizonSeconds = 5): Promise<TickResult> {
  const startAt = new Date(now);
  if (Number.isNaN(startAt.getTime())) throw new Error(`tickInProcess: not an ISO time: ${now}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...env });
  // Time travel that still advances, as `--now` does: retries due within the horizon come due.
  const result = await tickOnce(config, offsetClock(startAt), createLogger(config.logLevel), horizonSeconds * 1000);
  // Through JSON, so results compare exactly as the CLI's printed line does (dates as strings).
  return JSON.parse(JSON.stringify(result)) as TickResult;
}
