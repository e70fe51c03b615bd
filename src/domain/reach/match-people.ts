// Finds the Entra object id of people the HR export gave none, by their e-mail address, and never
// guesses: exactly one enabled account whose mail or UPN is the address is a match; failing that,
// exactly one whose other e-mail addresses hold it. Two candidates are "ambiguous" and stay
// unmatched for HR to sort out (ADR 0017). Each person's outcome is stored, so a run that stops
// half way has kept what it found and the next run looks up only who is still unmatched.
import type { Db } from "../../db/client.js";
import type { Clock } from "../../clock.js";
import type { EntraDirectory, EntraUser } from "./entra-ports.js";

export const MATCH_OUTCOMES = ["matched", "notFound", "ambiguous", "noEmail", "idTaken"] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];

export type MatchReport = Record<MatchOutcome, number> & { checked: number; remaining: number };

export interface MatchOptions {
  /** Stop after this instant (epoch ms): the job works in slices per tick. */
  deadline?: number;
  /** Skip people already looked up at or after this instant (the job's daily slot). */
  checkedSince?: Date;
}

export async function matchPeople(db: Db, directory: EntraDirectory, clock: Clock, options: MatchOptions = {}): Promise<MatchReport> {
  const report: MatchReport = { checked: 0, remaining: 0, matched: 0, notFound: 0, ambiguous: 0, noEmail: 0, idTaken: 0 };
  const since = options.checkedSince;
  const people = await db.person.findMany({
    where: { active: true, aadObjectId: null, ...(since ? { NOT: { entraMatch: { checkedAt: { gte: since } } } } : {}) },
    select: { id: true, email: true },
    orderBy: { id: "asc" },
  });
  const record = async (personId: string, outcome: MatchOutcome, candidates: number) => {
    const checkedAt = clock.now();
    await db.entraMatch.upsert({ where: { personId }, create: { personId, outcome, candidates, checkedAt }, update: { outcome, candidates, checkedAt } });
    report[outcome]++;
    report.checked++;
  };

  for (const p of people.filter((p) => !p.email)) await record(p.id, "noEmail", 0);
  const withEmail = people.filter((p): p is { id: string; email: string } => !!p.email);
  for (let i = 0; i < withEmail.length; i += directory.addressesPerLookup) {
    if (options.deadline !== undefined && Date.now() >= options.deadline) {
      report.remaining = withEmail.length - i;
      break;
    }
    const batch = withEmail.slice(i, i + directory.addressesPerLookup);
    const found = await directory.findUsersByPrimaryAddress([...new Set(batch.map((p) => p.email))]);
    for (const person of batch) {
      let candidates = enabledOnly(found.filter((u) => u.mail === person.email || u.userPrincipalName === person.email));
      if (candidates.length === 0) candidates = enabledOnly(await directory.findUsersByOtherMail(person.email)).filter((u) => u.otherMails.includes(person.email));
      if (candidates.length === 0) await record(person.id, "notFound", 0);
      else if (candidates.length > 1) await record(person.id, "ambiguous", candidates.length);
      else await record(person.id, await storeObjectId(db, person.id, candidates[0]!.id), 1);
    }
  }
  return report;
}

function enabledOnly(users: EntraUser[]): EntraUser[] {
  const byId = new Map(users.filter((u) => u.accountEnabled !== false).map((u) => [u.id, u]));
  return [...byId.values()];
}

/** Only if the person still has no id and nobody else holds this one (the column is unique). */
export async function storeObjectId(db: Db, personId: string, aadObjectId: string): Promise<MatchOutcome> {
  const holder = await db.person.findUnique({ where: { aadObjectId }, select: { id: true } });
  if (holder && holder.id !== personId) return "idTaken";
  try {
    await db.person.updateMany({ where: { id: personId, aadObjectId: null }, data: { aadObjectId, aadObjectIdSource: "graph" } });
  } catch (error) {
    // Someone took the id between the check and the write (an import running at the same time).
    if ((error as { code?: string }).code === "P2002") return "idTaken";
    throw error;
  }
  // They may have installed the app before anyone knew who they were: that chat is theirs now.
  await db.conversationRef.updateMany({ where: { aadObjectId, personId: null }, data: { personId } });
  return "matched";
}

export type UnmatchedReason = Exclude<MatchOutcome, "matched"> | "notChecked";

/** Active people still without an Entra id and why, for HR's list (ids only, no e-mail). */
export async function listUnmatchedPeople(db: Db): Promise<{ personId: string; reason: UnmatchedReason }[]> {
  const people = await db.person.findMany({
    where: { active: true, aadObjectId: null },
    select: { id: true, entraMatch: { select: { outcome: true } } },
    orderBy: { id: "asc" },
  });
  const known: UnmatchedReason[] = ["notFound", "ambiguous", "noEmail", "idTaken"];
  return people.map((p) => ({ personId: p.id, reason: known.find((r) => r === p.entraMatch?.outcome) ?? "notChecked" }));
}
