// Delivery benchmark (issue 3): import org-large, install the bot for everyone through
// /api/messages, fan one message out to all through a connector that enforces Teams' limits,
// then again with injected faults, then with the limit lifted. Prints throughput against the
// configured tenant limit, duplicates, losses and peak RSS.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { systemClock } from "../src/clock.js";
import { createDb } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import type { DispatchReport } from "../src/delivery/dispatcher.js";
import { PROJECT_ROOT } from "../src/project-root.js";
import { enqueueMessages } from "../src/delivery/enqueue.js";
import { countOutboxByStatus } from "../src/delivery/record-outcome.js";
import { createBenchDatabase, mb, personalActivity, printTable, runCli, SHARED_DATA, startChild } from "./lib.js";

const LIMIT = 40;

interface FanOutResult {
  run: string;
  db: string;
  messages: number;
  wall_s: string;
  delivered_per_s: string;
  requests_per_s: string;
  requests_pct_of_limit: string;
  sustained_pct_of_limit: string;
  delivered_pct_of_limit: string;
  duplicates: number;
  losses: number;
  peak_rss: string;
}

export async function benchDelivery(provider: "sqlite" | "postgres", maxPeople: number, only?: "limited" | "lifted"): Promise<FanOutResult[]> {
  const database = await createBenchDatabase(provider);
  const { child: connectorProcess, hello } = await startChild("bench/teams-limits-connector.ts");
  const connectorUrl = `http://127.0.0.1:${hello.port}/`;
  let engine: EngineProcess | undefined;
  const db = createDb(resolveDatabaseTarget(database.url));
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
    console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s (CLI, incl. start-up)`);

    engine = await startEngine(database.url);
    console.log(`[${provider}] engine process up, RSS ${mb(engine.startRss)}`);
    const people = (await db.person.findMany({ where: { active: true }, select: { id: true, aadObjectId: true }, orderBy: { id: "asc" } })).slice(0, maxPeople);
    const installStarted = Date.now();
    await installAll(engine.url, connectorUrl, people);
    const installMs = Date.now() - installStarted;
    console.log(
      `[${provider}] installed for ${people.length} people in ${(installMs / 1000).toFixed(1)} s (${Math.round((people.length / installMs) * 1000)} installs/s through /api/messages)`,
    );

    const results: FanOutResult[] = [];
    const runs = [
      { run: `limit ${LIMIT}/s`, limit: LIMIT, faults: { p429: 0, p502: 0 }, enforce: true },
      { run: `limit ${LIMIT}/s, 10% 429 + 2% 502`, limit: LIMIT, faults: { p429: 0.1, p502: 0.02 }, enforce: true },
      { run: "limit lifted", limit: null, faults: { p429: 0, p502: 0 }, enforce: false },
    ].filter((r) => !only || (only === "lifted") === (r.limit === null));
    for (const r of runs) {
      await fetch(`${connectorUrl}_control`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...r.faults, enforce: r.enforce }),
      });
      const kind = `bench-${randomUUID().slice(0, 8)}`;
      const refs = await db.conversationRef.findMany({ where: { active: true, personId: { not: null } }, select: { id: true, personId: true } });
      await enqueueMessages(
        db,
        systemClock,
        refs.map((ref) => ({
          idempotencyKey: `${kind}:${ref.personId}`,
          kind,
          personId: ref.personId,
          conversationRefId: ref.id,
          activity: { type: "message", text: `${kind}:${ref.personId}` },
          notBefore: new Date(),
        })),
      );
      const { report, wallMs, peakRss, memory } = await engine.drain({
        limit: r.limit,
        concurrency: r.limit === null ? 64 : 16,
        batchSize: r.limit === null ? 500 : 100,
      });
      const stats = (await (await fetch(`${connectorUrl}_stats`)).json()) as {
        requests: number;
        distinct: number;
        duplicates: number;
        sustainedPerSecond: number;
      };
      const statuses = await countOutboxByStatus(db, { kind });
      results.push({
        run: r.run,
        db: provider,
        messages: refs.length,
        wall_s: (wallMs / 1000).toFixed(1),
        delivered_per_s: ((report.delivered / wallMs) * 1000).toFixed(1),
        requests_per_s: ((stats.requests / wallMs) * 1000).toFixed(1),
        // Requests: how fully the engine uses the budget Teams allows (429s and 502s included).
        requests_pct_of_limit: r.limit ? `${(((stats.requests / wallMs) * 1000 * 100) / r.limit).toFixed(1)} %` : "n/a",
        // Between the 5th and 95th percentile request: the steady state, without ramp-up and retry tail.
        sustained_pct_of_limit: r.limit ? `${((stats.sustainedPerSecond * 100) / r.limit).toFixed(1)} %` : "n/a",
        delivered_pct_of_limit: r.limit ? `${(((report.delivered / wallMs) * 1000 * 100) / r.limit).toFixed(1)} %` : "n/a",
        duplicates: stats.duplicates,
        // A loss: a planned message that never reached the connector.
        losses: refs.length - stats.distinct,
        peak_rss: mb(peakRss),
      });
      console.log(
        `[${provider}] ${r.run}: ${JSON.stringify({ ...report, outbox: statuses, connector: stats, wallMs, memoryMb: Object.fromEntries(Object.entries(memory ?? {}).map(([k, v]) => [k, Math.round((v as number) / 1048576)])) })}`,
      );
    }
    return results;
  } finally {
    await engine?.stop();
    await db.$disconnect();
    connectorProcess.kill("SIGTERM");
    await database.drop();
  }
}

/** The V8 flags `npm start` gives the server (package.json), so the engine is measured as deployed. */
function serverNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  return start.split(" ").filter((arg) => arg.startsWith("--max-"));
}

interface EngineProcess {
  url: string;
  startRss: number;
  drain(run: {
    limit: number | null;
    concurrency: number;
    batchSize: number;
  }): Promise<{ report: DispatchReport; wallMs: number; peakRss: number; memory?: Record<string, number> }>;
  stop(): Promise<void>;
}

async function startEngine(databaseUrl: string): Promise<EngineProcess> {
  // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the engine process.
  const nodeArgs = [...serverNodeArgs(), ...(process.env.BENCH_ENGINE_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, "bin/run-ts.mjs"), "bench/delivery-engine.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // The engine's own log lines (pino, with "level") share stdout; skip them.
  const next = async (): Promise<any> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error("delivery engine process exited");
      const message = JSON.parse(value as string);
      if (!("level" in message)) return message;
    }
  };
  const hello = (await next()) as { url: string; rss: number };
  return {
    url: hello.url,
    startRss: hello.rss,
    async drain(run) {
      child.stdin!.write(`${JSON.stringify({ cmd: "drain", ...run })}\n`);
      return next();
    },
    async stop() {
      child.stdin!.write(`${JSON.stringify({ cmd: "stop" })}\n`);
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

async function installAll(appUrl: string, serviceUrl: string, people: { id: string; aadObjectId: string | null }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < people.length) {
      const p = people[next++]!;
      const activity = personalActivity(p, serviceUrl, { type: "installationUpdate", action: "add" });
      const res = await fetch(`${appUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      if (res.status !== 200) throw new Error(`install failed: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

export function printDelivery(results: FanOutResult[]): void {
  printTable("Delivery fan-out (issue 3)", results as unknown as Record<string, string | number>[]);
}
