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
import { createDb } from "../../src/db/client.js";
import { createConnectorSender } from "../../src/teams/connector-sender.js";
import { createDispatcher } from "../../src/delivery/create-dispatcher.js";
import { countOutboxByStatus } from "../../src/delivery/record-outcome.js";
import { buildJobs } from "../../src/jobs/registry.js";
import { runTick } from "../../src/jobs/run-tick.js";
import { resolveAnswerTokenSecret } from "../../src/answer-token-secret.js";
import type { TickResult } from "./tick-cli.js";

/**
 * One tick at `now` on `databaseUrl`, configured as the CLI would be from this process's
 * environment plus `env`. The database must already be migrated (every harness database is).
 * Opens its own Prisma client, as the CLI does, and closes it before returning.
 */
export async function tickInProcess(databaseUrl: string, now: string, env: Record<string, string> = {}, horizonSeconds = 5): Promise<TickResult> {
  const startAt = new Date(now);
  if (Number.isNaN(startAt.getTime())) throw new Error(`tickInProcess: not an ISO time: ${now}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...env });
  const logger = createLogger(config.logLevel);
  // Time travel that still advances, as `--now` does: retries due within the horizon come due.
  const clock = offsetClock(startAt);
  const db = createDb(config.database);
  try {
    const answerTokenSecret = resolveAnswerTokenSecret(config, logger);
    const tick = await runTick(buildJobs({ db, clock, config, answerTokenSecret }), clock.now(), logger);
    const delivery = await createDispatcher(config, db, createConnectorSender(config), clock, logger).drain(horizonSeconds * 1000);
    const outbox = await countOutboxByStatus(db);
    // Through JSON, so results compare exactly as the CLI's printed line does (dates as strings).
    return JSON.parse(JSON.stringify({ now: tick.now, jobs: tick.jobs, delivery, outbox })) as TickResult;
  } finally {
    await db.$disconnect();
  }
}
