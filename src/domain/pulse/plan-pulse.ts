// Creates the pulse for one schedule occurrence with its recipients (participation), once: the
// pulse is unique per schedule and due time, and recipients are written in the same transaction.
import type { Db } from "../../db/client.js";
import { z } from "zod/v4";
import { chooseScheduleQuestions } from "./question-bank.js";
import { listScheduleMembers, sequenceOf, type PulseSchedule } from "./pulse-schedules.js";

export interface PlannedPulse {
  pulseId: string;
  dueAt: Date;
  closesAt: Date;
  questionIds: string[];
  recipients: { personId: string }[];
}

const QuestionIdsSchema = z.array(z.string()).min(1).max(3);
export const UnitIdsSchema = z.array(z.string()).min(1);

export function parseQuestionIds(json: string): string[] {
  return QuestionIdsSchema.parse(JSON.parse(json));
}

/** `pausedUnitIds`: units on a pause at `dueAt` (issue 16); their members get no pulse. */
export async function planPulse(db: Db, schedule: PulseSchedule, dueAt: Date, pausedUnitIds: ReadonlySet<string> = new Set()): Promise<PlannedPulse> {
  const closesAt = new Date(dueAt.getTime() + schedule.answerWindowMs);
  const questionIds = chooseScheduleQuestions(schedule.rotation, schedule.questionPack, sequenceOf(schedule, dueAt));
  const pulse = await db.$transaction(
    async (tx) => {
      const existing = await tx.pulse.findUnique({ where: { scheduleId_dueAt: { scheduleId: schedule.id, dueAt } } });
      if (existing) return existing;
      const created = await tx.pulse.create({
        data: { scheduleId: schedule.id, unitId: schedule.unitId, dueAt, closesAt, questionIds: JSON.stringify(questionIds) },
      });
      const members = await listScheduleMembers(tx, schedule.id, pausedUnitIds);
      for (let i = 0; i < members.length; i += 500) {
        await tx.pulseRecipient.createMany({
          data: members.slice(i, i + 500).map((m) => ({ pulseId: created.id, personId: m.personId, unitIds: JSON.stringify(m.unitIds) })),
        });
      }
      return created;
      // A whole municipality (10,000+ recipients) in one transaction: Prisma's 5 s default was seen
      // to expire on a busy PostgreSQL, and a pulse that cannot be planned is never sent.
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  const recipients = await db.pulseRecipient.findMany({ where: { pulseId: pulse.id }, select: { personId: true }, orderBy: { personId: "asc" } });
  return { pulseId: pulse.id, dueAt: pulse.dueAt, closesAt: pulse.closesAt, questionIds: parseQuestionIds(pulse.questionIds), recipients };
}
