// npm run bench [-- <section…>] [--db sqlite|postgres|both] [--people N] [--runs all|limited|lifted|instances] [--pulses N]
//                [--requests N --loads N] [--ready SELECTOR] [--keep-db] [--use-db URL] (tab)
//                [--rate N --seconds N --connections N --warmup N] [--auth shared|per-request] [--align-tick] [--production] [--instances N] [--burst] (load)
//                [--runs-each N] [--variants plain,production,instances-2,instances-3,burst] (load-series)
// Prints figures; copy them into docs/performance.md with the date and machine.
import { benchAggregates, printAggregates } from "./aggregates.js";
import { benchDelivery, printDelivery } from "./delivery.js";
import { benchDeliveryInstances, printDeliveryInstances } from "./delivery-instances.js";
import { benchLoad, benchLoadInChild, printLoad } from "./load.js";
import { resolve } from "node:path";
import { baselineVariants, benchLoadSeries, LOAD_VARIANTS, printLoadSeries } from "./load-series.js";
import { benchNudges, printNudges } from "./nudges.js";
import { benchPulsePlanning, printPulsePlanning } from "./pulse.js";
import { benchTab, printTab } from "./tab.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sections = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1]!.startsWith("--")));
const wanted = (s: string) => sections.length === 0 || sections.includes(s);
const dbs = option("db", "both") === "both" ? (["sqlite", "postgres"] as const) : ([option("db", "sqlite")] as ("sqlite" | "postgres")[]);
const people = Number(option("people", "100000"));

console.log(`# Friskpuls benchmarks — ${new Date().toISOString()} — node ${process.version}, ${process.platform}/${process.arch}`);
if (wanted("delivery")) {
  const results = [];
  const only = option("runs", "all");
  if (only !== "instances") {
    for (const db of dbs) results.push(...(await benchDelivery(db, people, only === "all" ? undefined : (only as "limited" | "lifted"))));
    printDelivery(results);
  }
  // --runs instances: only these (PostgreSQL): --messages N (default 2400) at --limit N/s (default 40).
  if (only === "all" || only === "instances")
    printDeliveryInstances(await benchDeliveryInstances(Number(option("messages", "2400")), Number(option("limit", "40"))));
}
if (wanted("pulse")) {
  const rows = [];
  for (const db of dbs) rows.push(await benchPulsePlanning(db));
  printPulsePlanning(rows);
}
if (wanted("aggregates")) {
  const results = [];
  for (const db of dbs) results.push(await benchAggregates(db, Number(option("pulses", "52"))));
  printAggregates(results);
}
if (wanted("nudges")) {
  const rows = [];
  for (const db of dbs) rows.push(await benchNudges(db));
  printNudges(rows);
}
if (sections.includes("load")) {
  // Not part of a bare `npm run bench`: it drives the server at a fixed rate and wants the CPU to itself.
  const results = [];
  // --production: as deployed (issue 22): BOT_ID set, the Bot Connector's token verified on every
  // request, and the scheduler's minute tick inside the measured run.
  const production = args.includes("--production");
  const auth = option("auth", production ? "shared" : "none");
  if (!["none", "shared", "per-request"].includes(auth)) throw new Error(`--auth ${auth}: none, shared or per-request`);
  const load = {
    rate: Number(option("rate", "300")),
    seconds: Number(option("seconds", "30")),
    connections: Number(option("connections", "64")),
    warmup: Number(option("warmup", "600")),
    auth: auth as "none" | "shared" | "per-request",
    alignTick: production || args.includes("--align-tick"),
    instances: Number(option("instances", "1")),
    burst: args.includes("--burst"),
  };
  if (args.includes("--result-line")) {
    // A child started below: one database, its result as a line for the parent.
    console.log(`LOAD_RESULT ${JSON.stringify(await benchLoad(dbs[0]!, load))}`);
    process.exit(0);
  }
  // Each database in a process of its own: the load generator must not inherit the previous
  // run's heap (a major GC in it delays requests, and their latency counts from when they were due).
  for (const db of dbs) results.push(dbs.length > 1 ? await benchLoadInChild(db, args) : await benchLoad(db, load));
  printLoad(results);
}
if (sections.includes("load-series")) {
  // Issue 22's series (~50 min with the defaults): each variant of `load` --runs-each times, interleaved.
  const wanted = option("variants", LOAD_VARIANTS.map((v) => v.name).join(",")).split(",");
  const runsEach = Number(option("runs-each", "5"));
  const variants = LOAD_VARIANTS.filter((v) => wanted.includes(v.name));
  const baseline = option("baseline", "");
  if (baseline) variants.push(...baselineVariants(resolve(baseline), Number(option("baseline-runs", String(runsEach)))));
  printLoadSeries(await benchLoadSeries(runsEach, variants));
}
if (sections.includes("tab")) {
  // Not part of a bare `npm run bench`: two years of data first (~10 min a database), then the
  // server and Chromium. SQLite unless --db says otherwise. --requests N (200) per row, --loads N
  // (10) first renders, 0 for none; --keep-db keeps the prepared database, --use-db URL reuses it.
  const results = [];
  const useDb = option("use-db", "");
  const tabDbs =
    option("db", "sqlite") === "both"
      ? (["sqlite", "postgres"] as const)
      : [option("db", useDb.startsWith("postgres") ? "postgres" : "sqlite") as "sqlite" | "postgres"];
  for (const db of tabDbs)
    results.push(
      await benchTab(db, {
        requests: Number(option("requests", "200")),
        loads: Number(option("loads", "10")),
        pulses: Number(option("pulses", "52")),
        ...(useDb ? { useDb } : {}),
        ...(args.includes("--ready") ? { ready: option("ready", "") } : {}),
        keepDb: args.includes("--keep-db"),
      }),
    );
  printTab(results);
}
process.exit(0);
