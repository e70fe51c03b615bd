// The personal tab (issue 17): org-large with two years of fortnightly pulses (bench/aggregates.ts's
// generator and cell build, the last pulse closed a few days before now), its absences and this
// month's sick-leave snapshot, an HR partner at the organisation's root (U0) and one closed
// friskfaktor round for the whole organisation. Then the real server (`friskpuls serve` as
// `npm start` runs it, scheduler off, local mode: no BOT_ID) with TAB_APP_ID, ENTRA_JWKS_URL and
// ALLOWED_TENANT_IDS pointing at a local key set, and over real HTTP with SSO-shaped tokens signed
// by it: GET /api/tab/overview (the HR partner's whole organisation) and GET /api/tab/units/{id}
// (the root, a large unit as its chef and as a member, random units as HR), sequentially, after a
// warm-up. Server time is the server's own `Server-Timing: app;dur=` (src/tab/server-timing.ts);
// client time is fetch to the last byte of the body. Last, the first render in Chromium of the
// overview as the HR partner (/tab/#/overview, signed in as the local dev sign-in leaves the page):
// navigation start until `[data-ready="overview"]` is visible (a fresh browser context each load).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { buildRoundCells } from "../src/domain/aggregates/build-round-cells.js";
import { buildSickLeaveCells } from "../src/domain/aggregates/build-sick-leave-cells.js";
import { DEFAULT_NUDGE_THRESHOLDS } from "../src/domain/nudges/thresholds.js";
import { closeDueRounds } from "../src/domain/health-factors/round-deadlines.js";
import { FACTOR_IDS } from "../src/domain/health-factors/catalogue.js";
import { startRound } from "../src/domain/health-factors/start-round.js";
import { findChromiumOrExit, launchChromium } from "../scripts/lib/local-services.mjs";
import { startTabKeys, type TabKeys } from "../test/harness/tab-tokens.js";
import { buildAllPulseCells, databaseSize, FORTNIGHT, generatePulses, insertRows, K, prng, shuffle, uuidFrom, WINDOW } from "./aggregates.js";
import { createBenchDatabase, printTable, runCli, SHARED_DATA } from "./lib.js";
import { percentile } from "./open-loop.js";
import { startServer, type ServerProcess } from "./load.js";

export interface TabOptions {
  /** Measured requests per row (after WARMUP of each). */
  requests: number;
  /** First renders in Chromium; 0: none. */
  loads: number;
  /** The selector that tells the overview is drawn; OVERVIEW_READY unless told otherwise. */
  ready?: string;
  pulses: number;
  /** An existing database prepared by an earlier run with keepDb (skips the import and the data). */
  useDb?: string;
  /** Keep the database (prints its URL) for a later run with useDb. */
  keepDb: boolean;
}

export interface TabResult {
  db: string;
  data: Record<string, string | number>;
  api: Record<string, string | number>[];
  render: Record<string, string | number> | undefined;
}

const WARMUP = 20;
const RANDOM_UNITS = 10;
const HR_PERSON = "PBENCHHR";
const SEED = 0x5eed_0017;
/** What the page marks once the overview's table and heatmap are drawn (--ready overrides it). */
export const OVERVIEW_READY = '[data-ready="overview"]';
const DEV_TOKEN_KEY = "friskpuls.tab.devToken";

