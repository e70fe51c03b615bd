// For recurring jobs: run the handler once for every occurrence of a rule that is due and not
// yet done, looking back far enough to catch up after downtime (an occurrence missed while the
// service was down runs when it comes back: not skipped, not doubled).
import type { Db } from "../db/client.js";
import { listOccurrences, type WeeklyRule } from "../domain/schedule/weekly-rule.js";

export interface DueOccurrenceOptions {
  db: Db;
  job: string;
  /** e.g. `${job}:${scheduleId}`: one series of slots. */
  series: string;
  rule: WeeklyRule;
  now: Date;
  /** How late an occurrence may still run (e.g. a pulse's answer window). */
  lookbackMs: number;
  handler(occurrence: Date): Promise<void>;
}

export async function runDueOccurrences(o: DueOccurrenceOptions): Promise<number> {
  const occurrences = listOccurrences(o.rule, new Date(o.now.getTime() - o.lookbackMs), o.now);
  let ran = 0;
  for (const at of occurrences) {
    const slot = `${o.series}@${at.toISOString()}`;
    const done = await o.db.jobRun.findUnique({ where: { job_slot: { job: o.job, slot } }, select: { finishedAt: true } });
    if (done?.finishedAt) continue;
    // The handler is idempotent itself (outbox keys); the JobRun row only saves repeated work.
    await o.handler(at);
    await o.db.jobRun.upsert({
      where: { job_slot: { job: o.job, slot } },
      create: { job: o.job, slot, startedAt: o.now, finishedAt: o.now },
      update: { finishedAt: o.now },
    });
    ran++;
  }
  return ran;
}
