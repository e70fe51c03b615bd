import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { MessageSender } from "./message-sender.js";
import { Dispatcher } from "./dispatcher.js";
import type { MetricsRecorder } from "../metrics/recorder.js";

/** A dispatcher configured from validated config (server and CLI share this). */
export function createDispatcher(config: Config, db: Db, sender: MessageSender, clock: Clock, logger: Logger, metrics?: MetricsRecorder): Dispatcher {
  return new Dispatcher({
    db,
    provider: config.database.provider,
    sender,
    clock,
    logger,
    limits: { tenantPerSecond: config.delivery.tenantRatePerSecond, conversationIntervalMs: 1_000 },
    leaseMs: config.delivery.leaseMs,
    inFlightTimeoutMs: config.delivery.inFlightTimeoutMs,
    maxAttempts: config.delivery.maxAttempts,
    concurrency: config.delivery.concurrency,
    ...(metrics ? { metrics } : {}),
    sharedTenantBudget: true,
  });
}
