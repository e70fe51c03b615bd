// What the scripts that drive the Agents Playground in a browser share: Debian's chromium, started
// on the real clock; a free local port; waiting for a service to answer.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

/** The chromium binary (CHROMIUM_PATH, else Debian's), or exit 2 saying how to get it. */
export function findChromiumOrExit() {
  const path = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
  if (!path) {
    console.error("Chromium not found: apt-get install chromium, or set CHROMIUM_PATH");
    process.exit(2);
  }
  return path;
}

/**
 * Headless chromium. It runs on the real clock: a run under libfaketime (dates after today) must
 * not hand its LD_PRELOAD to Chromium, which hangs with it.
 */
export function launchChromium(executablePath) {
  const env = { ...process.env };
  delete env.LD_PRELOAD;
  delete env.FAKETIME;
  return chromium.launch({ executablePath, args: ["--no-sandbox"], env });
}

/** Polls `check` every 250 ms until it is true; `why` adds what to say on time-out (e.g. a log). */
export async function waitFor(check, timeoutMs = 30_000, why = () => "") {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for a service ${why()}`.trimEnd());
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
