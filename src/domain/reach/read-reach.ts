// Reach: of the people with a role in each unit, how many are matched to Entra, have the app, and
// can be sent a card — and, for everyone who cannot, the one reason that stops them first.
// Counts of people, never who answered what: reach is not an answer (ADR 0017).
import type { DbTx } from "../../db/client.js";
import { UnitTree } from "../org/unit-tree.js";

export const NOT_REACHABLE_REASONS = [
  // not matched to Entra
  "noEmail",
  "notFound",
  "ambiguous",
  "idTaken",
  "notChecked",
  // matched, app not (yet) there
  "removedInEntra",
  "notRequested",
  "installPending",
  "userNotFound",
  "installRefused",
  // installed, but no conversation
  "awaitingTeams",
  "uninstalled",
] as const;
export type NotReachableReason = (typeof NOT_REACHABLE_REASONS)[number];

export interface ReachCounts {
  members: number;
  matched: number;
  installed: number;
  reachable: number;
  why: Record<NotReachableReason, number>;
}

export interface UnitReach {
  unit: { id: string; name: string };
  counts: ReachCounts;
}

export interface ReachReport {
  units: UnitReach[];
  /** Everyone once, however many units or roles they have. */
  total: ReachCounts;
}

export type PersonReach = { matched: boolean; installed: boolean } & ({ reachable: true } | { reachable: false; reason: NotReachableReason });

export function emptyCounts(): ReachCounts {
  return {
    members: 0,
    matched: 0,
    installed: 0,
    reachable: 0,
    why: Object.fromEntries(NOT_REACHABLE_REASONS.map((r) => [r, 0])) as Record<NotReachableReason, number>,
  };
}

/** Every active unit (or the subtree under rootUnitId) with the people assigned to it directly. */
export async function readReach(db: DbTx, options: { rootUnitId?: string } = {}): Promise<ReachReport> {
  const [units, assignments] = await Promise.all([
    db.unit.findMany({ where: { active: true }, select: { id: true, name: true, parentId: true }, orderBy: { id: "asc" } }),
    db.assignment.findMany({ where: { active: true, unit: { active: true }, person: { active: true } }, select: { personId: true, unitId: true } }),
  ]);
  const inScope = options.rootUnitId ? new UnitTree(units).subtreeIds(options.rootUnitId) : new Set(units.map((u) => u.id));
  const scoped = assignments.filter((a) => inScope.has(a.unitId));
  const reach = await classifyPeople(db, [...new Set(scoped.map((a) => a.personId))]);

  const byUnit = new Map<string, Set<string>>();
  for (const a of scoped) {
    const set = byUnit.get(a.unitId) ?? new Set<string>();
    set.add(a.personId);
    byUnit.set(a.unitId, set);
  }
  const report: ReachReport = { units: [], total: emptyCounts() };
  for (const unit of units) {
    if (!inScope.has(unit.id)) continue;
    const counts = emptyCounts();
    for (const personId of byUnit.get(unit.id) ?? []) add(counts, reach.get(personId)!);
    report.units.push({ unit: { id: unit.id, name: unit.name }, counts });
  }
  for (const r of reach.values()) add(report.total, r);
  return report;
}

function add(counts: ReachCounts, r: PersonReach): void {
  counts.members++;
  if (r.matched) counts.matched++;
  if (r.installed) counts.installed++;
  if (r.reachable) counts.reachable++;
  else counts.why[r.reason]++;
}

export async function classifyPeople(db: DbTx, personIds: string[]): Promise<Map<string, PersonReach>> {
  const out = new Map<string, PersonReach>();
  for (let i = 0; i < personIds.length; i += 500) {
    const ids = personIds.slice(i, i + 500);
    const [people, matches, installs, refs] = await Promise.all([
      db.person.findMany({ where: { id: { in: ids } }, select: { id: true, aadObjectId: true } }),
      db.entraMatch.findMany({ where: { personId: { in: ids } }, select: { personId: true, outcome: true } }),
      db.appInstall.findMany({ where: { personId: { in: ids } }, select: { personId: true, aadObjectId: true, state: true } }),
      db.conversationRef.findMany({ where: { personId: { in: ids } }, select: { personId: true, active: true } }),
    ]);
    const matchOf = new Map(matches.map((m) => [m.personId, m.outcome]));
    const installOf = new Map(installs.map((a) => [a.personId, a]));
    const refsOf = new Map<string, { active: boolean }[]>();
    for (const r of refs) refsOf.set(r.personId!, [...(refsOf.get(r.personId!) ?? []), r]);
    for (const p of people) out.set(p.id, classify(p.aadObjectId, matchOf.get(p.id), installOf.get(p.id), refsOf.get(p.id) ?? []));
  }
  return out;
}

function classify(
  aadObjectId: string | null,
  matchOutcome: string | undefined,
  install: { aadObjectId: string; state: string } | undefined,
  refs: { active: boolean }[],
): PersonReach {
  const matched = aadObjectId !== null;
  const installState = install && install.aadObjectId === aadObjectId ? install.state : undefined;
  const installed = refs.length > 0 || installState === "installed" || installState === "alreadyInstalled";
  if (refs.some((r) => r.active)) return { matched, installed, reachable: true };
  const no = (reason: NotReachableReason): PersonReach => ({ matched, installed, reachable: false, reason });
  if (!matched) {
    const known = ["noEmail", "notFound", "ambiguous", "idTaken"] as const;
    return no(known.find((r) => r === matchOutcome) ?? "notChecked");
  }
  if (refs.length > 0) return no("uninstalled");
  if (matchOutcome === "removed") return no("removedInEntra");
  switch (installState) {
    case "installed":
    case "alreadyInstalled":
      return no("awaitingTeams");
    case "requesting":
      return no("installPending");
    case "userNotFound":
      return no("userNotFound");
    case "refused":
      return no("installRefused");
    default:
      return no("notRequested");
  }
}

/** The HR partner's area in one line: people with a role under rootUnitId, and how many can be reached. */
export async function readAreaReach(db: DbTx, rootUnitId: string): Promise<{ members: number; reachable: number }> {
  const { total } = await readReach(db, { rootUnitId });
  return { members: total.members, reachable: total.reachable };
}
