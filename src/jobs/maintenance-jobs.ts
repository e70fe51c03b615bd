// Housekeeping that belongs to no feature: the replay window of inbound activity ids (ADR 0012).
import type { Db } from "../db/client.js";
import type { Job } from "./job.js";
import { purgeProcessedActivities } from "../teams/processed-activities.js";

export function buildMaintenanceJobs(deps: { db: Db }): Job[] {
  // Every tick: one indexed delete, so the table holds about one window of ids on any schedule.
  return [{ name: "activities.purge", run: (now) => purgeProcessedActivities(deps.db, now) }];
}
