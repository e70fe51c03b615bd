#!/usr/bin/env node
// npm run playground:demo — a pulse answered in the Microsoft 365 Agents Playground, driven in
// headless Chromium, with screenshots in docs/screenshots/. Real parts throughout: the bot
// (`friskpuls serve`) on a fresh SQLite file with the demo org, the Playground as Teams, the pulse
// planned by `friskpuls tick --now`, the answer clicked in the Playground's own UI.
// Needs Chromium (Debian: apt-get install chromium; or CHROMIUM_PATH).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { comingPulseMonday } from "./lib/coming-monday.mjs";
import { findChromiumOrExit, freePort, launchChromium, waitFor } from "./lib/local-services.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shots = process.env.SCREENSHOT_DIR ?? join(root, "docs", "screenshots");
const chromiumPath = findChromiumOrExit();
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "friskpuls-demo-"));
const env = { ...process.env, NODE_ENV: "development", DATABASE_URL: `file:${join(work, "demo.db")}`, LOG_LEVEL: "warn", BOT_ID: "" };
const friskpuls = (args, extra = {}) =>
  spawnSync(process.execPath, [join(root, "bin", "friskpuls.mjs"), ...args], { env: { ...env, ...extra }, encoding: "utf8" });
const children = [];
const cleanup = () => {
  for (const child of children) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
};

try {
  const imported = friskpuls(["org", "import", join(root, "test", "fixtures", "org-demo")]);
  if (imported.status !== 0) throw new Error(imported.stderr);
  const botPort = await freePort();
  const bot = spawn(process.execPath, [join(root, "bin", "friskpuls.mjs"), "serve"], {
    env: { ...env, PORT: String(botPort), SCHEDULER_ENABLED: "false" },
    stdio: "inherit",
  });
  children.push(bot);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${botPort}/readyz`)).ok);

  const playgroundPort = await freePort();
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const playground = spawn(
    process.execPath,
    [cli, "-e", `http://127.0.0.1:${botPort}/api/messages`, "-c", "msteams", "-p", String(playgroundPort), "--disable-telemetry"],
    {
      cwd: root,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: join(work, "playground.log") },
      stdio: "ignore",
    },
  );
  children.push(playground);
  const playgroundUrl = `http://127.0.0.1:${playgroundPort}`;
  await waitFor(async () => (await fetch(`${playgroundUrl}/_internal/v1/config`)).ok);

  const browser = await launchChromium(chromiumPath);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  await page.goto(playgroundUrl);
  await page.waitForLoadState("networkidle");

  // Install in personal scope, as Teams does when the user adds the app.
  const config = await (await fetch(`${playgroundUrl}/_internal/v1/config`)).json();
  const chatId = config.config.personalChat.id;
  const template = await (await fetch(`${playgroundUrl}/_internal/v1/customActivities/template?conversationId=${chatId}&type=botAdded`)).json();
  await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(template),
  });
  await page.getByText("Välkommen till Friskpuls").first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: join(shots, "1-welcome.png") });

  // The coming Monday: the default schedule is created at 08:00 local, the pulse is due at 09:00.
  const monday = comingPulseMonday();
  for (const now of [monday.scheduleAt, monday.pulseAt]) {
    const tick = friskpuls(["tick", "--now", now, "--horizon", "5"]);
    if (tick.status !== 0) throw new Error(tick.stderr);
  }
  await page.getByText("Hur bedömer du ditt allmänna hälsotillstånd?").first().waitFor({ timeout: 20_000 });
  await page.getByText("Hur bedömer du ditt allmänna hälsotillstånd?").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "2-pulse.png") });

  await page.getByRole("button", { name: "Bra", exact: true }).first().click();
  await page.getByText("Ditt svar: Bra").first().waitFor({ timeout: 20_000 });
  await page.getByText("Ditt svar: Bra").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "3-answered.png") });
  await browser.close();
  console.log(`screenshots in ${shots}`);
} finally {
  cleanup();
}
