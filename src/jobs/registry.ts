// Every scheduled job, built from the app's dependencies. Features add their jobs here.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Job } from "./job.js";
import { buildPulseJobs } from "./pulse-jobs.js";
import { buildSummaryJobs } from "./summary-jobs.js";
import { buildHealthFactorJobs } from "./health-factor-jobs.js";
import { buildNudgeJobs } from "./nudge-jobs.js";
import { buildMaintenanceJobs } from "./maintenance-jobs.js";
import { buildReachJobs } from "./reach-jobs.js";
import { buildSickLeaveJobs } from "./sick-leave-jobs.js";
import { createGraphReach, type GraphReach } from "../graph/create-graph-reach.js";

export interface JobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  answerTokenSecret: string;
  /** Graph-backed reach (issue 19); built from config when Graph is configured, else no reach job. */
  reach?: GraphReach;
}

export function buildJobs(deps: JobDeps): Job[] {
  return [
    ...buildPulseJobs({
      db: deps.db,
      clock: deps.clock,
      minGroupSize: deps.config.minGroupSize,
      answerTokenSecret: deps.answerTokenSecret,
      defaultLocale: deps.config.defaultLocale,
    }),
    // After pulse.close, so a pulse that closes in this tick is summarised in it.
    ...buildSummaryJobs({
      db: deps.db,
      clock: deps.clock,
      minGroupSize: deps.config.minGroupSize,
      answerRetentionMonths: deps.config.retention.answersMonths,
      ratingRetentionMonths: deps.config.retention.ratingsMonths,
      defaultLocale: deps.config.defaultLocale,
    }),
    ...buildHealthFactorJobs({
      db: deps.db,
      clock: deps.clock,
      minGroupSize: deps.config.minGroupSize,
      answerTokenSecret: deps.answerTokenSecret,
      defaultLocale: deps.config.defaultLocale,
    }),
    // After pulse.summarize, so a pulse's falling share is seen in the tick that built its cells.
    ...buildNudgeJobs({
      db: deps.db,
      clock: deps.clock,
      minGroupSize: deps.config.minGroupSize,
      thresholds: deps.config.nudges,
      defaultLocale: deps.config.defaultLocale,
      absenceRetentionMonths: deps.config.retention.absencesMonths,
    }),
    // Monthly sick-leave statistics per unit (the tab's "Statistikstöd").
    ...buildSickLeaveJobs({ db: deps.db, minGroupSize: deps.config.minGroupSize, thresholds: deps.config.nudges }),
    ...buildMaintenanceJobs({ db: deps.db, retention: deps.config.retention }),
    ...reachJobs(deps),
  ];
}

function reachJobs(deps: JobDeps): Job[] {
  const graph = deps.config.graph;
  const reach = deps.reach ?? createGraphReach(deps.config);
  // Without Graph settings there is no job: nothing is ever sent to Graph.
  return graph && reach ? buildReachJobs({ db: deps.db, clock: deps.clock, graph, reach }) : [];
}
