// The Friskpuls process under measurement in the delivery benchmark: the real server (bot,
// HTTP, database) plus a dispatcher per run, in its own process so that its peak RSS is the
// engine's alone. Commands arrive as JSON lines on stdin; answers go out as JSON lines.
import { createInterface } from "node:readline";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startFriskpuls } from "../src/main.js";
import { systemClock } from "../src/clock.js";
import { Dispatcher } from "../src/delivery/dispatcher.js";
import { createConnectorSender } from "../src/teams/connector-sender.js";

const config = loadConfig({ ...process.env, NODE_ENV: "test", PORT: "0", SCHEDULER_ENABLED: "false", LOG_LEVEL: "warn" } as Record<string, string>);
const logger = createLogger("warn");
const app = await startFriskpuls(config, { logger });
const sender = createConnectorSender(config);

let peak = process.memoryUsage().rss;
let peakHeap = 0;
setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50).unref();
const reply = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ url: app.url, rss: process.memoryUsage().rss });

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: "drain"; limit: number | null; concurrency: number; batchSize: number } | { cmd: "stop" };
  if (command.cmd === "stop") break;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  peak = before.rss;
  peakHeap = before.heapUsed;
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
  // BENCH_PROFILE_DIR=/tmp/prof: a CPU profile of each drain alone (not start-up or installs).
  const profiler = process.env.BENCH_PROFILE_DIR ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const started = Date.now();
  const report = await dispatcher.drain(120_000);
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `drain-${started}.cpuprofile`), JSON.stringify(profile));
    profiler.disconnect();
  }
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  reply({
    report,
    wallMs: Date.now() - started,
    peakRss: peak,
    memory: {
      rssBefore: before.rss,
      heapBefore: before.heapUsed,
      heapTotalBefore: before.heapTotal,
      externalBefore: before.external,
      arrayBuffersBefore: before.arrayBuffers,
      peakHeap,
      rssAfter: after.rss,
      heapAfter: after.heapUsed,
      heapTotalAfter: after.heapTotal,
      externalAfter: after.external,
    },
  });
}
await app.stop();
process.exit(0);
