// Starts the whole app in-process on a free port with a fresh database and a fake connector.
import { Writable } from "node:stream";
import { FakeConnector } from "./fake-connector.js";
import { createPostgresDatabase, createSqliteFile } from "./databases.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startFriskpuls } from "../../src/main.js";
import type { Db } from "../../src/db/client.js";
import type { Clock } from "../../src/clock.js";
import { rmSync } from "node:fs";

export interface TestApp {
  url: string;
  db: Db;
  /** The app's DATABASE_URL, for CLI runs (friskpuls tick) against the same database. */
  databaseUrl: string;
  connector: FakeConnector;
  serviceUrl: string;
  /** The separate metrics listener, when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: "sqlite" | "postgres";
  clock?: Clock;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const connector = await new FakeConnector().start();
  const database =
    options.database === "postgres"
      ? await createPostgresDatabase().then((d) => ({ url: d.url, remove: d.drop }))
      : (() => {
          const f = createSqliteFile();
          return { url: f.url, remove: async () => rmSync(f.dir, { recursive: true, force: true }) };
        })();
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      rawLogs.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: database.url, ...options.env });
  const logger = createLogger("debug", sink);
  const running = await startFriskpuls(config, { logger, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    url: running.url,
    db: running.db,
    databaseUrl: database.url,
    connector,
    serviceUrl: connector.url,
    metricsUrl: running.metricsUrl,
    rawLogs,
    get logs() {
      return rawLogs.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    async post(activity, headers = {}) {
      const res = await fetch(`${running.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof activity === "string" ? activity : JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body };
    },
    async stop() {
      await running.stop();
      await connector.stop();
      await database.remove();
    },
  };
}
