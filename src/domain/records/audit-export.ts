// The audit log for the data protection officer: who saw which unit's figures, who changed
// schedules, targets and priorities, who handled which case, every extract, erasure and export of
// the log itself — with current names beside the ids where the person or unit still exists.
// The export is itself audited.
import type { Db } from "../../db/client.js";
import { recordAudit } from "./audit.js";

export interface AuditRow {
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectName: string | null;
  detail: unknown;
}

export interface AuditExportRequest {
  from?: Date;
  to?: Date;
  now: Date;
  format: "csv" | "json";
  operator: string;
}

export async function exportAuditLog(db: Db, r: AuditExportRequest): Promise<AuditRow[]> {
  const at = { ...(r.from ? { gte: r.from } : {}), ...(r.to ? { lt: r.to } : {}) };
  const events = await db.auditEvent.findMany({ where: r.from || r.to ? { at } : {}, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const personIds = [...new Set(events.flatMap((e) => [e.actorId, e.subjectType === "person" ? e.subjectId : null]).filter((id): id is string => !!id))];
  const unitIds = [...new Set(events.filter((e) => e.subjectType === "unit").map((e) => e.subjectId))];
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true } })).map((p) => [p.id, p.displayName]),
  );
  const units = new Map((await db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const rows = events.map((e) => ({
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: (e.actorId && people.get(e.actorId)) ?? null,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    subjectName: (e.subjectType === "person" ? people.get(e.subjectId) : e.subjectType === "unit" ? units.get(e.subjectId) : undefined) ?? null,
    detail: parseDetail(e.detail),
  }));
  await recordAudit(db, {
    at: r.now,
    actorId: null,
    action: "audit.export",
    subjectType: "audit",
    subjectId: "audit",
    detail: { from: r.from?.toISOString() ?? null, to: r.to?.toISOString() ?? null, format: r.format, events: rows.length, operator: r.operator },
  });
  return rows;
}

const CSV_COLUMNS = ["at", "actor_id", "actor_name", "action", "subject_type", "subject_id", "subject_name", "detail"] as const;

export function formatAuditCsv(rows: AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      [r.at, r.actorId ?? "", r.actorName ?? "", r.action, r.subjectType, r.subjectId, r.subjectName ?? "", JSON.stringify(r.detail)].map(csvCell).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Quoted when needed; a cell a spreadsheet would run as a formula is prefixed with '. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
