// `friskpuls org import`: check the export, compare with the database, write the difference.
// A bad export changes nothing; an unchanged export writes nothing to the org tables. Every run
// is kept in ImportRun (counts only, no personal data) and an applied one in the audit log.
import type { Db, DbTx } from "../../../db/client.js";
import type { Clock } from "../../../clock.js";
import type { ImportProblem } from "./import-problem.js";
import { sortProblems } from "./import-problem.js";
import { validateOrgExport, type OrgFiles, type OrgWarning } from "./validate-org-export.js";
import { countPlannedChanges, deactivationShare, isEmptyPlan, planOrgChanges, type CurrentOrg, type OrgChangeCounts } from "./plan-org-changes.js";
import { applyOrgChanges } from "./apply-org-changes.js";

export interface ImportOrgOptions {
  /** Where the files came from, for the import log. */
  source: string;
  clock: Clock;
  dryRun?: boolean;
  /** Refuse an export that would deactivate more than this share of active people or units. */
  maxDeactivationShare?: number;
}

export type ImportOrgResult =
  | { status: "rejected"; problems: ImportProblem[] }
  | { status: "refused"; reason: "massDeactivation"; share: number; counts: OrgChangeCounts }
  | { status: "applied" | "unchanged" | "dryRun"; counts: OrgChangeCounts; warnings: OrgWarning[] };

export const DEFAULT_MAX_DEACTIVATION_SHARE = 0.25;

export async function importOrg(db: Db, files: OrgFiles, options: ImportOrgOptions): Promise<ImportOrgResult> {
  const startedAt = options.clock.now();
  const validation = validateOrgExport(files);
  if (!validation.ok) {
    const result = { status: "rejected" as const, problems: sortProblems(validation.problems) };
    if (!options.dryRun) await recordImportRun(db, options, startedAt, "rejected", { problems: result.problems.length });
    return result;
  }

  const current = await loadCurrentOrg(db);
  const plan = planOrgChanges(current, validation.org);
  const counts = countPlannedChanges(plan, validation.org);
  const share = deactivationShare(plan, current);
  const limit = options.maxDeactivationShare ?? DEFAULT_MAX_DEACTIVATION_SHARE;
  if (share > limit) {
    if (!options.dryRun) await recordImportRun(db, options, startedAt, "refused", { counts, deactivationShare: share });
    return { status: "refused", reason: "massDeactivation", share, counts };
  }
  if (options.dryRun) return { status: "dryRun", counts, warnings: validation.warnings };
  if (isEmptyPlan(plan)) {
    await recordImportRun(db, options, startedAt, "unchanged", { counts });
    return { status: "unchanged", counts, warnings: validation.warnings };
  }

  const at = options.clock.now();
  await applyOrgChanges(db, plan, at, async (tx) => {
    await recordImportRun(tx, options, startedAt, "applied", { counts });
    await tx.auditEvent.create({
      data: { at, actorId: null, action: "org.import", subjectType: "org", subjectId: "org", detail: JSON.stringify({ source: options.source, counts }) },
    });
  });
  return { status: "applied", counts, warnings: validation.warnings };
}

async function loadCurrentOrg(db: Db): Promise<CurrentOrg> {
  const [units, people, assignments] = await Promise.all([
    db.unit.findMany({ select: { id: true, name: true, parentId: true, active: true } }),
    db.person.findMany({ select: { id: true, displayName: true, email: true, aadObjectId: true, aadObjectIdSource: true, locale: true, active: true } }),
    db.assignment.findMany({ select: { personId: true, unitId: true, role: true, active: true } }),
  ]);
  return { units, people, assignments };
}

async function recordImportRun(db: DbTx, options: ImportOrgOptions, startedAt: Date, status: string, summary: object): Promise<void> {
  await db.importRun.create({
    data: { kind: "org", source: options.source, status, summary: JSON.stringify(summary), startedAt, finishedAt: options.clock.now() },
  });
}
