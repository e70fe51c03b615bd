// One tick: every job runs for `now`, each isolated (one failing job does not stop the others),
// with one structured log line per job run (counts only, never content).
import { errorForLog, type Logger } from "../logger.js";
import type { Job, JobResult } from "./job.js";
import { isDatabaseError, noMetrics, type MetricsRecorder } from "../metrics/recorder.js";

export interface TickReport {
  now: string;
  jobs: Record<string, JobResult | { error: string }>;
}

export async function runTick(jobs: Job[], now: Date, logger: Logger, metrics: MetricsRecorder = noMetrics): Promise<TickReport> {
  const report: TickReport = { now: now.toISOString(), jobs: {} };
  for (const job of jobs) {
    const started = Date.now();
    try {
      const result = await job.run(now);
      report.jobs[job.name] = result;
      metrics.recordJobRun(job.name, true, (Date.now() - started) / 1000);
      logger.info({ event: "job.run", job: job.name, now: report.now, ms: Date.now() - started, ...result }, "job ran");
    } catch (error) {
      // The report is printed by `friskpuls tick`: the same short form as the log.
      report.jobs[job.name] = { error: errorForLog(error).message };
      metrics.recordJobRun(job.name, false, (Date.now() - started) / 1000);
      if (isDatabaseError(error)) metrics.recordDatabaseError("job");
      logger.error({ event: "job.failed", job: job.name, now: report.now, err: errorForLog(error) }, "job failed");
    }
  }
  return report;
}