export async function benchTab(provider: "sqlite" | "postgres", o: TabOptions): Promise<TabResult> {
  const database = o.useDb ? { url: o.useDb, drop: async () => {} } : await createBenchDatabase(provider);
  const db = createDb(resolveDatabaseTarget(database.url));
  let keys: TabKeys | undefined;
  let server: ServerProcess | undefined;
  // BENCH_LOG_DIR keeps the server's log there.
  const logDir = mkdtempSync(join(process.env.BENCH_LOG_DIR ?? tmpdir(), "friskpuls-tab-"));
  try {
    if (o.useDb) {
      // Prepared by an earlier run, perhaps with fewer migrations than now.
      await migrateDatabase(resolveDatabaseTarget(database.url));
      await sickLeaveSnapshot(db, provider);
    }
    const prepared = o.useDb ? await describeData(db, provider, database.url, "reused") : await prepare(db, provider, database.url, o.pulses);
    console.log(`[${provider}] data ${JSON.stringify(prepared)}`);
    const cast = await castOf(db);
    console.log(`[${provider}] cast ${JSON.stringify(cast)}`);

    keys = await startTabKeys();
    server = await startServer(database.url, join(logDir, "server.log"), { ...keys.env, SCHEDULER_ENABLED: "false" });
    const token = async (personId: string) => {
      const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { aadObjectId: true, displayName: true } });
      return keys!.mint({ oid: person.aadObjectId!, name: person.displayName });
    };
    const hr = await token(HR_PERSON);
    const chef = await token(cast.chef);
    const member = await token(cast.member);
    const targets: Target[] = [
      { name: "GET /api/tab/overview", as: "HR partner (root U0)", token: hr, paths: ["/api/tab/overview"] },
      { name: "GET /api/tab/units/U0", as: "HR partner", token: hr, paths: ["/api/tab/units/U0"] },
      {
        name: `GET /api/tab/units/{large unit}`,
        as: `chef (${cast.largeUnit}, ${cast.largeMembers} members)`,
        token: chef,
        paths: [`/api/tab/units/${cast.largeUnit}`],
      },
      { name: `GET /api/tab/units/{large unit}`, as: "member of it", token: member, paths: [`/api/tab/units/${cast.largeUnit}`] },
      { name: `GET /api/tab/units/{${RANDOM_UNITS} random units}`, as: "HR partner", token: hr, paths: cast.randomUnits.map((u) => `/api/tab/units/${u}`) },
    ];
    // Every target answers, with what it should, before anything is measured.
    try {
      for (const t of targets) for (const path of t.paths) await check(server.url, t, path);
    } catch (error) {
      const logged = readFileSync(server.logFile, "utf8")
        .split("\n")
        .filter((l) => /"level":(50|60)/.test(l));
      throw new Error(`${(error as Error).message}\nserver errors:\n${logged.slice(-3).join("\n")}`);
    }
    for (const t of targets) await measure(server.url, t, WARMUP);
    const cpuBefore = server.cpuMs();
    const api: Record<string, string | number>[] = [];
    for (const t of targets) {
      const cpu = server.cpuMs();
      const m = await measure(server.url, t, o.requests);
      // The server's CPU time (user + system, 10 ms ticks) per request: less sensitive than wall
      // time to other work on the machine.
      const cpuPerRequest = (server.cpuMs() - cpu) / o.requests;
      api.push({
        db: provider,
        request: t.name,
        as: t.as,
        calls: m.server.length,
        ...stats("server", m.server),
        ...stats("client", m.client),
        server_cpu_ms: cpuPerRequest.toFixed(1),
        body_kb: (m.bytes / 1024).toFixed(0),
      });
    }
    const cpuMs = server.cpuMs() - cpuBefore;
    for (const row of api) console.log(`[${provider}] ${JSON.stringify(row)}`);
    console.log(
      `[${provider}] server CPU ${(cpuMs / (o.requests * targets.length)).toFixed(1)} ms a request; peak RSS ${Math.round(server.peakRss() / 1048576)} MB`,
    );

    const render =
      o.loads > 0 ? await firstRenders(provider, server.url, { loads: o.loads, ready: o.ready ?? OVERVIEW_READY }, await devSignIn(server.url)) : undefined;
    return { db: provider, data: prepared, api, render };
  } finally {
    await server?.stop();
    await keys?.close();
    await db.$disconnect();
    if (!process.env.BENCH_LOG_DIR) rmSync(logDir, { recursive: true, force: true });
    if (o.keepDb) console.log(`[${provider}] database kept: --use-db ${database.url}`);
    else if (!o.useDb) await database.drop();
  }
}

// ---------------------------------------------------------------- data

