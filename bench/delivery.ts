// Delivery benchmark (issue 3): import org-large, install the bot for everyone through
// /api/messages, fan one message out to all through a connector that enforces Teams' limits,
// then again with injected faults, then with the limit lifted. Prints throughput against the
// configured tenant limit, duplicates, losses and peak RSS.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startFriskpuls } from "../src/main.js";
import { systemClock } from "../src/clock.js";
import { createTeamsAdapter } from "../src/teams/adapter.js";
import { createProactiveSender } from "../src/teams/proactive-sender.js";
import { Dispatcher } from "../src/delivery/dispatcher.js";
import { enqueueMessages } from "../src/delivery/enqueue.js";
import { countOutboxByStatus } from "../src/delivery/record-outcome.js";
import { createBenchDatabase, mb, PeakRss, printTable, runCli, SHARED_DATA, startChild } from "./lib.js";

const TENANT = "bench-tenant";
const LIMIT = 40;

interface FanOutResult {
  run: string;
  db: string;
  messages: number;
  wall_s: string;
  delivered_per_s: string;
  requests_per_s: string;
  pct_of_limit: string;
  duplicates: number;
  losses: number;
  peak_rss: string;
}

export async function benchDelivery(provider: "sqlite" | "postgres", maxPeople: number): Promise<FanOutResult[]> {
  const database = await createBenchDatabase(provider);
  const { child: connectorProcess, hello } = await startChild("bench/teams-limits-connector.ts");
  const connectorUrl = `http://127.0.0.1:${hello.port}/`;
  const rss = new PeakRss();
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
    console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s (CLI, incl. start-up)`);

    const config = loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: database.url, SCHEDULER_ENABLED: "false", LOG_LEVEL: "warn" });
    const logger = createLogger("warn");
    const app = await startFriskpuls(config, { logger });
    const people = (await app.db.person.findMany({ where: { active: true }, select: { id: true, aadObjectId: true }, orderBy: { id: "asc" } })).slice(0, maxPeople);
    const installStarted = Date.now();
    await installAll(app.url, connectorUrl, people);
    const installMs = Date.now() - installStarted;
    console.log(`[${provider}] installed for ${people.length} people in ${(installMs / 1000).toFixed(1)} s (${Math.round((people.length / installMs) * 1000)} installs/s through /api/messages)`);

    const sender = createProactiveSender(createTeamsAdapter(config, logger), undefined);
    const results: FanOutResult[] = [];
    const runs = [
      { run: `limit ${LIMIT}/s`, limit: LIMIT, faults: { p429: 0, p502: 0 }, enforce: true },
      { run: `limit ${LIMIT}/s, 10% 429 + 2% 502`, limit: LIMIT, faults: { p429: 0.1, p502: 0.02 }, enforce: true },
      { run: "limit lifted", limit: null, faults: { p429: 0, p502: 0 }, enforce: false },
    ];
    for (const r of runs) {
      await fetch(`${connectorUrl}_control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...r.faults, enforce: r.enforce }) });
      rss.reset();
      const kind = `bench-${randomUUID().slice(0, 8)}`;
      const refs = await app.db.conversationRef.findMany({ where: { active: true, personId: { not: null } }, select: { id: true, personId: true } });
      await enqueueMessages(
        app.db,
        systemClock,
        refs.map((ref) => ({ idempotencyKey: `${kind}:${ref.personId}`, kind, personId: ref.personId, conversationRefId: ref.id, activity: { type: "message", text: `${kind}:${ref.personId}` }, notBefore: new Date() })),
      );
      const dispatcher = new Dispatcher({
        db: app.db,
        provider,
        sender,
        clock: systemClock,
        logger,
        limits: { tenantPerSecond: r.limit, conversationIntervalMs: 1_000 },
        concurrency: r.limit === null ? 64 : 16,
        batchSize: r.limit === null ? 500 : 100,
      });
      const started = Date.now();
      const report = await dispatcher.drain(120_000);
      const wallMs = Date.now() - started;
      const stats = (await (await fetch(`${connectorUrl}_stats`)).json()) as { requests: number; distinct: number; duplicates: number };
      const statuses = await countOutboxByStatus(app.db, { kind });
      results.push({
        run: r.run,
        db: provider,
        messages: refs.length,
        wall_s: (wallMs / 1000).toFixed(1),
        delivered_per_s: ((report.delivered / wallMs) * 1000).toFixed(1),
        requests_per_s: ((stats.requests / wallMs) * 1000).toFixed(1),
        pct_of_limit: r.limit ? `${((stats.requests / wallMs) * 1000 * 100 / r.limit).toFixed(1)} %` : "n/a",
        duplicates: stats.duplicates,
        // A loss: a planned message that never reached the connector.
        losses: refs.length - stats.distinct,
        peak_rss: mb(rss.peak),
      });
      console.log(`[${provider}] ${r.run}: ${JSON.stringify({ ...report, outbox: statuses, connector: stats, wallMs })}`);
    }
    await app.stop();
    return results;
  } finally {
    rss.stop();
    connectorProcess.kill("SIGTERM");
    await database.drop();
  }
}

async function installAll(appUrl: string, serviceUrl: string, people: { id: string; aadObjectId: string | null }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < people.length) {
      const p = people[next++]!;
      const activity = {
        type: "installationUpdate",
        action: "add",
        id: `f:${randomUUID()}`,
        timestamp: new Date().toISOString(),
        serviceUrl,
        channelId: "msteams",
        from: { id: `29:${p.id}`, aadObjectId: p.aadObjectId },
        conversation: { conversationType: "personal", tenantId: TENANT, id: `a:${p.id}` },
        recipient: { id: "28:friskpuls-bench", name: "Friskpuls" },
        channelData: { tenant: { id: TENANT } },
        locale: "sv-SE",
      };
      const res = await fetch(`${appUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      if (res.status !== 200) throw new Error(`install failed: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

export function printDelivery(results: FanOutResult[]): void {
  printTable("Delivery fan-out (issue 3)", results as unknown as Record<string, string | number>[]);
}
