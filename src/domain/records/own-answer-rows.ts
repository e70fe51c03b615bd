// The records module's only door to the answer tables (eslint allows this file, as it allows
// record-answer.ts): a person's own pseudonymous answers and ratings, found the only way the design
// allows — by recomputing their token for each pulse and round with the key (ADR 0004, 0008) —
// their participation rows, the released sick-leave cells they are counted in (SickLeaveCellMember:
// that they are in, never a figure about them), deleting those rows on erasure, and counts for the
// retention report. Answer rows hold no person id, so nothing here reads one; a token matches one
// person and one pulse or round. Nothing here reads anyone else's values.
import { randomUUID } from "node:crypto";
import type { DbTx } from "../../db/client.js";
import { deriveAnswerToken } from "../pulse/answer-token.js";

/** Friskfaktor tokens use "hf:<roundId>" (record-ratings.ts). */
export const roundTokenScope = (roundId: string) => `hf:${roundId}`;

const CHUNK = 200;

export interface OwnAnswerRow {
  id: string;
  pulseId: string;
  unitId: string;
  questionId: string;
  value: number;
}

export interface OwnRatingRow {
  id: string;
  roundId: string;
  unitId: string;
  factorId: string;
  value: number | null;
}

/** Every pulse answer row of this person, over all pulses (not only those they are listed as recipient of). */
export async function findOwnAnswers(db: DbTx, secret: string, personId: string): Promise<OwnAnswerRow[]> {
  const pulses = await db.pulse.findMany({ select: { id: true }, orderBy: { dueAt: "asc" } });
  const rows: OwnAnswerRow[] = [];
  for (let i = 0; i < pulses.length; i += CHUNK) {
    // (pulse, token) pairs: each uses the (pulseId, token, …) unique index.
    const pairs = pulses.slice(i, i + CHUNK).map((p) => ({ pulseId: p.id, token: deriveAnswerToken(secret, p.id, personId) }));
    rows.push(...(await db.pulseAnswer.findMany({ where: { OR: pairs }, select: { id: true, pulseId: true, unitId: true, questionId: true, value: true } })));
  }
  return rows;
}

export async function findOwnRatings(db: DbTx, secret: string, personId: string): Promise<OwnRatingRow[]> {
  const rounds = await db.hfRound.findMany({ select: { id: true }, orderBy: { opensAt: "asc" } });
  const rows: OwnRatingRow[] = [];
  for (let i = 0; i < rounds.length; i += CHUNK) {
    const pairs = rounds.slice(i, i + CHUNK).map((r) => ({ roundId: r.id, token: deriveAnswerToken(secret, roundTokenScope(r.id), personId) }));
    rows.push(...(await db.hfRating.findMany({ where: { OR: pairs }, select: { id: true, roundId: true, unitId: true, factorId: true, value: true } })));
  }
  return rows;
}

/** Which questions the person answered (never the values), as kept for the privacy rules. */
export async function findOwnParticipation(db: DbTx, personId: string): Promise<{ pulseId: string; questionId: string }[]> {
  return db.pulseParticipation.findMany({ where: { personId }, select: { pulseId: true, questionId: true } });
}

export interface OwnSickLeaveCell {
  /** YYYY-MM (Swedish time). */
  month: string;
  unitId: string;
  unitName: string | null;
}

/**
 * The released monthly sick-leave cells the person is counted in (kept so later months are decided
 * against them), by month and unit. The cell's figures are the unit's, not theirs: not read here.
 */
export async function findOwnSickLeaveCells(db: DbTx, personId: string): Promise<OwnSickLeaveCell[]> {
  const cellIds = (await db.sickLeaveCellMember.findMany({ where: { personId }, select: { cellId: true } })).map((m) => m.cellId);
  const cells: { month: string; unitId: string }[] = [];
  for (let i = 0; i < cellIds.length; i += CHUNK) {
    cells.push(...(await db.sickLeaveCell.findMany({ where: { id: { in: cellIds.slice(i, i + CHUNK) } }, select: { month: true, unitId: true } })));
  }
  const units = await db.unit.findMany({ where: { id: { in: [...new Set(cells.map((c) => c.unitId))] } }, select: { id: true, name: true } });
  const names = new Map(units.map((u) => [u.id, u.name]));
  return cells
    .map((c) => ({ month: c.month, unitId: c.unitId, unitName: names.get(c.unitId) ?? null }))
    .sort((x, y) => x.month.localeCompare(y.month) || x.unitId.localeCompare(y.unitId));
}

/** The id an erased person's rows of taking part carry instead of theirs: random, linked to nobody. */
export function unlinkedId(): string {
  return `erased:${randomUUID()}`;
}

/**
 * Erasure: the rows found above are deleted. Who took part — their pulse participation, their
 * answered friskfaktor rounds and their sick-leave cell memberships — gets one new random id in
 * place of theirs, linked to nobody: the release windows keep their shape, so a later pulse, round
 * or month that differs from a shown one by them alone stays withheld, as when someone leaves
 * (deleting the rows would let it be shown, and the difference would be them). The rows go with
 * their pulses, rounds and cells under retention.
 */
export async function deleteOwnAnswerRows(db: DbTx, personId: string, rows: { answerIds: string[]; ratingIds: string[] }, unlinked = unlinkedId()) {
  return {
    answers: await inChunks(rows.answerIds, async (ids) => (await db.pulseAnswer.deleteMany({ where: { id: { in: ids } } })).count),
    ratings: await inChunks(rows.ratingIds, async (ids) => (await db.hfRating.deleteMany({ where: { id: { in: ids } } })).count),
    participation: (await db.pulseParticipation.updateMany({ where: { personId }, data: { personId: unlinked } })).count,
    // Rounds they did not answer are in no window: those rows simply go.
    roundRecipients:
      (await db.hfRecipient.updateMany({ where: { personId, answered: true }, data: { personId: unlinked, reminded: false } })).count +
      (await db.hfRecipient.deleteMany({ where: { personId } })).count,
    sickLeaveCellMembers: (await db.sickLeaveCellMember.updateMany({ where: { personId }, data: { personId: unlinked } })).count,
  };
}

/** The retention report: all stored sick-leave cell member rows, and those of cells of months before `cutoffMonth`. */
export async function countSickLeaveCellMembers(db: DbTx, cutoffMonth: string) {
  const expired = (await db.sickLeaveCell.findMany({ where: { month: { lt: cutoffMonth } }, select: { id: true } })).map((c) => c.id);
  return {
    stored: await db.sickLeaveCellMember.count(),
    expired: await inChunks(expired, (ids) => db.sickLeaveCellMember.count({ where: { cellId: { in: ids } } })),
  };
}

/** The retention report: all stored answer and rating rows, and those of the given pulses and rounds. */
export async function countAnswerRows(db: DbTx, expired: { pulseIds: string[]; roundIds: string[] }) {
  return {
    answers: await db.pulseAnswer.count(),
    ratings: await db.hfRating.count(),
    expiredAnswers: await inChunks(expired.pulseIds, (ids) => db.pulseAnswer.count({ where: { pulseId: { in: ids } } })),
    expiredRatings: await inChunks(expired.roundIds, (ids) => db.hfRating.count({ where: { roundId: { in: ids } } })),
  };
}

async function inChunks(ids: string[], run: (chunk: string[]) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < ids.length; i += 500) total += await run(ids.slice(i, i + 500));
  return total;
}
