#!/usr/bin/env node
// npm run playground — Friskpuls in the Microsoft 365 Agents Playground, a local Teams emulator.
// Starts the bot on its own SQLite file (data/playground.db) with the demo organisation imported,
// then the Playground pointed at it, and prints the address to open. Ctrl-C stops both.
// The Playground's mock users (.m365agentsplayground.yml) are people from the demo org.
//
//   npm run playground [-- --no-demo-org] [--port 3978] [--playground-port 56150] [--open]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { comingPulseMonday } from "./lib/coming-monday.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

// env/.env.playground holds the non-secret settings of this environment (Toolkit convention);
// values already in the environment win.
const envFile = join(root, "env", ".env.playground");
if (existsSync(envFile)) {
  for (const line of readFileSync(envFile, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && process.env[match[1]] === undefined && match[2] !== "") process.env[match[1]] = match[2];
  }
}
if (process.env.BOT_ID) {
  console.error("BOT_ID is set: the Playground sends unauthenticated traffic, so the bot would refuse it. Unset BOT_ID for the Playground.");
  process.exit(2);
}

const port = option("port", process.env.PORT ?? "3978");
const playgroundPort = option("playground-port", process.env.PLAYGROUND_PORT ?? "56150");
mkdirSync(join(root, "data"), { recursive: true });
mkdirSync(join(root, ".playground"), { recursive: true });
const env = {
  ...process.env,
  NODE_ENV: "development",
  PORT: port,
  DATABASE_URL: process.env.DATABASE_URL ?? `file:${join(root, "data", "playground.db")}`,
};
const friskpuls = join(root, "bin", "friskpuls.mjs");

if (!args.includes("--no-demo-org")) {
  const imported = spawnSync(process.execPath, [friskpuls, "org", "import", join(root, "test", "fixtures", "org-demo")], { env, stdio: "inherit" });
  if (imported.status !== 0) process.exit(imported.status ?? 1);
}

const children = [];
const stopAll = (code) => {
  for (const child of children) child.kill("SIGTERM");
  process.exitCode = code;
};
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const bot = spawn(process.execPath, [friskpuls, "serve"], { env, stdio: "inherit" });
children.push(bot);
bot.on("exit", (code) => stopAll(code ?? 1));

await waitForReady(`http://127.0.0.1:${port}/readyz`);
const playgroundCli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
const playground = spawn(
  process.execPath,
  [playgroundCli, "-e", `http://127.0.0.1:${port}/api/messages`, "-c", "msteams", "-p", playgroundPort, "--disable-telemetry"],
  {
    cwd: root, // reads .m365agentsplayground.yml from here
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: args.includes("--open") ? (process.env.TEAMSAPPTESTER_BROWSER ?? "") : "none",
      M365_AGENTS_PLAYGROUND_LOGFILE: join(root, ".playground", "playground.log"),
    },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
children.push(playground);
playground.on("exit", (code) => stopAll(code ?? 1));
const monday = comingPulseMonday();
const tick = (at) => `DATABASE_URL=${env.DATABASE_URL} npx friskpuls tick --now ${at}`;
console.log(`\nFriskpuls is in the Agents Playground: open http://localhost:${playgroundPort} (log: .playground/playground.log). Ctrl-C stops.
After the install, plan a pulse for the coming Monday (${monday.date}); it stays open until that Thursday:
  ${tick(monday.scheduleAt)}   # 08:00 Stockholm: the default schedule
  ${tick(monday.pulseAt)}   # 09:00 Stockholm: the pulse\n`);

async function waitForReady(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`Friskpuls did not become ready at ${url}`);
  stopAll(1);
  process.exit(1);
}
