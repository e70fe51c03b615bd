// Matches a Teams user to a person in the org data: Entra object id first, then e-mail/UPN
// (DESIGN.md, "Org data"). Only active people match.
import type { Db, DbTx } from "../../db/client.js";
import { directSql } from "../../db/direct-sql.js";
import { activePersonByAadObjectId } from "./find-person.statements.js";
import { isRole, sortRoles, type Role } from "./roles.js";

export interface PersonMatch {
  id: string;
  displayName: string;
  locale: string;
  timeZone: string;
  matchedBy: "aadObjectId" | "email";
}

export async function findPersonByAadObjectId(db: Db, aadObjectId: string | undefined): Promise<PersonMatch | null> {
  if (!aadObjectId) return null;
  // Runs on every inbound activity: by the unique index, through the direct SQL door (ADR 0013).
  const [person] = await (
    await directSql(db)
  ).query<{ id: string; displayName: string; locale: string; timeZone: string }>(activePersonByAadObjectId(aadObjectId.toLowerCase()));
  return person ? { ...pick(person), matchedBy: "aadObjectId" } : null;
}

export async function findPersonByEmail(db: DbTx, emails: (string | undefined)[]): Promise<PersonMatch | null> {
  const candidates = [...new Set(emails.filter((e): e is string => !!e).map((e) => e.trim().toLowerCase()))];
  if (candidates.length === 0) return null;
  const person = await db.person.findFirst({ where: { email: { in: candidates }, active: true } });
  return person && { ...pick(person), matchedBy: "email" };
}

export async function listActiveRoles(db: DbTx, personId: string): Promise<Role[]> {
  const rows = await db.assignment.findMany({
    where: { personId, active: true, unit: { active: true } },
    select: { role: true },
  });
  return sortRoles(rows.map((r) => r.role).filter(isRole));
}

function pick(p: { id: string; displayName: string; locale: string; timeZone: string }) {
  return { id: p.id, displayName: p.displayName, locale: p.locale, timeZone: p.timeZone };
}
