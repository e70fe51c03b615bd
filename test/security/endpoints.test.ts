// What the HTTP server exposes besides /api/messages: two unauthenticated probes for the platform
// (liveness, readiness) that reveal nothing but up/ready, and no admin or ops endpoint at all —
// operators use the CLI on the host (`friskpuls org import`, `tick`, `targets`, …). Errors say
// "internal error" and nothing else; the log keeps a short form without the data in between.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { cardAction } from "../harness/activities.js";
import { manualClock } from "../harness/tick-cli.js";
import { POSTGRES_ADMIN_URL, POSTGRES_IN_RUN } from "../harness/databases.js";
import { seedOrg, SEED_NOW, type Seed } from "./seed.js";
import { createHttpApp } from "../../src/http/server.js";
import { createLogger, errorForLog } from "../../src/logger.js";
import type { Db } from "../../src/db/client.js";
import type { MessagesRouteOptions } from "../../src/http/routes/messages.js";

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
const routesOf = (stack: Layer[]): string[] =>
  stack.flatMap((l) =>
    l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : l.handle?.stack ? routesOf(l.handle.stack) : [],
  );

describe("the HTTP surface", () => {
  it("is exactly the Bot Framework endpoint and two health probes: there is no admin or ops endpoint", () => {
    const http = createHttpApp({} as Db, createLogger("silent"), {} as MessagesRouteOptions);
    expect(routesOf((http as unknown as { router: { stack: Layer[] } }).router.stack).sort()).toEqual(["GET /healthz", "GET /readyz", "POST /api/messages"]);
  });
});

describe("probes and unknown paths (SQLite)", () => {
  const clock = manualClock(SEED_NOW);
  let app: TestApp;
  let seed: Seed;
  beforeAll(async () => {
    app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
    seed = await seedOrg(app);
  }, 60_000);
  afterAll(async () => app?.stop());

  it("health and readiness say up and ready, and nothing else: no version, database, counts or framework", async () => {
    for (const [path, body] of [
      ["/healthz", { status: "ok" }],
      ["/readyz", { status: "ready" }],
    ] as const) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(body);
      expect(res.headers.get("x-powered-by")).toBeNull();
      expect(res.headers.get("server")).toBeNull();
    }
  });

  it("admin-looking paths and other methods are a plain 404 that echoes nothing", async () => {
    const probes: [string, string][] = [
      ["GET", "/admin"],
      ["GET", "/metrics"],
      ["GET", "/debug"],
      ["GET", "/status"],
      ["GET", "/api"],
      ["GET", "/api/admin"],
      ["GET", "/.env"],
      ["GET", "/api/messages"],
      ["PUT", "/api/messages"],
      ["DELETE", "/api/messages"],
      ["POST", "/healthz"],
      ["DELETE", "/readyz"],
      ["GET", "/api/messages/../../etc/passwd"],
      ["GET", "/%3Cscript%3Ealert(1)%3C/script%3E"],
    ];
    for (const [method, path] of probes) {
      const res = await fetch(`${app.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: "not found" });
    }
  });

  it("a turn that fails answers 500 'internal error' with no detail, and its log line holds no answer", async () => {
    const before = app.rawLogs.length;
    // The answer table is gone for a moment: the handler's write fails inside the database.
    await app.db.$executeRawUnsafe('ALTER TABLE "PulseAnswer" RENAME TO "PulseAnswer_away"');
    try {
      const res = await app.post(
        cardAction(seed.users.m1_0!, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId: seed.pulseId, questionId: "workload", value: 4 }),
      );
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: "internal error" });
    } finally {
      await app.db.$executeRawUnsafe('ALTER TABLE "PulseAnswer_away" RENAME TO "PulseAnswer"');
    }
    const logged = app.rawLogs.slice(before).filter((l) => l.includes('"teams.turn_error"'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/PulseAnswer/); // says what failed …
    expect(logged[0]).not.toMatch(/P-m1_0|"value"|\bvalue: 4\b|workload/); // … not for whom or what was answered
  });

  it("errors are logged in a short form: a Prisma validation error's arguments (an answer's value) stay out", async () => {
    const error = await app.db.pulseAnswer
      .create({ data: { pulseId: seed.pulseId, unitId: "U1", token: "t", questionId: "self_rated_health", value: "Mycket dåligt" as unknown as number } })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain("Mycket dåligt"); // what Prisma says …
    const short = errorForLog(error);
    expect(JSON.stringify(short)).not.toContain("Mycket dåligt"); // … and what the log keeps
    expect(short.message).toMatch(/^Invalid `.*` invocation/);
  });
});

describe.skipIf(!POSTGRES_IN_RUN)("readiness on PostgreSQL", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ database: "postgres", env: { SCHEDULER_ENABLED: "false" } });
  }, 60_000);
  afterAll(async () => app?.stop());

  it("when the database is unreachable, /readyz says so without naming host, database or error", async () => {
    const name = new URL(app.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "database unreachable" });
      expect(text).not.toMatch(/127\.0\.0\.1|5432|postgres|friskpuls_test/);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200); // alive, not ready
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });
});
