// The container's production install, proved without Docker (images cannot be pulled here): the
// files the Docker build context admits (.dockerignore's allowlist) go into an empty folder,
// `npm ci --omit=dev` installs the production dependency set there (install scripts and our
// postinstall included), and the server starts from it with NODE_ENV=production against a fresh
// PostgreSQL database. A runtime import of a devDependency, or a file the image lacks, fails it.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, sep } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../harness/databases.js";

const ROOT = join(import.meta.dirname, "..", "..");
const INSTALL_TIMEOUT_MS = 6 * 60_000;

/** The Docker context allowlist: `*` then `!path` re-includes; other lines exclude again. */
function readDockerContext(text: string): { include: string[]; exclude: string[] } {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  if (lines[0] !== "*") throw new Error(".dockerignore must start with `*` (an allowlist)");
  const include = lines.filter((line) => line.startsWith("!")).map((line) => line.slice(1).replace(/\/$/, ""));
  const exclude = lines.slice(1).filter((line) => !line.startsWith("!"));
  for (const pattern of exclude) {
    if (!/^[\w./-]+\/$/.test(pattern) && !/^\*\*\/\*[\w.-]+$/.test(pattern)) {
      throw new Error(`.dockerignore pattern ${pattern} is not understood by this test: extend readDockerContext`);
    }
  }
  return { include, exclude };
}

function isExcluded(path: string, exclude: string[]): boolean {
  return exclude.some((pattern) => (pattern.endsWith("/") ? `${path}/`.startsWith(pattern) : path.endsWith(pattern.slice("**/*".length))));
}

function copyContext(target: string): void {
  const { include, exclude } = readDockerContext(readFileSync(join(ROOT, ".dockerignore"), "utf8"));
  for (const entry of include) {
    mkdirSync(dirname(join(target, entry)), { recursive: true });
    cpSync(join(ROOT, entry), join(target, entry), {
      recursive: true,
      filter: (source) => !isExcluded(relative(ROOT, source).split(sep).join("/"), exclude),
    });
  }
}

/**
 * better-sqlite3 installs a prebuilt binary when one fits (what a real `docker build` downloads)
 * and compiles for ~4 minutes otherwise. No download is possible here, so the binary this checkout
 * already built is offered as a local prebuild in the layout prebuild-install expects; with another
 * Node ABI it is simply not found and the install compiles, slower but just as valid.
 */
function offerLocalPrebuild(dir: string): string {
  const module = join(ROOT, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(readFileSync(join(module, "package.json"), "utf8")) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync("tar", ["czf", join(dir, name), "-C", module, "build/Release/better_sqlite3.node"]);
  return dir;
}

/** The parent's environment without npm's per-run variables (`npm test` would leak its own). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !["NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "NODE_OPTIONS"].includes(key)) env[key] = value;
  }
  // The same node for npm, install scripts and the server, so the native addon's ABI matches.
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

function waitForListening(child: ChildProcess, log: { text: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within 60 s:\n${log.text}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      log.text += chunk.toString();
      const match = /"event":"http\.listening","port":(\d+)/.exec(log.text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (log.text += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code} before listening:\n${log.text}`));
    });
  });
}

describe("production install (what the Dockerfile builds)", () => {
  let dir: string;
  let app: string;
  let database: { url: string; drop(): Promise<void> };
  let server: ChildProcess | undefined;
  let base: string;
  const log = { text: "" };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "friskpuls-prod-"));
    app = join(dir, "app");
    mkdirSync(app);
    copyContext(app);
    const prebuilds = offerLocalPrebuild(mkdtempSync(join(dir, "prebuilds-")));
    await run(
      "npm",
      ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"],
      app,
      cleanEnv({
        NODE_ENV: "production",
        npm_config_yes: "true", // as in the Dockerfile: botbuilder-dialogs' postinstall runs npx
        npm_config_better_sqlite3_local_prebuilds: prebuilds,
      }),
    );
    database = await createPostgresDatabase();
    server = spawn(process.execPath, ["--max-old-space-size=256", "bin/friskpuls.mjs", "serve"], {
      cwd: app,
      stdio: ["ignore", "pipe", "pipe"],
      env: cleanEnv({
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        BOT_ID: "00000000-0000-4000-8000-00000000b07d",
        BOT_PASSWORD: "not-used-without-inbound-traffic",
        ANSWER_TOKEN_SECRET: "production-install-test-secret-0123456789",
        DATABASE_URL: database.url,
        SCHEDULER_ENABLED: "false",
      }),
    });
    base = `http://127.0.0.1:${await waitForListening(server, log)}`;
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("installed only the production dependency set, in a folder with no node_modules above it", () => {
    expect(existsSync(join(app, "node_modules", "tsx"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"))).toBe(true);
    expect(existsSync(join(app, "src", "db", "generated", "postgres"))).toBe(true);
    // Exactly what the lockfile marks dev-only (vitest, typescript, eslint, …) is absent.
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev);
    expect(devOnly.map(([path]) => path)).toContain("node_modules/vitest");
    for (const [path] of devOnly) expect(existsSync(join(app, path)), path).toBe(false);
    for (let up = dir; up !== dirname(up); up = dirname(up)) expect(existsSync(join(dirname(up), "node_modules")), up).toBe(false);
    expect(existsSync(join(app, "test"))).toBe(false);
  });

  it("answers /healthz and /readyz with 200", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it("refuses an unauthenticated activity with 401", async () => {
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "hej", channelId: "msteams", serviceUrl: "https://smba.trafficmanager.net/emea/" }),
    });
    expect(response.status).toBe(401);
  });

  it("migrated the PostgreSQL database at start", async () => {
    const expected = readdirSync(join(ROOT, "prisma", "migrations", "postgres"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      expect(Number(applied.rows[0]!.n)).toBe(expected);
      expect(expected).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect(log.text).toContain('"event":"db.migrated"');
  });
});
