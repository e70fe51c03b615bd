// `friskpuls tick --now <time>` as operators run it: a real child process. Flow tests use
// tickInProcess (./tick-in-process.ts); this stays for tests about the CLI and about processes.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);

/** The line `friskpuls tick` prints (test/harness/tick-in-process.ts returns the same). */
export interface TickResult {
  now: string;
  jobs: Record<string, any>;
  delivery: Record<string, number>;
  outbox: Record<string, number>;
}

export async function tickAt(databaseUrl: string, now: string, env: Record<string, string> = {}): Promise<TickResult> {
  const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "tick", "--now", now, "--horizon", "5"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...env },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

/** A clock the test moves by hand, shared by the in-process app and the tick's --now (CLI or in process). */
export function manualClock(start: string) {
  let at = new Date(start);
  return {
    now: () => new Date(at),
    set(iso: string) {
      at = new Date(iso);
    },
  };
}
