// Issue 17: the tab's API responses carry `Server-Timing: app;dur=<ms>` (bench/tab.ts reads it as the
// server's own time). Real HTTP through the tab's router: on the API (answered by the auth in front
// of the routes here), whatever the status and however the response is written; not on the OpenAPI
// document, which is outside the API router.
import { rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { Router } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createDb } from "../../src/db/client.js";
import { createLogger } from "../../src/logger.js";
import { systemClock } from "../../src/clock.js";
import { tabRoutes } from "../../src/tab/routes.js";
import { serverTiming } from "../../src/tab/server-timing.js";
import { createSqliteFile } from "../harness/databases.js";

const TIMING = /^app;dur=\d+(\.\d)?$/;

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("Server-Timing on /api/tab", () => {
  const file = createSqliteFile();
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: file.url });
  const db = createDb(config.database);
  let url = "";
  let server: Server | undefined;
  let plain: { url: string; server: Server } | undefined;

  beforeAll(async () => {
    // The auth in front of the routes: refuses without a Bearer token, as the real one does.
    const requireViewer = Router();
    requireViewer.use((req, res, next) => {
      if (!req.headers.authorization) {
        res.status(401).json({ error: "unauthorized" });
        return;
      }
      next();
    });
    const app = express();
    app.use(tabRoutes({ db, clock: systemClock, logger: createLogger("silent"), config }, requireViewer));
    ({ url, server } = await listen(app));

    // The middleware alone, with a slow JSON response and one written by writeHead + end.
    const other = express();
    other.use(serverTiming());
    other.get("/slow", async (_req, res) => {
      await new Promise((r) => setTimeout(r, 30));
      res.json({ ok: true });
    });
    other.get("/raw", (_req, res) => {
      res.writeHead(204, { "x-raw": "1" });
      res.end();
    });
    plain = await listen(other);
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await new Promise((r) => plain?.server.close(r));
    await db.$disconnect();
    rmSync(file.dir, { recursive: true, force: true });
  });

  it("is on the API's responses, refusals included, and not on the OpenAPI document", async () => {
    const refused = await fetch(`${url}/api/tab/me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("server-timing")).toMatch(TIMING);

    const openApi = await fetch(`${url}/api/tab/openapi.json`);
    expect(openApi.status).toBe(200);
    expect(openApi.headers.get("server-timing")).toBeNull();
  });

  it("measures the time until the headers are written", async () => {
    const slow = await fetch(`${plain!.url}/slow`);
    expect(slow.status).toBe(200);
    const header = slow.headers.get("server-timing")!;
    expect(header).toMatch(TIMING);
    expect(Number(header.split("=")[1])).toBeGreaterThanOrEqual(29);

    const raw = await fetch(`${plain!.url}/raw`);
    expect(raw.status).toBe(204);
    expect(raw.headers.get("x-raw")).toBe("1");
    expect(raw.headers.get("server-timing")).toMatch(TIMING);
  });
});
