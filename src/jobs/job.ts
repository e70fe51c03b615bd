// A job is a plain function of time: run(now) plans work (outbox rows, state changes) that is
// due at `now`. Jobs are idempotent by database keys, so re-runs, concurrent ticks and a second
// instance cannot double anything; cron only decides when to call them.
export interface JobResult {
  [count: string]: number;
}

export interface Job {
  name: string;
  run(now: Date): Promise<JobResult>;
}
