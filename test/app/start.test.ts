import { describe, expect, it } from "vitest";
import { INNER_LOOP } from "../harness/test-scope.js";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { loadConfig, ConfigError } from "../../src/config.js";

function run(args: string[], env: Record<string, string>) {
  const child = spawn("npm", args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  // "close", not "exit": npm may exit before the server it started has written its last line.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function waitForReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("npm start", () => {
  it.skipIf(INNER_LOOP)("migrates a fresh SQLite database and serves /healthz and /readyz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "friskpuls-start-"));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const app = run(["start", "--silent"], { DATABASE_URL: `file:${join(dir, "db", "f.db")}`, PORT: port, NODE_ENV: "development", LOG_LEVEL: "info" });
    try {
      await waitForReady(`http://127.0.0.1:${port}/readyz`);
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: "ok" });
      expect(existsSync(join(dir, "db", "f.db"))).toBe(true);
      expect(app.output()).toContain("UNAUTHENTICATED");
    } finally {
      process.kill(-app.child.pid!, "SIGTERM"); // npm and the server it started
      await app.exited;
      expect(app.output()).toContain('"event":"shutdown"');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(INNER_LOOP)("refuses to start in production without BOT_ID, listing the problem", async () => {
    const app = run(["start", "--silent"], { NODE_ENV: "production", BOT_ID: "", PORT: "0" });
    expect(await app.exited).toBe(78);
    expect(app.output()).toContain("BOT_ID: required when NODE_ENV=production");
  });
});

describe("configuration", () => {
  it("lists every invalid setting at once", () => {
    let error: unknown;
    try {
      loadConfig({ MIN_GROUP_SIZE: "2", PORT: "abc", DATABASE_URL: "mysql://x", BOT_ID: "id" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("MIN_GROUP_SIZE: must be at least 3");
    expect(message).toContain("PORT");
  });

  it("reports a bad DATABASE_URL and a BOT_ID without password together", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x", BOT_ID: "id" })).toThrow(/DATABASE_URL[\s\S]*BOT_PASSWORD[\s\S]*ANSWER_TOKEN_SECRET/);
    expect(() => loadConfig({ ANSWER_TOKEN_SECRET: "too-short" })).toThrow(/ANSWER_TOKEN_SECRET: must be at least 32 characters/);
  });

  it("defaults to SQLite under ./data, k = 5 and loopback when unauthenticated", () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ provider: "sqlite", file: join(process.cwd(), "data/friskpuls.db") });
    expect(config.minGroupSize).toBe(5);
    expect(config.host).toBe("127.0.0.1");
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).database.provider).toBe("postgres");
  });
});
