// Cases as the owner's card shows them: what, which unit, whom it is about (a name, never an
// answer), since when, and where it stands.
import type { Db } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { parseCaseDetail, type CaseDetail } from "./open-case.js";
import type { Signal } from "./thresholds.js";

export interface CaseView {
  id: string;
  signal: Signal;
  status: "open" | "planned" | "done" | "not_relevant";
  unitName: string;
  subjectName: string | null;
  openedAt: Date;
  plannedFor: string | null;
  reason: string | null;
  escalated: boolean;
  detail: CaseDetail;
}

const OPEN = ["open", "planned"];

export async function listOpenCasesOf(db: Db, ownerId: string): Promise<CaseView[]> {
  return toViews(db, await db.nudgeCase.findMany({ where: { ownerId, status: { in: OPEN } }, orderBy: { openedAt: "asc" } }));
}

/** The given cases of one owner (a card refreshed after an action shows the same cases). */
export async function listCasesOf(db: Db, ownerId: string, caseIds: string[]): Promise<CaseView[]> {
  return toViews(db, await db.nudgeCase.findMany({ where: { ownerId, id: { in: caseIds } }, orderBy: { openedAt: "asc" } }));
}

/** Open cases escalated to an HR partner: those in the subtrees of the units they are HR partner for. */
export async function listEscalatedCasesFor(db: Db, hrPartnerId: string): Promise<CaseView[]> {
  const roots = await db.assignment.findMany({ where: { personId: hrPartnerId, role: "hr_partner", active: true }, select: { unitId: true } });
  if (roots.length === 0) return [];
  const area = (await loadUnitTree(db)).subtreeIds(...roots.map((r) => r.unitId));
  const rows = await db.nudgeCase.findMany({
    where: { status: { in: OPEN }, escalatedAt: { not: null }, unitId: { in: [...area] }, subjectPersonId: { not: hrPartnerId } },
    orderBy: { openedAt: "asc" },
  });
  // subjectPersonId: { not } leaves out null subjects in SQL; add those (unit cases) back.
  const unitCases = await db.nudgeCase.findMany({
    where: { status: { in: OPEN }, escalatedAt: { not: null }, unitId: { in: [...area] }, subjectPersonId: null },
    orderBy: { openedAt: "asc" },
  });
  return toViews(
    db,
    [...rows, ...unitCases].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime()),
  );
}

type CaseRow = Awaited<ReturnType<Db["nudgeCase"]["findMany"]>>[number];

async function toViews(db: Db, rows: CaseRow[]): Promise<CaseView[]> {
  const [units, people] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } }),
    db.person.findMany({ where: { id: { in: rows.flatMap((r) => (r.subjectPersonId ? [r.subjectPersonId] : [])) } }, select: { id: true, displayName: true } }),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const personName = new Map(people.map((p) => [p.id, p.displayName]));
  return rows.map((r) => ({
    id: r.id,
    signal: r.signal as Signal,
    status: r.status as CaseView["status"],
    unitName: unitName.get(r.unitId) ?? r.unitId,
    subjectName: r.subjectPersonId ? (personName.get(r.subjectPersonId) ?? null) : null,
    openedAt: r.openedAt,
    plannedFor: r.plannedFor,
    reason: r.reason,
    escalated: r.escalatedAt !== null,
    detail: parseCaseDetail(r.detail),
  }));
}