async function prepare(db: Db, provider: string, url: string, pulses: number): Promise<Record<string, string | number>> {
  const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: url, LOG_LEVEL: "warn" });
  if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
  // Sick-leave occasions for the overview's statistics (the fixture's dates: those within the
  // last 13 months of now are kept).
  const absences = await runCli(["absences", "import", join(SHARED_DATA, "org-large", "absences.csv")], { DATABASE_URL: url, LOG_LEVEL: "warn" });
  if (absences.code !== 0) throw new Error(`absences import failed:\n${absences.out}`);
  console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s, its absences in ${(absences.ms / 1000).toFixed(1)} s`);
  // The last pulse closed a day and more before now: the server runs on the real clock.
  const lastDue = mondayAt8Before(Date.now() - WINDOW - 86_400_000);
  const generated = await generatePulses(db, provider, pulses, lastDue - (pulses - 1) * FORTNIGHT);
  const built = await buildAllPulseCells(db, generated.pulses);
  console.log(
    `[${provider}] ${generated.pulses.length} pulses written in ${(generated.ms / 1000).toFixed(0)} s, cells built in ${(built.ms / 1000).toFixed(0)} s`,
  );

  // The HR partner of the whole organisation: the export has none at the root.
  if ((await db.assignment.count({ where: { unitId: "U0", role: "hr_partner", active: true } })) === 0) {
    await db.person.create({
      data: { id: HR_PERSON, displayName: "Hanna Bench (HR)", email: "hr.bench@exempelkommun.se", aadObjectId: uuidFrom(HR_PERSON) },
    });
    await db.assignment.create({ data: { personId: HR_PERSON, unitId: "U0", role: "hr_partner" } });
  }
  await friskfaktorRound(db, provider);
  await sickLeaveSnapshot(db, provider);
  return describeData(db, provider, url, "generated");
}

/** This month's sick-leave statistics (the overview reads the latest snapshot), as the sickLeave.snapshot job builds them; once a month. */
async function sickLeaveSnapshot(db: Db, provider: string): Promise<void> {
  const built = await buildSickLeaveCells(db, {
    now: new Date(),
    k: K,
    occasions: DEFAULT_NUDGE_THRESHOLDS.sickLeaveOccasions,
    months: DEFAULT_NUDGE_THRESHOLDS.sickLeaveMonths,
  });
  if (built) console.log(`[${provider}] sick-leave snapshot: ${built.cells} cells (${built.released} released)`);
}

/** One friskfaktor round for the whole organisation, closed four weeks before now: started as the HR partner does, ~70 % answer. */
async function friskfaktorRound(db: Db, provider: string): Promise<void> {
  const opensAt = new Date(Date.now() - 42 * 86_400_000);
  const started = await startRound(db, { actorId: HR_PERSON, input: { unitIds: ["U0"], windowDays: 14 }, now: opensAt });
  if (!started.ok) throw new Error(`friskfaktor round: ${started.reason}`);
  const rng = prng(SEED);
  const recipients = await db.hfRecipient.findMany({
    where: { roundId: started.roundId },
    select: { personId: true, unitIds: true },
    orderBy: { personId: "asc" },
  });
  const answered: string[] = [];
  const rows: Record<string, string | number>[] = [];
  for (const r of recipients) {
    if (rng() >= 0.7) continue;
    answered.push(r.personId);
    const token = createHash("sha256").update(`hf:${started.roundId}:${r.personId}`).digest("hex");
    const level = 2 + 2.5 * rng();
    for (const unitId of JSON.parse(r.unitIds) as string[])
      for (const factorId of FACTOR_IDS)
        rows.push({
          id: uuidFrom(`${token}:${unitId}:${factorId}`),
          roundId: started.roundId,
          unitId,
          token,
          factorId,
          value: Math.min(5, Math.max(1, Math.round(level + 1.6 * (rng() - 0.5)))),
        });
  }
  await db.$transaction(async (tx) => insertRows(tx, "HfRating", rows), { timeout: 600_000, maxWait: 60_000 });
  for (let i = 0; i < answered.length; i += 500)
    await db.hfRecipient.updateMany({ where: { roundId: started.roundId, personId: { in: answered.slice(i, i + 500) } }, data: { answered: true } });
  await closeDueRounds(db, started.closesAt);
  const built = await buildRoundCells(db, started.roundId, K, new Date(started.closesAt.getTime() + 3_600_000));
  console.log(
    `[${provider}] friskfaktor round: ${started.recipients} recipients, ${answered.length} answered, ${built?.cells} cells (${built?.released} released)`,
  );
}

async function describeData(db: Db, provider: string, url: string, how: string): Promise<Record<string, string | number>> {
  const [pulses, answers, cells, released, units, hfCells, absences, sickLeaveCells] = await Promise.all([
    db.pulse.count(),
    db.pulseAnswer.count(),
    db.pulseCell.count(),
    db.pulseCell.count({ where: { released: true } }),
    db.unit.count(),
    db.hfCell.count(),
    db.absence.count(),
    db.sickLeaveCell.count(),
  ]);
  return {
    db: provider,
    data: how,
    units,
    pulses,
    answer_rows: answers,
    pulse_cells: cells,
    released_pct: `${((100 * released) / cells).toFixed(1)} %`,
    hf_cells: hfCells,
    absences,
    sick_leave_cells: sickLeaveCells,
    db_size: await databaseSize(db, provider, url),
  };
}

/** Who asks: a chef and a member of the unit with the most members, and random units for the HR partner. */
async function castOf(db: Db): Promise<{ largeUnit: string; largeMembers: number; chef: string; member: string; randomUnits: string[] }> {
  const sizes = await db.assignment.groupBy({ by: ["unitId"], where: { role: "member", active: true }, _count: { _all: true } });
  sizes.sort((a, b) => b._count._all - a._count._all || a.unitId.localeCompare(b.unitId));
  for (const size of sizes) {
    const chef = await db.assignment.findFirst({
      where: { unitId: size.unitId, role: "manager", active: true, person: { aadObjectId: { not: null } } },
      orderBy: { personId: "asc" },
    });
    const member = await db.assignment.findFirst({
      where: { unitId: size.unitId, role: "member", active: true, personId: chef ? { not: chef.personId } : undefined, person: { aadObjectId: { not: null } } },
      orderBy: { personId: "asc" },
    });
    if (!chef || !member) continue;
    const units = (await db.unit.findMany({ where: { active: true, id: { notIn: ["U0", size.unitId] } }, select: { id: true }, orderBy: { id: "asc" } })).map(
      (u) => u.id,
    );
    return {
      largeUnit: size.unitId,
      largeMembers: size._count._all,
      chef: chef.personId,
      member: member.personId,
      randomUnits: shuffle(units, prng(SEED ^ 1)).slice(0, RANDOM_UNITS),
    };
  }
  throw new Error("no unit with a chef and a member");
}

// ---------------------------------------------------------------- HTTP

interface Target {
  name: string;
  as: string;
  token: string;
  paths: string[];
}

async function check(url: string, t: Target, path: string): Promise<void> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${t.token}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path} as ${t.as}: ${res.status} ${body.slice(0, 300)}`);
  if (!res.headers.get("server-timing")) throw new Error(`${path}: no Server-Timing header`);
  const json = JSON.parse(body) as { areas?: { root: { id: string }; rows: unknown[] }[]; relation?: string; questions?: unknown[] };
  if (path === "/api/tab/overview") {
    if (json.areas?.[0]?.root.id !== "U0") throw new Error(`overview: not the whole organisation: ${body.slice(0, 300)}`);
    console.log(`  overview: ${json.areas.length} area(s), ${json.areas[0].rows.length} rows, ${(body.length / 1024).toFixed(0)} kB`);
  } else if (!json.relation) throw new Error(`${path}: no relation in ${body.slice(0, 300)}`);
}

