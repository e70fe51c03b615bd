// The issue-22 series: every variant of the load bench run several times, interleaved (round 1 of
// every variant, then round 2, …) so that a slower quarter of an hour on a shared machine falls on
// all variants alike, each run in a fresh process. Prints every run and, per variant, the spread
// (min / median / max), never only the best run.
//
//   npm run bench -- load-series [--runs-each 5] [--variants plain,production,instances-2,instances-3,burst]
//                                [--baseline <checkout> --baseline-runs 3]
//
// --baseline: another checkout of Friskpuls (e.g. `git worktree add /tmp/before <commit>`, with its
// node_modules and generated Prisma client) whose own `load` and `load --production` run in the
// first --baseline-runs rounds beside this code's, on the same machine in the same hour.
import { benchLoadInChild, type LoadResult } from "./load.js";
import { printTable } from "./lib.js";

interface Variant {
  name: string;
  dbs: ("sqlite" | "postgres")[];
  args: string[];
  /** Another checkout's bench (the baseline); this one when absent. */
  root?: string;
  /** Only in the first this-many rounds. */
  rounds?: number;
}

/** The baseline checkout's plain and production runs (see --baseline). */
export function baselineVariants(root: string, rounds: number): Variant[] {
  return [
    { name: "baseline-plain", dbs: ["sqlite", "postgres"], args: [], root, rounds },
    { name: "baseline-production", dbs: ["sqlite", "postgres"], args: ["--production"], root, rounds },
  ];
}

export const LOAD_VARIANTS: Variant[] = [
  // 300 answers/s on one process, local mode (no BOT_ID), as issue 8 measured it.
  { name: "plain", dbs: ["sqlite", "postgres"], args: [] },
  // As deployed: BOT_ID set, every request's token verified, the minute tick inside the run.
  { name: "production", dbs: ["sqlite", "postgres"], args: ["--production"] },
  { name: "instances-2", dbs: ["postgres"], args: ["--production", "--instances", "2"] },
  { name: "instances-3", dbs: ["postgres"], args: ["--production", "--instances", "3"] },
  // 10 s at three times the rate (everyone at 09:00).
  { name: "burst", dbs: ["sqlite", "postgres"], args: ["--production", "--burst"] },
];

interface SeriesRun {
  variant: string;
  round: number;
  result: LoadResult;
}

export async function benchLoadSeries(runsEach: number, variants: Variant[]): Promise<SeriesRun[]> {
  const runs: SeriesRun[] = [];
  for (let round = 1; round <= runsEach; round++) {
    for (const variant of variants) {
      if (variant.rounds !== undefined && round > variant.rounds) continue;
      for (const db of variant.dbs) {
        console.log(`[series] round ${round}/${runsEach}: ${variant.name} on ${db} (${new Date().toISOString()})`);
        runs.push({ variant: variant.name, round, result: await benchLoadInChild(db, ["load", ...variant.args], variant.root) });
      }
    }
  }
  return runs;
}

export function printLoadSeries(runs: SeriesRun[]): void {
  printTable(
    "Load series: every run",
    runs.map(({ variant, round, result: r }) => ({
      variant,
      round,
      db: r.db,
      instances: r.instances ?? 1,
      target_rps: r.target_rps,
      achieved_rps: r.achieved_rps,
      p50_ms: r.p50_ms,
      p99_ms: r.p99_ms,
      max_ms: r.max_ms,
      errors: r.errors,
      non_2xx: r.non_2xx,
      lost: r.lost,
      cpu_ms_per_answer: r.server_cpu_ms_per_answer,
      peak_rss: r.server_peak_rss,
      ticks_in_run: r.ticks_in_run,
      drain_s: r.drain_s ?? "",
    })),
  );
  const groups = new Map<string, LoadResult[]>();
  for (const { variant, result } of runs) {
    const key = `${variant}|${result.db}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  printTable(
    "Load series: spread per variant (min / median / max)",
    [...groups].map(([key, results]) => {
      const [variant, db] = key.split("|");
      return {
        variant: variant!,
        db: db!,
        runs: results.length,
        p99_ms: spread(results.map((r) => r.p99_ms)),
        max_ms: spread(results.map((r) => r.max_ms)),
        cpu_ms_per_answer: spread(
          results.map((r) => Number(r.server_cpu_ms_per_answer)),
          2,
        ),
        peak_rss_mb: spread(results.map((r) => Number.parseInt(r.server_peak_rss, 10))),
        drain_s: spread(
          results.map((r) => Number(r.drain_s)),
          1,
        ),
        errors: sum(results.map((r) => r.errors + r.non_2xx)),
        lost: sum(results.map((r) => r.lost)),
      };
    }),
  );
}

function spread(values: number[], digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return [sorted[0]!, median, sorted.at(-1)!].map((v) => v.toFixed(digits)).join(" / ");
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
