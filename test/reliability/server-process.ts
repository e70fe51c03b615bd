// `friskpuls serve` as its own process, as `npm start` runs it (same V8 flags), for tests that
// kill it or take its database away. Its log lines are kept (the last ones, for failure messages).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PROJECT_ROOT } from "../../src/project-root.js";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last log lines (JSON), newest last. */
  tail(): string[];
  /** How many log lines carried each "event" so far. */
  events(): Record<string, number>;
  kill(): Promise<void>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const startFlags = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts
  .start!.split(" ")
  .filter((arg) => arg.startsWith("--max-"));

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...startFlags, join(PROJECT_ROOT, "bin/friskpuls.mjs"), "serve"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "test", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const events: Record<string, number> = {};
  const keep = (line: string) => {
    const event = /"event":"([^"]+)"/.exec(line)?.[1];
    if (event) events[event] = (events[event] ?? 0) + 1;
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  createInterface({ input: child.stderr! }).on("line", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      keep(line);
      if (line.includes('"event":"http.listening"')) resolve(`http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`);
    });
    void exited.then(({ code, signal }) => reject(new Error(`server exited before listening (${code ?? signal}):\n${lines.join("\n")}`)));
  });
  return {
    url,
    child,
    exited,
    tail: () => [...lines],
    events: () => ({ ...events }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

export interface TickProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote (stdout and stderr). */
  output(): string;
  kill(): Promise<void>;
}

/** `friskpuls tick` (run due jobs, then drain the outbox) as its own process, for tests that kill it. */
export function startTickProcess(env: Record<string, string>, horizonSeconds = 10): TickProcess {
  const child = spawn(process.execPath, [...startFlags, join(PROJECT_ROOT, "bin/friskpuls.mjs"), "tick", "--horizon", String(horizonSeconds)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
