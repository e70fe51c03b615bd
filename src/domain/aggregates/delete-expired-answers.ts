// Raw answers and friskfaktor ratings are deleted after the retention period (ANSWER_RETENTION_MONTHS, default 24);
// the cells stay (DESIGN.md, "Privacy rules"). Only pulses whose cells are built lose their
// answers, so retention can never delete something that was not yet summarised.
//
// Who took part (PulseParticipation: person and question, never the answer) goes with the answers,
// except for pulses still inside the release window of a pulse to come (RELEASE_WINDOW_DAYS before
// the oldest pulse not yet built, or now): the next pulses' cells are decided against exactly
// those people (release-rules.ts), and deciding against nobody would release a figure one joiner
// away from one readers have seen. Those rows go on the first run after the window has passed.
// With the default retention (24 months) this keeps nothing longer; with less than a year it does.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { RELEASE_WINDOW_DAYS } from "./build-pulse-cells.js";

export async function deleteExpiredAnswers(
  db: Db,
  now: Date,
  retentionMonths: number,
): Promise<{ pulses: number; answers: number; participationKept: number }> {
  const cutoff = DateTime.fromJSDate(now, { zone: "UTC" }).minus({ months: retentionMonths }).toJSDate();
  const expired = await db.pulse.findMany({
    where: { closesAt: { lt: cutoff }, summarizedAt: { not: null } },
    select: { id: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
  // Only pulses that still hold something; the rest were cleaned on an earlier run.
  const holding = new Set(
    [
      ...(await db.pulseAnswer.groupBy({ by: ["pulseId"], where: { pulseId: { in: expired.map((p) => p.id) } } })),
      ...(await db.pulseParticipation.groupBy({ by: ["pulseId"], where: { pulseId: { in: expired.map((p) => p.id) } } })),
    ].map((r) => r.pulseId),
  );
  const oldestUnbuilt = await db.pulse.findFirst({ where: { summarizedAt: null }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
  const from = Math.min(now.getTime(), oldestUnbuilt?.dueAt.getTime() ?? Infinity);
  const windowStart = new Date(from - RELEASE_WINDOW_DAYS * 86_400_000);
  let answers = 0;
  let pulses = 0;
  let participationKept = 0;
  for (const pulse of expired) {
    if (!holding.has(pulse.id)) continue;
    const inWindow = pulse.dueAt > windowStart;
    const [deleted] = await db.$transaction([
      db.pulseAnswer.deleteMany({ where: { pulseId: pulse.id } }),
      ...(inWindow ? [] : [db.pulseParticipation.deleteMany({ where: { pulseId: pulse.id } })]),
    ]);
    if (inWindow) participationKept++;
    if (deleted.count > 0) pulses++;
    answers += deleted.count;
  }
  return { pulses, answers, participationKept };
}

/**
 * Friskfaktor ratings likewise, for rounds whose cells are built. HfRecipient (who was asked and
 * whether they answered, never what) stays: it is the next round's baseline, as above.
 */
export async function deleteExpiredRatings(db: Db, now: Date, retentionMonths: number): Promise<{ rounds: number; ratings: number }> {
  const cutoff = DateTime.fromJSDate(now, { zone: "UTC" }).minus({ months: retentionMonths }).toJSDate();
  const expired = await db.hfRound.findMany({ where: { closesAt: { lt: cutoff }, summarizedAt: { not: null } }, select: { id: true } });
  let rounds = 0;
  let ratings = 0;
  for (const { id } of expired) {
    const deleted = await db.hfRating.deleteMany({ where: { roundId: id } });
    if (deleted.count > 0) rounds++;
    ratings += deleted.count;
  }
  return { rounds, ratings };
}
