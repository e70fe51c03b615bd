// An Adaptive Card drawn as a phone draws it: the `adaptivecards` reference renderer in headless
// Chromium (Debian's) at a given width, e.g. 360 px for Teams mobile. Reports what does not fit:
// elements reaching past the card's right edge, and text cut off (a non-wrapping TextBlock, a choice
// or button title ending in "…"). `Chart.*` is unknown to the renderer, so its `fallback` is drawn —
// what Teams mobile shows too.
//
// Use `itAtWidth` for cases that need it: skipped, saying so, where Chromium is missing or in the
// inner loop (`npm run test:fast`), but never in CI (CI=true), where a missing browser fails.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, it } from "vitest";
import { INNER_LOOP } from "./test-scope.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

const canRender = Boolean(process.env.CI) || (Boolean(CHROMIUM_PATH) && !INNER_LOOP);
/** `it` for a case that renders cards; skipped (reported as skipped) only outside CI. */
export const itAtWidth: typeof it = (canRender ? it : it.skip) as typeof it;

const here = dirname(fileURLToPath(import.meta.url));
const dist = dirname(createRequire(import.meta.url).resolve("adaptivecards/dist/adaptivecards.js"));

// Close to Teams' own host config: Segoe UI-like sizes, compact spacing, buttons side by side.
const TEAMS_LIKE_HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  actions: { maxActions: 6, spacing: "default", buttonSpacing: 8, actionsOrientation: "horizontal", actionAlignment: "stretch", showCard: {} },
  supportsInteractivity: true,
};

export type CardAtWidth = {
  /** One line per element that does not fit: what it is and its text. Empty when all fits. */
  problems: string[];
  /** The visible text, as the renderer drew it (fallbacks included). */
  text: string;
  /** The card's drawn height in px (a phone user scrolls this much). */
  height: number;
};

type Measure = { measureCard: (card: unknown, hostConfig: unknown) => CardAtWidth };

let browser: Promise<Browser> | undefined;
let page: Promise<Page> | undefined;
// One page, loaded once (the renderer is a megabyte of script); renders take turns on it.
let queue: Promise<unknown> = Promise.resolve();

/**
 * The host config asks for Segoe UI, then Arial: on Linux Arial is what fontconfig maps it to.
 * Measured in DejaVu Sans (wider) a button that fits in Teams is reported cut off, so the
 * measurement needs Arial's metrics (Liberation Sans, Debian's fonts-liberation).
 */
function assertMeasuringFont(): void {
  let match = "";
  try {
    match = execFileSync("fc-match", ["Arial"], { encoding: "utf8" });
  } catch {
    return; // no fontconfig: not Debian's chromium; nothing to say about its fonts
  }
  if (!/Liberation Sans|Arial/i.test(match))
    throw new Error(`Arial resolves to ${match.trim()}: install fonts-liberation (apt-get install fonts-liberation) so widths match Teams'`);
}

function openPage(): Promise<Page> {
  if (!CHROMIUM_PATH) throw new Error("Chromium is not installed: apt-get install chromium fonts-liberation (or set CHROMIUM_PATH)");
  assertMeasuringFont();
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"], env: browserEnv() });
  page ??= browser.then(async (b) => {
    const p = await b.newPage({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
    await p.setContent(
      `<!doctype html><html><body style="margin:0;background:#f5f5f5"><div id="card" style="margin:12px 16px;background:#fff"></div></body></html>`,
    );
    await p.addStyleTag({ path: join(dist, "adaptivecards.css") });
    await p.addScriptTag({ path: join(dist, "adaptivecards.js") });
    await p.addScriptTag({ path: join(here, "card-at-width.page.js") });
    return p;
  });
  return page;
}

afterAll(async () => {
  if (browser) await (await browser).close();
  browser = undefined;
  page = undefined;
});

/** Draws `card` at `width` px (the whole chat column; the card gets 16 px less on each side, as in Teams). */
export function renderCardAt(card: Record<string, unknown>, options: { width?: number; screenshotPath?: string } = {}): Promise<CardAtWidth> {
  const turn = queue.then(async () => {
    const p = await openPage();
    await p.setViewportSize({ width: options.width ?? 360, height: 800 });
    const result = await p.evaluate(([card, hostConfig]) => (globalThis as unknown as Measure).measureCard(card, hostConfig), [
      card,
      TEAMS_LIKE_HOST_CONFIG,
    ] as const);
    if (options.screenshotPath) await p.locator("#card").screenshot({ path: options.screenshotPath });
    return result;
  });
  queue = turn.catch(() => undefined);
  return turn;
}

// The browser runs on the real clock: a test run under libfaketime (dates after today) must not
// hand its LD_PRELOAD to Chromium, which hangs with it.
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "LD_PRELOAD" && k !== "FAKETIME") env[k] = v;
  return env;
}
