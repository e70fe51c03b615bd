// A register extract, audited: the audit event is written before the extract is handed out, so an
// extract that was given is always in the log (an audit failure means no extract). The event
// names the person by id and says how the extract went out — never what it held.
import type { Db } from "../../db/client.js";
import { recordAudit } from "./audit.js";
import { collectPersonRecord, type PersonRecord } from "./person-record.js";

export interface ExportRequest {
  personId: string;
  now: Date;
  /** The person themselves in chat, or null for an operator (named in `operator`). */
  actorId: string | null;
  via: "cli" | "chat";
  operator?: string;
  /** The request's reference (e.g. a diarienummer), when the operator gives one. */
  reference?: string;
  formats: string[];
}

export async function exportPersonRecord(db: Db, secret: string, r: ExportRequest): Promise<PersonRecord | null> {
  const record = await collectPersonRecord(db, secret, r.personId, r.now);
  if (!record) return null;
  await recordAudit(db, {
    at: r.now,
    actorId: r.actorId,
    action: "person.export",
    subjectType: "person",
    subjectId: r.personId,
    detail: { via: r.via, formats: r.formats, ...(r.operator ? { operator: r.operator } : {}), ...(r.reference ? { reference: r.reference } : {}) },
  });
  return record;
}
