// The proactive install: for everyone with a role in an active unit, an Entra id and no active
// conversation with the bot, ask Teams (through the AppInstaller port) to install the app for
// them. Teams then sends the bot the install, and the conversation is stored as for any install.
//
// Once per person and Entra id: a row is claimed ("requesting") before the request goes out and
// holds the answer after. A process killed in between leaves "requesting": the next run asks
// whether the app is there before it requests again, so Graph sees one install request per
// person. Someone who removes the app later is not asked again (their choice stands).
import type { Db } from "../../db/client.js";
import type { Clock } from "../../clock.js";
import type { AppInstaller } from "./entra-ports.js";

export const INSTALL_STATES = ["requesting", "installed", "alreadyInstalled", "userNotFound", "refused"] as const;
export type InstallState = (typeof INSTALL_STATES)[number];

export interface InstallReport {
  candidates: number;
  requested: number;
  installed: number;
  alreadyInstalled: number;
  userNotFound: number;
  refused: number;
  /** Claimed by a run that stopped before the answer, settled by asking Graph. */
  resumed: number;
  /** Left for the next run (deadline reached). */
  remaining: number;
  /** No app with TEAMS_APP_ID in the organisation's catalogue: nothing was requested. */
  notInCatalogue: boolean;
}

export interface InstallOptions {
  /** Stop taking new people after this instant (epoch ms): the job works in slices per tick. */
  deadline?: number;
  /** A claim older than this is from a run that stopped (a live one answers well within it). */
  claimLeaseMs?: number;
  /** Parallel requests; the Graph client's rate limit paces them. */
  concurrency?: number;
}

const DEFAULT_CLAIM_LEASE_MS = 15 * 60_000;

interface Candidate {
  personId: string;
  aadObjectId: string;
  /** The row as it is now (undefined: none), so the claim is a compare-and-set. */
  current: { aadObjectId: string; state: string; requestedAt: Date } | undefined;
}

export async function installAppForUnreachable(db: Db, installer: AppInstaller, clock: Clock, options: InstallOptions = {}): Promise<InstallReport> {
  const report: InstallReport = {
    candidates: 0,
    requested: 0,
    installed: 0,
    alreadyInstalled: 0,
    userNotFound: 0,
    refused: 0,
    resumed: 0,
    remaining: 0,
    notInCatalogue: false,
  };
  // A claim whose install event has arrived since (Teams told the bot) needs no question to Graph.
  await db.appInstall.updateMany({
    where: { state: "requesting", person: { conversationRefs: { some: {} } } },
    data: { state: "installed", finishedAt: clock.now() },
  });
  const candidates = await listInstallCandidates(db, clock.now().getTime() - (options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS));
  report.candidates = candidates.length;
  if (candidates.length === 0) return report;
  const appId = await installer.catalogAppId();
  if (!appId) return { ...report, notInCatalogue: true };

  const queue = [...candidates];
  const worker = async () => {
    while (queue.length > 0 && (options.deadline === undefined || Date.now() < options.deadline))
      await installFor(db, installer, clock, appId, queue.shift()!, report);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  report.remaining = queue.length;
  return report;
}

async function installFor(db: Db, installer: AppInstaller, clock: Clock, appId: string, c: Candidate, report: InstallReport): Promise<void> {
  if (!(await claim(db, clock, c))) return; // another process has them
  if (c.current?.state === "requesting" && c.current.aadObjectId === c.aadObjectId) {
    // A run stopped after claiming: the request may or may not have reached Graph. Ask first.
    const there = await installer.isInstalled(c.aadObjectId, appId);
    if (there === "userNotFound" || there) {
      report.resumed++;
      await settle(db, clock, c.personId, there === "userNotFound" ? "userNotFound" : "installed", there === "userNotFound" ? 404 : 200, report);
      return;
    }
  }
  report.requested++;
  let outcome;
  try {
    outcome = await installer.install(c.aadObjectId, appId);
  } catch (error) {
    // Graph unavailable after its retries: the claim stays; the next run checks, then asks.
    await db.appInstall.update({ where: { personId: c.personId }, data: { attempts: { increment: 1 } } });
    throw error;
  }
  if (typeof outcome === "object") await settle(db, clock, c.personId, "refused", outcome.refused, report);
  else await settle(db, clock, c.personId, outcome, outcome === "userNotFound" ? 404 : outcome === "alreadyInstalled" ? 409 : 201, report);
}

async function settle(db: Db, clock: Clock, personId: string, state: Exclude<InstallState, "requesting">, status: number, report: InstallReport) {
  await db.appInstall.update({ where: { personId }, data: { state, lastStatus: status, finishedAt: clock.now() } });
  report[state]++;
}

/** Compare-and-set, so two processes (PostgreSQL, several instances) never both ask for one person. */
async function claim(db: Db, clock: Clock, c: Candidate): Promise<boolean> {
  const data = { aadObjectId: c.aadObjectId, state: "requesting", attempts: 0, lastStatus: null, requestedAt: clock.now(), finishedAt: null };
  if (!c.current) {
    try {
      await db.appInstall.create({ data: { personId: c.personId, ...data } });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return false;
      throw error;
    }
  }
  const { count } = await db.appInstall.updateMany({
    where: { personId: c.personId, aadObjectId: c.current.aadObjectId, state: c.current.state, requestedAt: c.current.requestedAt },
    data: c.current.aadObjectId === c.aadObjectId ? { requestedAt: data.requestedAt } : data,
  });
  return count === 1;
}

/**
 * Active people with a role in an active unit, an Entra id, no conversation with the bot and no
 * answer yet for that id. A conversation that ended (they removed the app, or blocked the bot)
 * rules them out too: that was their choice.
 */
export async function listInstallCandidates(db: Db, claimedBefore: number): Promise<Candidate[]> {
  const [people, installs] = await Promise.all([
    db.person.findMany({
      where: { active: true, aadObjectId: { not: null }, assignments: { some: { active: true, unit: { active: true } } }, conversationRefs: { none: {} } },
      select: { id: true, aadObjectId: true },
      orderBy: { id: "asc" },
    }),
    db.appInstall.findMany({ select: { personId: true, aadObjectId: true, state: true, requestedAt: true } }),
  ]);
  const installOf = new Map(installs.map((i) => [i.personId, i]));
  const out: Candidate[] = [];
  for (const p of people) {
    const current = installOf.get(p.id);
    // A new Entra id (the export corrected it) is a new person to Teams: ask once more.
    if (current && current.aadObjectId === p.aadObjectId) {
      if (current.state !== "requesting") continue;
      if (current.requestedAt.getTime() > claimedBefore) continue; // a live run is on it
    }
    out.push({ personId: p.id, aadObjectId: p.aadObjectId!, current });
  }
  return out;
}
