// One audit event: who did or saw what, about which subject, when. The detail holds ids, codes
// and counts only — never answers, ratings, sick-leave data or free text (DESIGN.md, "Privacy rules").
import type { DbTx } from "../../db/client.js";

export interface AuditEntry {
  at: Date;
  /** The person in the org data; null for an operator at the command line (named in detail.operator). */
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: DbTx, e: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: { at: e.at, actorId: e.actorId, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, detail: JSON.stringify(e.detail ?? {}) },
  });
}
