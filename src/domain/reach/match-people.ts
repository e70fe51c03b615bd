// Finds the Entra object id of people the HR export gave none, by their e-mail address, and never
// guesses: exactly one enabled account whose mail or UPN is the address is a match; failing that,
// exactly one whose other e-mail addresses hold it. Two candidates are "ambiguous" and stay
// unmatched for HR to sort out (ADR 0017). Each person's outcome is stored, so a run that stops
// half way has kept what it found and the next run looks up only who is still unmatched.
import type { Db, DbTx } from "../../db/client.js";
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
    where: { active: true, aadObjectId: null, ...(since ? { OR: [{ entraMatch: { is: null } }, { entraMatch: { is: { checkedAt: { lt: since } } } }] } : {}) },
    select: { id: true, email: true },
    orderBy: { id: "asc" },
  });
  // Conversations stored before anyone knew who the user was (few): linked when their id is found.
  const unlinked = new Set(
    (await db.conversationRef.findMany({ where: { personId: null, aadObjectId: { not: null } }, select: { aadObjectId: true } })).map((r) => r.aadObjectId!),
  );
  const noEmail = people.filter((p) => !p.email).map((p) => ({ personId: p.id, outcome: "noEmail" as MatchOutcome, candidates: 0 }));
  for (let i = 0; i < noEmail.length; i += 500) await storeOutcomes(db, noEmail.slice(i, i + 500), clock.now(), unlinked, report);
  const withEmail = people.filter((p): p is { id: string; email: string } => !!p.email);
  for (let i = 0; i < withEmail.length; i += directory.addressesPerLookup) {
    if (options.deadline !== undefined && Date.now() >= options.deadline) {
      report.remaining = withEmail.length - i;
      break;
    }
    const batch = withEmail.slice(i, i + directory.addressesPerLookup);
    const found = await directory.findUsersByPrimaryAddress([...new Set(batch.map((p) => p.email))]);
    const decided: Decision[] = [];
    for (const person of batch) {
      let candidates = enabledOnly(found.filter((u) => u.mail === person.email || u.userPrincipalName === person.email));
      if (candidates.length === 0)
        candidates = enabledOnly(await directory.findUsersByOtherMail(person.email)).filter((u) => u.otherMails.includes(person.email));
      const outcome: MatchOutcome = candidates.length === 0 ? "notFound" : candidates.length > 1 ? "ambiguous" : "matched";
      decided.push({ personId: person.id, outcome, candidates: candidates.length, ...(outcome === "matched" ? { aadObjectId: candidates[0]!.id } : {}) });
    }
    await storeOutcomes(db, decided, clock.now(), unlinked, report);
  }
  return report;
}

interface Decision {
  personId: string;
  outcome: MatchOutcome;
  candidates: number;
  aadObjectId?: string;
}

/**
 * One transaction per batch: what Graph said is stored together. An id held by someone else is
 * "idTaken"; an import writing the same id at this moment makes the batch fail (the unique
 * column), and the next run decides again.
 */
async function storeOutcomes(db: Db, decided: Decision[], checkedAt: Date, unlinked: Set<string>, report: MatchReport): Promise<void> {
  if (decided.length === 0) return;
  const ids = decided.flatMap((d) => (d.aadObjectId ? [d.aadObjectId] : []));
  // Two people of the export pointing at one account (one by mail, one by UPN): neither is sure.
  const twice = new Set(ids.filter((id, i) => ids.indexOf(id) !== i));
  for (const d of decided) {
    if (d.aadObjectId && twice.has(d.aadObjectId)) {
      d.outcome = "ambiguous";
      delete d.aadObjectId;
    }
  }
  const holders = new Map(
    (await db.person.findMany({ where: { aadObjectId: { in: ids } }, select: { id: true, aadObjectId: true } })).map((p) => [p.aadObjectId!, p.id]),
  );
  const writes = [];
  for (const d of decided) {
    if (d.aadObjectId) {
      const holder = holders.get(d.aadObjectId);
      if (holder && holder !== d.personId) d.outcome = "idTaken";
      else {
        writes.push(db.person.updateMany({ where: { id: d.personId, aadObjectId: null }, data: { aadObjectId: d.aadObjectId, aadObjectIdSource: "graph" } }));
        // They may have installed the app before anyone knew who they were: that chat is theirs now.
        if (unlinked.has(d.aadObjectId))
          writes.push(db.conversationRef.updateMany({ where: { aadObjectId: d.aadObjectId, personId: null }, data: { personId: d.personId } }));
      }
    }
    report[d.outcome]++;
    report.checked++;
  }
  const personIds = decided.map((d) => d.personId);
  await db.$transaction([
    db.entraMatch.deleteMany({ where: { personId: { in: personIds } } }),
    db.entraMatch.createMany({ data: decided.map((d) => ({ personId: d.personId, outcome: d.outcome, candidates: d.candidates, checkedAt })) }),
    ...writes,
  ]);
}

function enabledOnly(users: EntraUser[]): EntraUser[] {
  const byId = new Map(users.filter((u) => u.accountEnabled !== false).map((u) => [u.id, u]));
  return [...byId.values()];
}

/**
 * Only if the person still has no id and nobody else holds this one (the column is unique; an
 * import writing the same id at this moment makes the transaction fail, and the next run decides).
 */
export async function storeObjectId(db: DbTx, personId: string, aadObjectId: string, unlinked?: Set<string>): Promise<MatchOutcome> {
  const holder = await db.person.findUnique({ where: { aadObjectId }, select: { id: true } });
  if (holder && holder.id !== personId) return "idTaken";
  await db.person.updateMany({ where: { id: personId, aadObjectId: null }, data: { aadObjectId, aadObjectIdSource: "graph" } });
  // They may have installed the app before anyone knew who they were: that chat is theirs now.
  if (!unlinked || unlinked.has(aadObjectId)) await db.conversationRef.updateMany({ where: { aadObjectId, personId: null }, data: { personId } });
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
