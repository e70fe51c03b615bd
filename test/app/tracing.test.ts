// Issue 18: OpenTelemetry tracing is off by default and switched on by configuration. `friskpuls
// serve` runs as its own process (tracing must load before the app's modules, as bin/friskpuls.mjs
// does it); a local HTTP stand-in for an OTLP collector receives the exports. With an OTLP endpoint
// set, a request to /api/messages produces an exported server span for the express route, and on
// PostgreSQL the pg queries are spans too; without one, nothing is exported.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createPostgresDatabase, createSqliteFile, POSTGRES_IN_RUN } from "../harness/databases.js";
import { startServerProcess, type ServerProcess } from "../reliability/server-process.js";

interface Collector {
  url: string;
  bodies: string[];
  /** Azure Monitor ingestion (POST /v2.1/track), gzip or not, decoded. */
  tracked: string[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (the Azure Monitor exporter only speaks HTTPS). */
function makeCertificate(): { key: string; cert: string; certFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "friskpuls-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8"), certFile: join(dir, "cert.pem"), dir };
}

async function startCollector(tls?: { key: string; cert: string }): Promise<Collector> {
  const bodies: string[] = [];
  const tracked: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST" && req.url === "/v1/traces") bodies.push(body.toString("utf8"));
      if (req.method === "POST" && req.url?.startsWith("/v2.1/track"))
        tracked.push((req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    tracked,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe("tracing", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function serve(env: Record<string, string>, database: "sqlite" | "postgres" = "sqlite"): Promise<ServerProcess> {
    let url: string;
    if (database === "postgres") {
      const d = await createPostgresDatabase();
      cleanups.push(() => d.drop());
      url = d.url;
    } else {
      const f = createSqliteFile();
      cleanups.push(() => rmSync(f.dir, { recursive: true, force: true }));
      url = f.url;
    }
    const server = await startServerProcess({ DATABASE_URL: url, SCHEDULER_ENABLED: "false", OTEL_BSP_SCHEDULE_DELAY: "100", ...env });
    cleanups.push(async () => void (await server.stop()));
    return server;
  }

  it.skipIf(!POSTGRES_IN_RUN)(
    "exports an express server span and pg spans to the OTLP endpoint when one is set (PostgreSQL)",
    async () => {
      const collector = await startCollector();
      cleanups.push(() => collector.close());
      const server = await serve({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: "friskpuls-test" }, "postgres");

      const res = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" });
      expect(res.status).toBe(400);
      await fetch(`${server.url}/readyz`);

      const exported = () => collector.bodies.join("\n");
      expect(await until(() => exported().includes("/api/messages"), 15_000), exported().slice(0, 2000)).toBe(true);
      expect(exported()).toContain("friskpuls-test");
      expect(exported()).toContain("@opentelemetry/instrumentation-express");
      expect(await until(() => exported().includes("@opentelemetry/instrumentation-pg"), 10_000), "a pg span").toBe(true);
      // Probes are not traced (they would drown everything else).
      expect(exported()).not.toContain("/readyz");
    },
    60_000,
  );

  it("exports to Azure Monitor through its distro when APPLICATIONINSIGHTS_CONNECTION_STRING is set (a local HTTPS ingestion stand-in)", async () => {
    const tls = makeCertificate();
    cleanups.push(() => rmSync(tls.dir, { recursive: true, force: true }));
    const collector = await startCollector(tls);
    cleanups.push(() => collector.close());
    const server = await serve({
      NODE_EXTRA_CA_CERTS: tls.certFile,
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${collector.url}/`,
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
    });
    expect((await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" })).status).toBe(400);
    const tracked = () => collector.tracked.join("\n");
    // The distro batches for several seconds before its first export.
    expect(await until(() => tracked().includes("/api/messages"), 45_000), tracked().slice(0, 2000)).toBe(true);
    expect(tracked()).toContain("RequestData");
  }, 90_000);

  it("is off by default: the server starts and serves, and nothing is exported", async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    // The endpoint variable is not set; OTEL_ENABLED=false would turn it off even if it were.
    const server = await serve({ OTEL_ENABLED: "false", OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(collector.bodies).toHaveLength(0);
  }, 60_000);
});
