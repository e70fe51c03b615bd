// `friskpuls reach`: per unit, how many people are matched to Entra, have the app and can be
// reached, and why not. `reach match`, `reach install` and `reach sync` do the Graph work the
// daily job does (docs/graph.md), for operators who want it now or in their own schedule.
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.js";
import { offsetClock, systemClock, type Clock } from "../../clock.js";
import { createDb, type Db } from "../../db/client.js";
import { migrateDatabase } from "../../db/migrate.js";
import { normalizeLocale, translatorFor, type Translate } from "../../i18n/index.js";
import { createGraphReach, type GraphReach } from "../../graph/create-graph-reach.js";
import { readReach, NOT_REACHABLE_REASONS, type ReachCounts } from "../../domain/reach/read-reach.js";
import { listUnmatchedPeople, matchPeople } from "../../domain/reach/match-people.js";
import { installAppForUnreachable } from "../../domain/reach/install-app.js";
import { syncEntraUsers } from "../../domain/reach/sync-entra-users.js";

const EX_CONFIG = 78;

interface CommonOptions {
  json?: boolean;
  lang?: string;
}

export function registerReach(program: Command): void {
  const reach = program
    .command("reach")
    .description("who can be reached in Teams, per unit: matched to Entra, app installed, reachable, and why not")
    .option("--json", "print the report as JSON")
    .option("--lang <locale>", "language of the report (sv-SE or en-US)")
    .option("--unit <unitId>", "only this unit and its subtree")
    .action(async (options: CommonOptions & { unit?: string }) => {
      await withDb(async (db, config) => {
        const report = await readReach(db, options.unit ? { rootUnitId: options.unit } : {});
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else printReach(report.units, report.total, translator(options, config));
      });
    });

  reach
    .command("match")
    .description("look up people without an Entra object id by e-mail in Microsoft Graph and store the id (never guessing between two)")
    .option("--csv <file>", "write the people who could not be matched (person_id, reason) to this file for HR")
    .option("--json", "print the result as JSON")
    .option("--lang <locale>", "language of the report and the CSV's explanations")
    .action(async (_options: CommonOptions & { csv?: string }, command: Command) => {
      const options = withParentOptions<CommonOptions & { csv?: string }>(command);
      await withGraph(options, async (db, _config, graph, t) => {
        const result = await matchPeople(db, graph.directory, systemClock);
        const unmatched = await listUnmatchedPeople(db);
        let file: string | undefined;
        if (options.csv) {
          file = resolve(options.csv);
          await writeFile(file, unmatchedCsv(unmatched, t), "utf8");
        }
        if (options.json) return console.log(JSON.stringify({ ...result, unmatched: unmatched.length, ...(file ? { csv: file } : {}) }, null, 2));
        console.log(t("reach.match.done", { ...result, unmatched: result.notFound + result.ambiguous + result.noEmail + result.idTaken }));
        console.log(file ? t("reach.match.csvWritten", { count: unmatched.length, file }) : t("reach.match.csvHint"));
      });
    });

  reach
    .command("install")
    .description("install the app through Graph for everyone with an Entra id and no conversation (once per person; resumable)")
    .option("--now <iso>", "pretend it is this moment (a claim left by a killed run is taken over after its lease)")
    .option("--json", "print the result as JSON")
    .option("--lang <locale>", "language of the report")
    .action(async (_options: CommonOptions & { now?: string }, command: Command) => {
      const options = withParentOptions<CommonOptions & { now?: string }>(command);
      await withGraph(options, async (db, config, graph, t) => {
        if (!config.graph?.teamsAppId && !config.graph?.catalogAppId) {
          console.error(t("reach.install.noAppId"));
          process.exitCode = EX_CONFIG;
          return;
        }
        const result = await installAppForUnreachable(db, graph.installer, clockFor(options.now), { claimLeaseMs: graph.claimLeaseMs });
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        if (result.notInCatalogue) {
          console.error(t("reach.install.notInCatalogue"));
          process.exitCode = 1;
          return;
        }
        console.log(t("reach.install.done", { ...result }));
      });
    });

  reach
    .command("sync")
    .description("the org sync from Entra (users delta query): new matches, removed users, differences from the HR data")
    .option("--json", "print the result as JSON")
    .option("--lang <locale>", "language of the report")
    .action(async (_options: CommonOptions, command: Command) => {
      const options = withParentOptions<CommonOptions>(command);
      await withGraph(options, async (db, _config, graph, t) => {
        const result = await syncEntraUsers(db, graph.delta, systemClock);
        if (options.json) return console.log(JSON.stringify(result, null, 2));
        console.log(t("reach.sync.done", { ...result, kind: t(result.fullSync ? "reach.sync.full" : "reach.sync.incremental") }));
      });
    });
}

