// Cases as their reader's card shows them: what, which unit, whom it is about (a name, never an
// answer), since when, where it stands, and who owns it (an HR partner sees whose case lapsed).
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
  /** The subject's e-mail from the org export (a chat link on their manager's card), if any. */
  subjectEmail: string | null;
  ownerId: string;
  ownerName: string | null;
  ownerEmail: string | null;
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

/** One owner's open cases in one unit (the tab's unit page, for its chef). */
export async function listOpenCasesOfIn(db: Db, ownerId: string, unitId: string): Promise<CaseView[]> {
  return toViews(db, await db.nudgeCase.findMany({ where: { ownerId, unitId, status: { in: OPEN } }, orderBy: { openedAt: "asc" } }));
}

/** The given cases of one owner (a card refreshed after an action shows the same cases). */
export async function listCasesOf(db: Db, ownerId: string, caseIds: string[]): Promise<CaseView[]> {
  return toViews(db, await db.nudgeCase.findMany({ where: { ownerId, id: { in: caseIds } }, orderBy: { openedAt: "asc" } }));
}

/** The given cases by id, whoever owns them (the HR partner's digest: the job chose them). */
export async function listCasesById(db: Db, caseIds: string[]): Promise<CaseView[]> {
  if (caseIds.length === 0) return [];
  return toViews(db, await db.nudgeCase.findMany({ where: { id: { in: caseIds } }, orderBy: { openedAt: "asc" } }));
}

/**
 * A card refreshed after an action: of the given cases, the viewer's own, and those escalated to
 * the viewer as HR partner (still visible to them: escalated, in their area, not about them).
 */
export async function listCasesFor(db: Db, viewerId: string, caseIds: string[]): Promise<{ own: CaseView[]; escalated: CaseView[] }> {
  const rows = await db.nudgeCase.findMany({ where: { id: { in: caseIds } }, orderBy: { openedAt: "asc" } });
  const own = rows.filter((r) => r.ownerId === viewerId);
  const others = rows.filter((r) => r.ownerId !== viewerId && r.escalatedAt !== null && r.subjectPersonId !== viewerId);
  const area = others.length > 0 ? await hrAreaOf(db, viewerId) : new Set<string>();
  return {
    own: await toViews(db, own),
    escalated: await toViews(
      db,
      others.filter((r) => area.has(r.unitId)),
    ),
  };
}

/** The units an HR partner covers: the subtrees of the units they are HR partner for. */
export async function hrAreaOf(db: Db, hrPartnerId: string): Promise<Set<string>> {
  const roots = await db.assignment.findMany({ where: { personId: hrPartnerId, role: "hr_partner", active: true }, select: { unitId: true } });
  if (roots.length === 0) return new Set();
  return (await loadUnitTree(db)).subtreeIds(...roots.map((r) => r.unitId));
}

/** Open cases escalated to an HR partner: those in the subtrees of the units they are HR partner for. */
export async function listEscalatedCasesFor(db: Db, hrPartnerId: string): Promise<CaseView[]> {
  const area = await hrAreaOf(db, hrPartnerId);
  if (area.size === 0) return [];
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
  if (rows.length === 0) return [];
  const personIds = [...new Set(rows.flatMap((r) => (r.subjectPersonId ? [r.subjectPersonId, r.ownerId] : [r.ownerId])))];
  const [units, people] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } }),
    db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true, email: true } }),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const person = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    signal: r.signal as Signal,
    status: r.status as CaseView["status"],
    unitName: unitName.get(r.unitId) ?? r.unitId,
    subjectName: r.subjectPersonId ? (person.get(r.subjectPersonId)?.displayName ?? null) : null,
    subjectEmail: r.subjectPersonId ? (person.get(r.subjectPersonId)?.email ?? null) : null,
    ownerId: r.ownerId,
    ownerName: person.get(r.ownerId)?.displayName ?? null,
    ownerEmail: person.get(r.ownerId)?.email ?? null,
    openedAt: r.openedAt,
    plannedFor: r.plannedFor,
    reason: r.reason,
    escalated: r.escalatedAt !== null,
    detail: parseCaseDetail(r.detail),
  }));
}
