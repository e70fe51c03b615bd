// The optional org sync from Entra (users delta query), a complement to the HR export: the export
// stays the source of people, units and roles. From the delta we take
//   - Entra ids: an unmatched person whose e-mail is exactly one user's mail or UPN gets that id
//     (the same no-guessing rule as matchPeople);
//   - removals: a known person whose user was removed is reported (removedInEntra in reach);
//   - differences: names and e-mail addresses that differ from the export, and manager or
//     department changes, are counted for HR to correct at the source, not written (the next
//     import would write the export's value back; ADR 0017).
// The delta link is stored only after the last page, so a sync that stops half way starts again
// from the previous link and nothing is skipped.
import type { Db } from "../../db/client.js";
import type { Clock } from "../../clock.js";
import { DeltaExpiredError, type DeltaUser, type EntraDelta } from "./entra-ports.js";
import { storeObjectId } from "./match-people.js";

export const DELTA_LINK_KEY = "users.deltaLink";

export interface SyncReport {
  fullSync: boolean;
  users: number;
  removed: number;
  removedKnown: number;
  matched: number;
  ambiguous: number;
  nameDiffers: number;
  emailDiffers: number;
  managerOrDepartmentChanges: number;
}

export async function syncEntraUsers(db: Db, delta: EntraDelta, clock: Clock): Promise<SyncReport> {
  const stored = await db.graphState.findUnique({ where: { key: DELTA_LINK_KEY } });
  try {
    return await runSync(db, delta, clock, stored?.value);
  } catch (error) {
    if (!(error instanceof DeltaExpiredError) || !stored) throw error;
    await db.graphState.delete({ where: { key: DELTA_LINK_KEY } });
    return runSync(db, delta, clock, undefined);
  }
}

async function runSync(db: Db, delta: EntraDelta, clock: Clock, link: string | undefined): Promise<SyncReport> {
  const report: SyncReport = {
    fullSync: !link,
    users: 0,
    removed: 0,
    removedKnown: 0,
    matched: 0,
    ambiguous: 0,
    nameDiffers: 0,
    emailDiffers: 0,
    managerOrDepartmentChanges: 0,
  };
  const users: DeltaUser[] = [];
  let deltaLink: string | undefined;
  for await (const page of delta.pages(link)) {
    users.push(...page.users);
    deltaLink = page.deltaLink ?? deltaLink;
  }
  const people = await db.person.findMany({ where: { active: true }, select: { id: true, displayName: true, email: true, aadObjectId: true } });
  const byAad = new Map(people.filter((p) => p.aadObjectId).map((p) => [p.aadObjectId!, p]));
  const idsByAddress = new Map<string, Set<string>>();
  const now = clock.now();
  for (const u of users) {
    report.users++;
    const person = byAad.get(u.id);
    if (u.removed) {
      report.removed++;
      if (person) {
        report.removedKnown++;
        await db.entraMatch.upsert({
          where: { personId: person.id },
          create: { personId: person.id, outcome: "removed", checkedAt: now },
          update: { outcome: "removed", checkedAt: now },
        });
      }
      continue;
    }
    if (u.managerId !== undefined || u.department !== undefined) report.managerOrDepartmentChanges++;
    if (person) {
      // Restored after a removal: no longer reported as removed.
      await db.entraMatch.updateMany({ where: { personId: person.id, outcome: "removed" }, data: { outcome: "matched", checkedAt: now } });
      if (u.displayName && u.displayName !== person.displayName) report.nameDiffers++;
      const address = u.mail ?? u.userPrincipalName;
      if (address && person.email && address !== person.email && u.userPrincipalName !== person.email) report.emailDiffers++;
      continue;
    }
    for (const address of new Set([u.mail, u.userPrincipalName])) {
      if (!address) continue;
      idsByAddress.set(address, (idsByAddress.get(address) ?? new Set()).add(u.id));
    }
  }
  for (const p of people) {
    if (p.aadObjectId || !p.email) continue;
    const ids = idsByAddress.get(p.email);
    if (!ids) continue;
    if (ids.size > 1) {
      report.ambiguous++;
      await db.entraMatch.upsert({
        where: { personId: p.id },
        create: { personId: p.id, outcome: "ambiguous", candidates: ids.size, checkedAt: now },
        update: { outcome: "ambiguous", candidates: ids.size, checkedAt: now },
      });
      continue;
    }
    const outcome = await storeObjectId(db, p.id, [...ids][0]!);
    if (outcome === "matched") report.matched++;
    await db.entraMatch.upsert({
      where: { personId: p.id },
      create: { personId: p.id, outcome, candidates: 1, checkedAt: now },
      update: { outcome, candidates: 1, checkedAt: now },
    });
  }
  if (deltaLink)
    await db.graphState.upsert({ where: { key: DELTA_LINK_KEY }, create: { key: DELTA_LINK_KEY, value: deltaLink }, update: { value: deltaLink } });
  return report;
}