async function measure(url: string, t: Target, count: number): Promise<{ server: number[]; client: number[]; bytes: number }> {
  const server: number[] = [];
  const client: number[] = [];
  let bytes = 0;
  const headers = { authorization: `Bearer ${t.token}` };
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${url}${t.paths[i % t.paths.length]}`, { headers });
    const body = await res.arrayBuffer();
    client.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${t.paths[i % t.paths.length]}: ${res.status}`);
    const timing = /app;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
    if (!timing) throw new Error("no Server-Timing app;dur");
    server.push(Number(timing[1]));
    bytes = Math.max(bytes, body.byteLength);
  }
  return { server, client, bytes };
}

function stats(prefix: string, ms: number[]): Record<string, string> {
  const sorted = [...ms].sort((a, b) => a - b);
  return Object.fromEntries([50, 95, 99, 100].map((p) => [`${prefix}_${p === 100 ? "max" : `p${p}`}_ms`, percentile(sorted, p).toFixed(1)]));
}

// ---------------------------------------------------------------- first render

/**
 * What the page keeps in sessionStorage under DEV_TOKEN_KEY after the local dev sign-in: the
 * server's dev token and its expiry as POST /api/tab/dev/token gives them (local mode: no BOT_ID).
 */
async function devSignIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/tab/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ personId: HR_PERSON }),
  });
  if (res.status !== 200) throw new Error(`POST /api/tab/dev/token: ${res.status} ${await res.text()}`);
  const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
  return JSON.stringify({ token, expiresAt });
}