/** `reach --json` is also the parent's option: commander gives it to whichever comes first. */
function withParentOptions<T>(command: Command): T {
  return command.optsWithGlobals() as T;
}

function clockFor(now: string | undefined): Clock {
  if (!now) return systemClock;
  const at = new Date(now);
  if (Number.isNaN(at.getTime())) throw new Error(`--now: not an ISO time: ${now}`);
  return offsetClock(at);
}

function translator(options: CommonOptions, config: Config): Translate {
  return translatorFor(normalizeLocale(options.lang ?? config.defaultLocale));
}

async function withDb(work: (db: Db, config: Config) => Promise<void>): Promise<void> {
  const config = loadConfig();
  await migrateDatabase(config.database);
  const db = createDb(config.database);
  try {
    await work(db, config);
  } finally {
    await db.$disconnect();
  }
}

async function withGraph(options: CommonOptions, work: (db: Db, config: Config, graph: GraphReach, t: Translate) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const t = translator(options, config);
  const graph = createGraphReach(config);
  if (!graph) {
    console.error(t("reach.notConfigured"));
    process.exitCode = EX_CONFIG;
    return;
  }
  await withDb((db) => work(db, config, graph, t));
}

export function unmatchedCsv(rows: { personId: string; reason: string }[], t: Translate): string {
  // person_ids are export ids ([A-Za-z0-9._:-]); explanations are ours, quoted in case of a comma.
  const lines = rows.map((r) => `${r.personId},${r.reason},"${t(`reach.reasons.${r.reason}`).replaceAll('"', '""')}"`);
  return [t("reach.csvHeader"), ...lines].join("\r\n") + "\r\n";
}

function printReach(units: { unit: { id: string; name: string }; counts: ReachCounts }[], total: ReachCounts, t: Translate): void {
  const pct = (n: number, of: number) => (of === 0 ? "–" : `${Math.round((n / of) * 100)} %`);
  const row = (label: string, c: ReachCounts) =>
    [
      label.slice(0, 40).padEnd(40),
      String(c.members).padStart(8),
      `${c.matched} (${pct(c.matched, c.members)})`.padStart(16),
      `${c.installed} (${pct(c.installed, c.members)})`.padStart(16),
      `${c.reachable} (${pct(c.reachable, c.members)})`.padStart(16),
      whyNot(c, t),
    ].join("  ");
  console.log(t("reach.title"));
  console.log(
    [
      t("reach.columns.unit").padEnd(40),
      t("reach.columns.members").padStart(8),
      t("reach.columns.matched").padStart(16),
      t("reach.columns.installed").padStart(16),
      t("reach.columns.reachable").padStart(16),
      t("reach.whyNot"),
    ].join("  "),
  );
  for (const u of units) if (u.counts.members > 0) console.log(row(`${u.unit.id} ${u.unit.name}`, u.counts));
  console.log(row(t("reach.total"), total));
}

function whyNot(c: ReachCounts, t: Translate): string {
  return NOT_REACHABLE_REASONS.filter((r) => c.why[r] > 0)
    .map((r) => `${t(`reach.reasons.${r}`)} ${c.why[r]}`)
    .join(", ");
}
