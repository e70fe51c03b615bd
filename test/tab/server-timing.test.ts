// Issue 17: the tab's API responses carry `Server-Timing: app;dur=<ms>` (bench/tab.ts reads it as the
// server's own time). Real HTTP: through the whole app (a refusal by the tab's auth carries it; the
// OpenAPI document and the page config, outside the API router, do not), and the middleware alone,
// however the response is written.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverTiming } from "../../src/tab/server-timing.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";

const TIMING = /^app;dur=\d+(\.\d)?$/;

describe("Server-Timing on /api/tab", () => {
  let app: TestApp | undefined;
  let server: Server | undefined;
  let url = "";

  beforeAll(async () => {
    app = await startTestApp();
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
    server = await new Promise<Server>((resolve) => {
      const s = other.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await app?.stop();
  });

  it("is on the API's responses, refusals included, and not on the OpenAPI document or the config", async () => {
    const refused = await fetch(`${app!.url}/api/tab/me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("server-timing")).toMatch(TIMING);

    for (const path of ["/api/tab/openapi.json", "/api/tab/config"]) {
      const res = await fetch(`${app!.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("server-timing")).toBeNull();
    }
  });

  it("measures the time until the headers are written, however they are written", async () => {
    const slow = await fetch(`${url}/slow`);
    expect(slow.status).toBe(200);
    const header = slow.headers.get("server-timing")!;
    expect(header).toMatch(TIMING);
    expect(Number(header.split("=")[1])).toBeGreaterThanOrEqual(29);

    const raw = await fetch(`${url}/raw`);
    expect(raw.status).toBe(204);
    expect(raw.headers.get("x-raw")).toBe("1");
    expect(raw.headers.get("server-timing")).toMatch(TIMING);
  });
});
