// Every scheduled job, built from the app's dependencies. Features add their jobs here.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Job } from "./job.js";

export interface JobDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

export function buildJobs(_deps: JobDeps): Job[] {
  return [];
}
