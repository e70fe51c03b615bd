// Reach (issue 19), only when Graph is configured: once a day from REACH_JOB_TIME (Europe/Stockholm)
// the users delta sync (if GRAPH_USERS_SYNC), matching by e-mail, then the proactive install for
// everyone still without a conversation. A tick works for a bounded time and the next one goes on
// where it stopped (state is per person), so pulses are never held up behind a large organisation.
import { DateTime } from "luxon";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { GraphConfig } from "../config.js";
import type { Job, JobResult } from "./job.js";
import type { GraphReach } from "../graph/create-graph-reach.js";
import { matchPeople } from "../domain/reach/match-people.js";
import { installAppForUnreachable } from "../domain/reach/install-app.js";
import { syncEntraUsers } from "../domain/reach/sync-entra-users.js";

const ZONE = "Europe/Stockholm";
const JOB = "reach.daily";

export interface ReachJobDeps {
  db: Db;
  clock: Clock;
  graph: GraphConfig;
  reach: GraphReach;
  /** Wall time one tick may spend. */
  budgetMs?: number;
}

export function buildReachJobs(deps: ReachJobDeps): Job[] {
  return [{ name: JOB, run: (now) => runReachSlot(deps, now) }];
}

async function runReachSlot(deps: ReachJobDeps, now: Date): Promise<JobResult> {
  const local = DateTime.fromJSDate(now, { zone: ZONE });
  const [hour, minute] = deps.graph.reachJobTime.split(":").map(Number) as [number, number];
  const slotStart = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (local < slotStart) return { due: 0 };
  const slot = `reach@${local.toISODate()}`;
  const run = await deps.db.jobRun.findUnique({ where: { job_slot: { job: JOB, slot } } });
  if (run?.finishedAt) return { due: 0 };
  if (!run) await deps.db.jobRun.create({ data: { job: JOB, slot, startedAt: now } }).catch(() => undefined);
  const deadline = Date.now() + (deps.budgetMs ?? 20_000);

  let synced = 0;
  if (deps.graph.usersSync && run?.summary !== "synced") {
    const sync = await syncEntraUsers(deps.db, deps.reach.delta, deps.clock);
    synced = sync.users;
    await deps.db.jobRun.update({ where: { job_slot: { job: JOB, slot } }, data: { summary: "synced" } });
  }
  const match = await matchPeople(deps.db, deps.reach.directory, deps.clock, { deadline, checkedSince: slotStart.toJSDate() });
  const install =
    match.remaining > 0
      ? undefined
      : await installAppForUnreachable(deps.db, deps.reach.installer, deps.clock, { deadline, claimLeaseMs: deps.reach.claimLeaseMs });
  const finished = match.remaining === 0 && install !== undefined && install.remaining === 0;
  if (finished) await deps.db.jobRun.update({ where: { job_slot: { job: JOB, slot } }, data: { finishedAt: now } });
  // Counts only: who is never logged.
  return {
    due: 1,
    synced,
    matched: match.matched,
    unmatched: match.notFound + match.ambiguous + match.noEmail + match.idTaken,
    installRequested: install?.requested ?? 0,
    installed: (install?.installed ?? 0) + (install?.alreadyInstalled ?? 0),
    notInCatalogue: install?.notInCatalogue ? 1 : 0,
    finished: finished ? 1 : 0,
  };
}
