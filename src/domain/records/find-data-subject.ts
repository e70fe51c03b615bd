// Which person a register extract or an erasure is about: an HR id, or an e-mail address (active
// or not — a person who has left may ask too). An e-mail shared by two people is refused rather
// than guessed: the extract would go to the wrong person.
import type { DbTx } from "../../db/client.js";

export type SubjectLookup = { ok: true; personId: string } | { ok: false; reason: "notFound" | "ambiguous" };

export async function findDataSubject(db: DbTx, ref: string): Promise<SubjectLookup> {
  const wanted = ref.trim();
  if (!wanted) return { ok: false, reason: "notFound" };
  if (!wanted.includes("@")) {
    const person = await db.person.findUnique({ where: { id: wanted }, select: { id: true } });
    return person ? { ok: true, personId: person.id } : { ok: false, reason: "notFound" };
  }
  const people = await db.person.findMany({ where: { email: wanted.toLowerCase() }, select: { id: true }, take: 2 });
  if (people.length === 0) return { ok: false, reason: "notFound" };
  if (people.length > 1) return { ok: false, reason: "ambiguous" };
  return { ok: true, personId: people[0]!.id };
}
