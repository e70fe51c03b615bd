// Shared bench plumbing: throwaway databases, child processes, memory sampling, printing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { PROJECT_ROOT } from "../src/project-root.js";

export const SHARED_DATA = join(PROJECT_ROOT, "test", "fixtures");
const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createBenchDatabase(provider: "sqlite" | "postgres"): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "friskpuls-bench-"));
    return { url: `file:${join(dir, "bench.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `friskpuls_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out, ms: Date.now() - started }));
  });
}

/** Starts a TypeScript file as a child process and waits for its first JSON line. */
export async function startChild(file: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; hello: Record<string, unknown> }> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/run-ts.mjs"), file], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout!.once("data", (d) => resolve(JSON.parse(String(d).split("\n")[0]!)));
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, hello };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}\n`);
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  console.log(`| ${cols.join(" | ")} |`);
  console.log(`|${cols.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(" | ")} |`);
}

export const BENCH_TENANT = "bench-tenant";

/**
 * An activity from a person in their 1:1 chat with the bot, as Teams sends it (tenant
 * "bench-tenant"); `fields` adds the type and what goes with it.
 */
export function personalActivity(
  person: { id: string; aadObjectId: string | null },
  serviceUrl: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...fields,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: `29:${person.id}`, aadObjectId: person.aadObjectId },
    conversation: { conversationType: "personal", tenantId: BENCH_TENANT, id: `a:${person.id}` },
    recipient: { id: "28:friskpuls-bench", name: "Friskpuls" },
    channelData: { tenant: { id: BENCH_TENANT } },
    locale: "sv-SE",
  };
}
