// `friskpuls targets set <unit> 2026=+2 2027=+3 2028=+3` and `friskpuls targets list`:
// yearly targets for the share answering Bra/Mycket bra, counted from the year before the first.
import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { migrateDatabase } from "../../db/migrate.js";
import { createDb } from "../../db/client.js";
import { systemClock } from "../../clock.js";
import { setTargets, TARGET_METRIC, type TargetEntry } from "../../domain/aggregates/targets.js";

/** "2026=+2", "2027=3", "2028=-0.5" → entries; throws with every bad argument listed. */
export function parseTargetArgs(args: string[]): TargetEntry[] {
  const problems: string[] = [];
  const entries: TargetEntry[] = [];
  for (const arg of args) {
    const match = /^(\d{4})=([+-]?\d+(?:[.,]\d+)?)$/.exec(arg.trim());
    const deltaPp = match ? Number(match[2]!.replace(",", ".")) : NaN;
    if (!match || Math.abs(deltaPp) > 50) problems.push(`${arg}: expected YEAR=±POINTS, e.g. 2026=+2 (at most ±50)`);
    else entries.push({ year: Number(match[1]), deltaPp });
  }
  const years = entries.map((e) => e.year);
  if (new Set(years).size !== years.length) problems.push("a year is given twice");
  if (args.length === 0) problems.push("give at least one YEAR=±POINTS");
  if (problems.length > 0) throw new Error(`targets: ${problems.join("; ")}`);
  return entries.sort((a, b) => a.year - b.year);
}

export function registerTargets(program: Command): void {
  const targets = program.command("targets").description("yearly targets (måltal) for the share answering good or better");
  targets
    .command("set <unitId> <targets...>")
    .description("set targets for a unit and its subtree, e.g. `targets set U0 2026=+2 2027=+3 2028=+3` (percentage points over the year before the first)")
    .action(async (unitId: string, args: string[]) => {
      const entries = parseTargetArgs(args);
      const config = loadConfig();
      await migrateDatabase(config.database);
      const db = createDb(config.database);
      try {
        const unit = await db.unit.findUnique({ where: { id: unitId }, select: { id: true } });
        if (!unit) throw new Error(`targets: unknown unit ${unitId}`);
        await setTargets(db, { unitId, entries, actorId: null, now: systemClock.now() });
        console.log(
          `targets for ${unitId}: ${entries.map((e) => `${e.year} ${e.deltaPp >= 0 ? "+" : ""}${e.deltaPp} pp`).join(", ")} (baseline ${entries[0]!.year - 1})`,
        );
      } finally {
        await db.$disconnect();
      }
    });
  targets
    .command("list")
    .description("list all targets")
    .action(async () => {
      const config = loadConfig();
      await migrateDatabase(config.database);
      const db = createDb(config.database);
      try {
        const rows = await db.target.findMany({ where: { metric: TARGET_METRIC }, orderBy: [{ unitId: "asc" }, { year: "asc" }] });
        for (const r of rows) console.log(`${r.unitId}\t${r.year}\t${r.deltaPp >= 0 ? "+" : ""}${r.deltaPp}`);
        if (rows.length === 0) console.log("no targets set");
      } finally {
        await db.$disconnect();
      }
    });
}