/**
 * Runs in the page before its own scripts (the bench has no DOM types, hence a string): signs the
 * page in as the dev sign-in would, and notes performance.now() (ms since navigation start) in
 * window.__tabReady at the frame that first paints the overview's ready marker.
 */
function readyProbe(signedIn: string, ready: string): string {
  return `
    sessionStorage.setItem(${JSON.stringify(DEV_TOKEN_KEY)}, ${JSON.stringify(signedIn)});
    const visible = () => {
      const el = document.querySelector(${JSON.stringify(ready)});
      return !!el && el.getClientRects().length > 0;
    };
    const observer = new MutationObserver(() => {
      if (window.__tabReady !== undefined || !visible()) return;
      observer.disconnect();
      requestAnimationFrame(() => (window.__tabReady = performance.now()));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  `;
}

async function firstRenders(provider: string, url: string, o: { loads: number; ready: string }, signedIn: string): Promise<Record<string, string | number>> {
  const browser = await launchChromium(findChromiumOrExit());
  const times: number[] = [];
  const overviewFetch: number[] = [];
  try {
    for (let i = 0; i < o.loads; i++) {
      // A fresh context each time: nothing cached, as when the tab is first opened.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      try {
        await context.addInitScript({ content: readyProbe(signedIn, o.ready) });
        const page = await context.newPage();
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await page.goto(`${url}/tab/#/overview`);
        // Not waitForFunction: its predicate is evaluated in the page, which the page's CSP forbids.
        await page.waitForSelector(o.ready, { state: "visible", timeout: 30_000 });
        while ((await page.evaluate("window.__tabReady")) === undefined) await new Promise((r) => setTimeout(r, 10));
        const { ready, overview } = (await page.evaluate(
          `({ ready: window.__tabReady, overview: performance.getEntriesByType("resource").find((e) => e.name.includes("/api/tab/overview"))?.duration ?? NaN })`,
        )) as { ready: number; overview: number };
        times.push(ready);
        overviewFetch.push(overview);
      } catch (error) {
        const hint =
          o.ready === OVERVIEW_READY ? ` (does the page set data-ready="overview" on <main> once the overview is drawn? else pass --ready SELECTOR)` : "";
        throw new Error(`first render ${i + 1}${hint}: ${(error as Error).message}\n${errors.join("\n")}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`[${provider}] first renders ms ${times.map((t) => Math.round(t)).join(" ")}`);
  const sorted = [...times].sort((a, b) => a - b);
  const fetches = overviewFetch.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  return {
    db: provider,
    page: "/tab/#/overview as the HR partner (root U0)",
    ready: o.ready,
    loads: times.length,
    p50_ms: percentile(sorted, 50).toFixed(0),
    p95_ms: percentile(sorted, 95).toFixed(0),
    max_ms: sorted.at(-1)!.toFixed(0),
    overview_fetch_p50_ms: fetches.length ? percentile(fetches, 50).toFixed(0) : "–",
  };
}

// ---------------------------------------------------------------- helpers

/** The latest Monday 08:00 UTC (09:00 in Stockholm in winter) at or before `t`. */
function mondayAt8Before(t: number): number {
  const d = new Date(t);
  d.setUTCHours(8, 0, 0, 0);
  while (d.getUTCDay() !== 1 || d.getTime() > t) d.setUTCDate(d.getUTCDate() - 1);
  return d.getTime();
}

export function printTab(results: TabResult[]): void {
  printTable(
    "Tab: data (not part of the figures)",
    results.map((r) => r.data),
  );
  printTable(
    "Tab: API latency over HTTP, sequential (issue 17; server = Server-Timing app;dur)",
    results.flatMap((r) => r.api),
  );
  printTable(
    "Tab: first render in Chromium (issue 17; navigation start → overview visible)",
    results.flatMap((r) => (r.render ? [r.render] : [])),
  );
}
