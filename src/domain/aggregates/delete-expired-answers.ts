// Raw answers and friskfaktor ratings are deleted after the retention period (ANSWER_RETENTION_MONTHS, default 24);
// the cells stay (DESIGN.md, "Privacy rules"). Only pulses whose cells are built lose their
// answers, so retention can never delete something that was not yet summarised.
//
// Who took part (PulseParticipation: person and question, never the answer) goes with the answers,
// except where the pulse is still the last released cell of a unit's series: the next cell of
// that series is compared with exactly those people (rule 2 in release-rules.ts), and comparing
// with nobody would release a figure one joiner away from the one readers last saw. Those rows go
// on the first run after a later pulse of the series is released.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";

export async function deleteExpiredAnswers(db: Db, now: Date, retentionMonths: number): Promise<{ pulses: number; answers: number; participationKept: number }> {
  const cutoff = DateTime.fromJSDate(now, { zone: "UTC" }).minus({ months: retentionMonths }).toJSDate();
  const expired = await db.pulse.findMany({
    where: { closesAt: { lt: cutoff }, summarizedAt: { not: null } },
    select: { id: true, scheduleId: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
  // Only pulses that still hold something; the rest were cleaned on an earlier run.
  const holding = new Set(
    [
      ...(await db.pulseAnswer.groupBy({ by: ["pulseId"], where: { pulseId: { in: expired.map((p) => p.id) } } })),
      ...(await db.pulseParticipation.groupBy({ by: ["pulseId"], where: { pulseId: { in: expired.map((p) => p.id) } } })),
    ].map((r) => r.pulseId),
  );
  let answers = 0;
  let pulses = 0;
  let participationKept = 0;
  for (const pulse of expired) {
    if (!holding.has(pulse.id)) continue;
    const baselineQuestions = await listBaselineQuestions(db, pulse);
    const [deleted] = await db.$transaction([
      db.pulseAnswer.deleteMany({ where: { pulseId: pulse.id } }),
      db.pulseParticipation.deleteMany({ where: { pulseId: pulse.id, questionId: { notIn: [...baselineQuestions] } } }),
    ]);
    if (baselineQuestions.size > 0) participationKept++;
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

/** Questions for which some unit's last released cell is in this pulse (walking forward pulse by pulse). */
async function listBaselineQuestions(db: Db, pulse: { id: string; scheduleId: string; dueAt: Date }): Promise<Set<string>> {
  const mine = await db.pulseCell.findMany({ where: { pulseId: pulse.id, released: true }, select: { unitId: true, questionId: true } });
  const pending = new Map(mine.map((c) => [`${c.questionId}\u0000${c.unitId}`, c.questionId]));
  if (pending.size === 0) return new Set();
  const later = await db.pulse.findMany({
    where: { scheduleId: pulse.scheduleId, dueAt: { gt: pulse.dueAt }, summarizedAt: { not: null } },
    select: { id: true },
    orderBy: { dueAt: "asc" },
  });
  for (const { id } of later) {
    const questionIds = [...new Set(pending.values())];
    const released = await db.pulseCell.findMany({ where: { pulseId: id, released: true, questionId: { in: questionIds } }, select: { unitId: true, questionId: true } });
    for (const c of released) pending.delete(`${c.questionId}\u0000${c.unitId}`);
    if (pending.size === 0) break;
  }
  return new Set(pending.values());
}
