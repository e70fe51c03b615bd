import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import { offsetClock, systemClock, type Clock } from "../../clock.js";
import { migrateDatabase } from "../../db/migrate.js";
import { createDb } from "../../db/client.js";
import { createConnectorSender } from "../../teams/connector-sender.js";
import { createDispatcher } from "../../delivery/create-dispatcher.js";
import { countOutboxByStatus } from "../../delivery/record-outcome.js";
import { buildJobs } from "../../jobs/registry.js";
import { runTick } from "../../jobs/run-tick.js";
import { resolveAnswerTokenSecret } from "../../answer-token-secret.js";

export function registerTick(program: Command): void {
  program
    .command("tick")
    .description("run every job due at a moment, then send until the outbox is drained (safe next to a running server)")
    .option("--now <iso>", "pretend it is this moment (time travel for tests and operators)")
    .option("--horizon <seconds>", "also wait for retries due within this many seconds", "60")
    .action(async (options: { now?: string; horizon: string }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const startAt = options.now ? new Date(options.now) : undefined;
      if (startAt && Number.isNaN(startAt.getTime())) throw new Error(`--now: not an ISO time: ${options.now}`);
      const clock = startAt ? offsetClock(startAt) : systemClock;
      await migrateDatabase(config.database);
      console.log(JSON.stringify(await tickOnce(config, clock, logger, Number(options.horizon) * 1000)));
    });
}

/**
 * One tick: every job due at clock.now(), then send until the outbox is drained (retries due within
 * horizonMs included), and the outbox's counts. The CLI's work; flow tests run it in process.
 */
export async function tickOnce(config: Config, clock: Clock, logger: Logger, horizonMs: number) {
  const db = createDb(config.database);
  try {
    const tick = await runTick(buildJobs({ db, clock, config, answerTokenSecret: resolveAnswerTokenSecret(config, logger) }), clock.now(), logger);
    const delivery = await createDispatcher(config, db, createConnectorSender(config), clock, logger).drain(horizonMs);
    const outbox = await countOutboxByStatus(db);
    return { now: tick.now, jobs: tick.jobs, delivery, outbox };
  } finally {
    await db.$disconnect();
  }
}
