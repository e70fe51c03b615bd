// Several instances (issue 18): three real `friskpuls serve` processes (scheduler on) on one
// PostgreSQL database fan one message out to people of one tenant through the connector that
// enforces Teams' limits. Run 1: all three steady — the aggregate rate against
// DELIVERY_TENANT_RATE (one shared budget). Run 2: each instance is sent SIGTERM in turn during
// the fan-out and replaced — duplicates and losses.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { systemClock } from "../src/clock.js";
import { createDb, type Db } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { enqueueMessages } from "../src/delivery/enqueue.js";
import { countOutboxByStatus } from "../src/delivery/record-outcome.js";
import { PROJECT_ROOT } from "../src/project-root.js";
import { seedInstalledPeople } from "../test/harness/factories.js";
import { createBenchDatabase, printTable, startChild } from "./lib.js";

const INSTANCES = 3;

export interface InstancesResult {
  run: string;
  messages: number;
  limit_per_s: number;
  wall_s: string;
  aggregate_per_s: string;
  pct_of_limit: string;
  max_in_1s: number;
  throttled: number;
  duplicates: number;
  losses: number;
  ambiguous: number;
  sigterm_exit_s: string;
}

interface Server {
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "serve"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes('"event":"http.listening"')) resolve();
    });
    void exited.then((code) => reject(new Error(`serve exited before listening (${code})`)));
  });
  return { child, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitDelivered(db: Db, kind: string, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await countOutboxByStatus(db, { kind });
    const open = (s.pending ?? 0) + (s.claimed ?? 0) + (s.sending ?? 0);
    if (open === 0 && Object.values(s).reduce((a, b) => a + b, 0) === total) return;
    if (Date.now() > deadline) throw new Error(`fan-out not finished: ${JSON.stringify(s)}`);
    await sleep(250);
  }
}

export async function benchDeliveryInstances(messages: number, limit: number): Promise<InstancesResult[]> {
  const database = await createBenchDatabase("postgres");
  const target = resolveDatabaseTarget(database.url);
  await migrateDatabase(target);
  const db = createDb(target);
  const { child: connectorProcess, hello } = await startChild("bench/teams-limits-connector.ts");
  const connectorUrl = `http://127.0.0.1:${hello.port}/`;
  const env = {
    DATABASE_URL: database.url,
    SCHEDULER_ENABLED: "true",
    DELIVERY_TENANT_RATE: String(limit),
    DELIVERY_CONCURRENCY: "16",
    SHUTDOWN_TIMEOUT_SECONDS: "20",
    ANSWER_TOKEN_SECRET: "bench-".padEnd(40, "x"),
  };
  const servers: Server[] = [];
  const results: InstancesResult[] = [];
  try {
    const people = await seedInstalledPeople(db, messages, connectorUrl, { tenantId: "tenant-bench" });
    for (let i = 0; i < INSTANCES; i++) servers.push(await startServer(env));
    for (const rolling of [false, true]) {
      await fetch(`${connectorUrl}_control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enforce: true }) });
      const kind = `bench-${randomUUID().slice(0, 8)}`;
      const started = Date.now();
      await enqueueMessages(
        db,
        systemClock,
        people.map((p) => ({
          idempotencyKey: `${kind}:${p.personId}`,
          kind,
          personId: p.personId,
          conversationRefId: p.conversationRefId,
          activity: { type: "message", text: `${kind}:${p.personId}` },
          notBefore: new Date(),
        })),
      );
      const exits: number[] = [];
      if (rolling) {
        // One instance after another, all within the fan-out's first two thirds (a replacement
        // takes a few seconds to start on a busy machine).
        const spacing = (messages / limit / (INSTANCES + 2)) * 1000;
        for (let i = 0; i < INSTANCES; i++) {
          await sleep(spacing);
          const old = servers[i]!;
          const signalled = Date.now();
          old.child.kill("SIGTERM");
          const code = await old.exited;
          exits.push(Date.now() - signalled);
          const open = await countOutboxByStatus(db, { kind });
          if ((open.pending ?? 0) + (open.claimed ?? 0) === 0) console.log(`[instances] restart ${i + 1} came after the fan-out`);
          if (code !== 0) throw new Error(`instance ${i} exited with ${code} after SIGTERM`);
          servers[i] = await startServer(env);
        }
      }
      await waitDelivered(db, kind, messages, 10 * 60_000);
      const wallMs = Date.now() - started;
      const stats = (await (await fetch(`${connectorUrl}_stats`)).json()) as {
        requests: number;
        distinct: number;
        duplicates: number;
        throttled: number;
        spanMs: number;
        maxInOneSecond: number;
      };
      const statuses = await countOutboxByStatus(db, { kind });
      // n requests span n − 1 intervals.
      const perSecond = ((stats.requests - 1) / stats.spanMs) * 1000;
      results.push({
        run: rolling ? `${INSTANCES} serve, SIGTERM each in turn` : `${INSTANCES} serve processes`,
        messages,
        limit_per_s: limit,
        wall_s: (wallMs / 1000).toFixed(1),
        // Requests between the first and the last one that reached the connector.
        aggregate_per_s: perSecond.toFixed(1),
        pct_of_limit: `${((perSecond * 100) / limit).toFixed(1)} %`,
        max_in_1s: stats.maxInOneSecond,
        throttled: stats.throttled,
        duplicates: stats.duplicates,
        losses: messages - stats.distinct,
        ambiguous: statuses.failed ?? 0,
        sigterm_exit_s: exits.length ? exits.map((ms) => (ms / 1000).toFixed(1)).join(" / ") : "n/a",
      });
      console.log(`[instances] ${results.at(-1)!.run}: ${JSON.stringify({ outbox: statuses, connector: stats, wallMs })}`);
    }
    return results;
  } finally {
    for (const s of servers) s.child.kill("SIGTERM");
    await Promise.all(servers.map((s) => s.exited));
    await db.$disconnect();
    connectorProcess.kill("SIGTERM");
    await database.drop();
  }
}

export function printDeliveryInstances(results: InstancesResult[]): void {
  printTable("Delivery with several instances on PostgreSQL (issue 18)", results as unknown as Record<string, string | number>[]);
}
