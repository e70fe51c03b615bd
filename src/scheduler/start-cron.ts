// node-cron only ticks. Every minute: run the jobs for this minute, then wake the dispatcher.
import cron from "node-cron";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Job } from "../jobs/job.js";
import { runTick } from "../jobs/run-tick.js";
import { noMetrics, type MetricsRecorder } from "../metrics/recorder.js";

export function startCron(jobs: Job[], clock: Clock, logger: Logger, afterTick: () => void, metrics: MetricsRecorder = noMetrics): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    "* * * * *",
    () => {
      // Ticks never overlap in one process; a slow tick delays the next instead of racing it.
      running = running.then(() => runTick(jobs, clock.now(), logger, metrics)).then(afterTick, () => undefined);
    },
    { timezone: "UTC" },
  );
  // Catch up at start: whatever was due while the service was down runs now.
  running = runTick(jobs, clock.now(), logger, metrics).then(afterTick, () => undefined);
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
