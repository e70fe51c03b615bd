// Housekeeping that belongs to no feature: the replay window of inbound activity ids (ADR 0012),
// and the retention of the records no feature job deletes (cases, contact requests, audit log,
// outbox), each by its configured period (ADR 0016; null = kept).
import type { Db } from "../db/client.js";
import type { Job } from "./job.js";
import { purgeProcessedActivities } from "../teams/processed-activities.js";
import type { RetentionPolicy } from "../domain/records/retention-policy.js";
import { deleteExpiredRecords } from "../domain/records/delete-expired-records.js";

export function buildMaintenanceJobs(deps: { db: Db; retention: RetentionPolicy }): Job[] {
  return [
    // Every tick: one indexed delete, so the table holds about one window of ids on any schedule.
    { name: "activities.purge", run: (now) => purgeProcessedActivities(deps.db, now, deps.retention.processedActivitiesHours * 3600_000) },
    // Counts only in the job's summary (JobRun): what was deleted, never whose.
    { name: "records.retention", run: (now) => deleteExpiredRecords(deps.db, now, deps.retention) },
  ];
}
