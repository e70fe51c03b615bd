// A member's ratings of the eight factors, sent together from one card. Stored like pulse answers:
// per unit of the send-time snapshot, under a keyed token, never with the person; participation
// (HfRecipient.answered) apart. Changeable until the round closes.
//
// The card is one tap per factor (recordRating): the first tap writes all eight rows under the
// token, the factors not yet chosen with NOT_CHOSEN, so a cell never holds a partial person (the
// release rules count every respondent in every factor). A factor never chosen by the close counts
// as "Vet inte" — the person did not say.
import type { Db, DbTx } from "../../db/client.js";
import { deriveAnswerToken } from "../pulse/answer-token.js";
import { FACTOR_IDS, NOT_CHOSEN, type FactorId, type Rating } from "./catalogue.js";
import { z } from "zod/v4";

const UnitIdsSchema = z.array(z.string()).min(1);

export interface RatingView {
  roundId: string;
  closesAt: Date;
  open: boolean;
  /** The person's own ratings; empty until they have sent the card. */
  ratings: Partial<Record<FactorId, Rating>>;
}

export type RatingRefusal = "notRecipient" | "closed";
export type RatingResult = { ok: true; view: RatingView } | { ok: false; refusal: RatingRefusal; view?: RatingView };

const tokenFor = (secret: string, roundId: string, personId: string) => deriveAnswerToken(secret, `hf:${roundId}`, personId);

export async function recordRatings(a: {
  db: Db;
  secret: string;
  now: Date;
  personId: string;
  roundId: string;
  ratings: Record<FactorId, Rating>;
}): Promise<RatingResult> {
  const context = await loadContext(a.db, a.roundId, a.personId);
  if (!context) return { ok: false, refusal: "notRecipient" };
  const token = tokenFor(a.secret, a.roundId, a.personId);
  if (!isOpen(context.round, a.now)) return { ok: false, refusal: "closed", view: await readView(a.db, context, token, a.now) };
  await a.db.$transaction(async (tx) => {
    for (const unitId of context.unitIds) {
      for (const factorId of FACTOR_IDS) {
        const value = a.ratings[factorId];
        await tx.hfRating.upsert({
          where: { roundId_token_factorId_unitId: { roundId: a.roundId, token, factorId, unitId } },
          create: { roundId: a.roundId, token, factorId, unitId, value },
          update: { value },
        });
      }
    }
    await tx.hfRecipient.update({ where: { roundId_personId: { roundId: a.roundId, personId: a.personId } }, data: { answered: true } });
  });
  return { ok: true, view: await readView(a.db, context, token, a.now) };
}

/** One tap: one factor's rating. The person's other factors stay as they are (NOT_CHOSEN at first). */
export async function recordRating(a: {
  db: Db;
  secret: string;
  now: Date;
  personId: string;
  roundId: string;
  factorId: FactorId;
  rating: Rating;
}): Promise<RatingResult> {
  const context = await loadContext(a.db, a.roundId, a.personId);
  if (!context) return { ok: false, refusal: "notRecipient" };
  const token = tokenFor(a.secret, a.roundId, a.personId);
  if (!isOpen(context.round, a.now)) return { ok: false, refusal: "closed", view: await readView(a.db, context, token, a.now) };
  const write = () =>
    a.db.$transaction(async (tx) => {
      for (const unitId of context.unitIds) {
        const existing = await tx.hfRating.findMany({ where: { roundId: a.roundId, token, unitId }, select: { factorId: true } });
        const missing = FACTOR_IDS.filter((f) => f !== a.factorId && !existing.some((e) => e.factorId === f));
        if (missing.length > 0) {
          await tx.hfRating.createMany({ data: missing.map((factorId) => ({ roundId: a.roundId, token, factorId, unitId, value: NOT_CHOSEN })) });
        }
        await tx.hfRating.upsert({
          where: { roundId_token_factorId_unitId: { roundId: a.roundId, token, factorId: a.factorId, unitId } },
          create: { roundId: a.roundId, token, factorId: a.factorId, unitId, value: a.rating },
          update: { value: a.rating },
        });
      }
      await tx.hfRecipient.update({ where: { roundId_personId: { roundId: a.roundId, personId: a.personId } }, data: { answered: true } });
    });
  // Two taps at once may both create the missing rows: the loser writes again over the winner's rows.
  await write().catch((error: unknown) => {
    if ((error as { code?: string }).code === "P2002") return write();
    throw error;
  });
  return { ok: true, view: await readView(a.db, context, token, a.now) };
}

export async function readRatingView(db: Db, secret: string, roundId: string, personId: string, now: Date): Promise<RatingView | null> {
  const context = await loadContext(db, roundId, personId);
  return context && readView(db, context, tokenFor(secret, roundId, personId), now);
}

interface RatingContext {
  round: { id: string; status: string; closesAt: Date };
  unitIds: string[];
}

async function loadContext(db: DbTx, roundId: string, personId: string): Promise<RatingContext | null> {
  if (!z.uuid().safeParse(roundId).success) return null;
  const recipient = await db.hfRecipient.findUnique({
    where: { roundId_personId: { roundId, personId } },
    select: { unitIds: true, round: { select: { id: true, status: true, closesAt: true } } },
  });
  return recipient && { round: recipient.round, unitIds: UnitIdsSchema.parse(JSON.parse(recipient.unitIds)) };
}

function isOpen(round: { status: string; closesAt: Date }, now: Date): boolean {
  return round.status === "collecting" && now < round.closesAt;
}

async function readView(db: DbTx, context: RatingContext, token: string, now: Date): Promise<RatingView> {
  const rows = await db.hfRating.findMany({
    where: { roundId: context.round.id, token, unitId: context.unitIds[0]! },
    select: { factorId: true, value: true },
  });
  const ratings: Partial<Record<FactorId, Rating>> = {};
  for (const r of rows) {
    if ((FACTOR_IDS as readonly string[]).includes(r.factorId) && r.value !== NOT_CHOSEN) ratings[r.factorId as FactorId] = r.value as Rating;
  }
  return { roundId: context.round.id, closesAt: context.round.closesAt, open: isOpen(context.round, now), ratings };
}
