// The Friskpuls process under measurement in the delivery benchmark: the real server (bot,
// HTTP, database) plus a dispatcher per run, in its own process so that its peak RSS is the
// engine's alone. Commands arrive as JSON lines on stdin; answers go out as JSON lines.
import { createInterface } from "node:readline";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startFriskpuls } from "../src/main.js";
import { systemClock } from "../src/clock.js";
import { Dispatcher } from "../src/delivery/dispatcher.js";
import { createProactiveSender } from "../src/teams/proactive-sender.js";
import { createTeamsAdapter } from "../src/teams/adapter.js";

const config = loadConfig({ ...process.env, NODE_ENV: "test", PORT: "0", SCHEDULER_ENABLED: "false", LOG_LEVEL: "warn" } as Record<string, string>);
const logger = createLogger("warn");
const app = await startFriskpuls(config, { logger });
const sender = createProactiveSender(createTeamsAdapter(config, logger), undefined);

let peak = process.memoryUsage().rss;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50).unref();
const reply = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ url: app.url, rss: process.memoryUsage().rss });

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: "drain"; limit: number | null; concurrency: number; batchSize: number } | { cmd: "stop" };
  if (command.cmd === "stop") break;
  peak = process.memoryUsage().rss;
  const dispatcher = new Dispatcher({
    db: app.db,
    provider: config.database.provider,
    sender,
    clock: systemClock,
    logger,
    limits: { tenantPerSecond: command.limit, conversationIntervalMs: 1_000 },
    concurrency: command.concurrency,
    batchSize: command.batchSize,
  });
  const started = Date.now();
  const report = await dispatcher.drain(120_000);
  reply({ report, wallMs: Date.now() - started, peakRss: peak });
}
await app.stop();
process.exit(0);
