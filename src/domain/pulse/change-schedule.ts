// An HR partner sets the pulse schedule for a unit they are assigned to (it covers the subtree
// below, unless a unit further down has its own). Roles come from the database; the change is
// audited and takes effect from now (never back-dated).
import { z } from "zod/v4";
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import { QUESTION_BANK, QUESTION_PACK_IDS, isQuestionPack, type QuestionPack } from "./question-bank.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { nextUnpausedOccurrence, parsePausePeriods, parsePauseText, type DatePause, type PausePeriod } from "../schedule/pause-periods.js";
import { parseSchedule } from "./pulse-schedules.js";
import { loadUnitPauses, pauseHolding } from "./unit-pauses.js";

const IsoDateOrEmpty = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal("")]);

export const ScheduleChangeSchema = z.strictObject({
  unitId: z.string().min(1).max(64),
  weekday: z.coerce.number().int().min(1).max(5),
  intervalWeeks: z.coerce.number().int().min(1).max(8),
  sendTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  answerWindowDays: z.coerce.number().int().min(1).max(7),
  /** Holiday pauses as text ("v52-1, juli"); absent = unchanged (issue 16). */
  pauses: z.string().max(300).optional(),
  /** "standard" = the rotation; absent = unchanged. */
  questionPack: z.enum(["standard", ...QUESTION_PACK_IDS]).optional(),
  /** The unit's own pause (HR partners' form); both empty = none; absent = unchanged. */
  unitPauseFrom: IsoDateOrEmpty.optional(),
  unitPauseUntil: IsoDateOrEmpty.optional(),
});
export type ScheduleChange = z.infer<typeof ScheduleChangeSchema>;

export interface EffectiveSchedule {
  unitId: string;
  unitName: string;
  /** The unit whose schedule applies (this one, or the nearest above). */
  fromUnitId: string;
  fromUnitName: string;
  weekday: number;
  intervalWeeks: number;
  sendTime: string;
  answerWindowDays: number;
  timeZone: string;
  /** Issue 16: the schedule's pauses and question pack, this unit's own pause, and the next pulse that reaches it. */
  pauses?: PausePeriod[];
  questionPack?: QuestionPack | null;
  unitPause?: DatePause | null;
  nextPulseAt?: Date | null;
}

/** Units the person is an active HR partner for. */
export async function listHrPartnerUnits(db: Db, personId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.assignment.findMany({
    where: { personId, role: "hr_partner", active: true, unit: { active: true } },
    select: { unit: { select: { id: true, name: true } } },
    orderBy: { unitId: "asc" },
  });
  return rows.map((r) => r.unit);
}

/** `now`: from when the next pulse is looked for (the injected clock). */
export async function readEffectiveSchedule(db: Db, unitId: string, now?: Date): Promise<EffectiveSchedule | null> {
  const tree = await loadUnitTree(db);
  const unit = tree.get(unitId);
  if (!unit) return null;
  const chain = tree.ancestry(unit.id);
  // The oldest active schedule of each unit counts, as everywhere (orderBy createdAt).
  const schedules = await db.pulseSchedule.findMany({ where: { unitId: { in: chain }, active: true }, orderBy: { createdAt: "asc" } });
  const fromUnitId = tree.nearest(unit.id, (id) => schedules.some((s) => s.unitId === id));
  const schedule = schedules.find((s) => s.unitId === fromUnitId);
  const from = fromUnitId === undefined ? undefined : tree.get(fromUnitId);
  if (!schedule || !from) return null;
  const unitPauses = await loadUnitPauses(db);
  const parsed = parseSchedule(schedule);
  const nextPulseAt = now
    ? (nextUnpausedOccurrence(parsed.rule, {
        after: now,
        effectiveFrom: parsed.effectiveFrom,
        periods: parsed.pauses,
        paused: (local) => pauseHolding(tree, unitPauses, unit.id, local.toISODate()!) !== undefined,
      }) ?? null)
    : undefined;
  return {
    unitId: unit.id,
    unitName: unit.name,
    fromUnitId: from.id,
    fromUnitName: from.name,
    weekday: schedule.weekday,
    intervalWeeks: schedule.intervalWeeks,
    sendTime: schedule.sendTime,
    answerWindowDays: schedule.answerWindowDays,
    timeZone: schedule.timeZone,
    pauses: parsePausePeriods(schedule.pausePeriods),
    questionPack: isQuestionPack(schedule.questionPack) ? schedule.questionPack : null,
    unitPause: unitPauses.get(unit.id) ?? null,
    ...(nextPulseAt !== undefined ? { nextPulseAt } : {}),
  };
}

export type ScheduleChangeResult =
  { ok: true; schedule: EffectiveSchedule } | { ok: false; reason: "notHrPartner" } | { ok: false; reason: "invalidPauses"; part: string };

export async function changeSchedule(db: Db, actorId: string, change: ScheduleChange, now: Date): Promise<ScheduleChangeResult> {
  const allowed = await db.assignment.findFirst({
    where: { personId: actorId, unitId: change.unitId, role: "hr_partner", active: true, unit: { active: true } },
    select: { unitId: true },
  });
  if (!allowed) return { ok: false, reason: "notHrPartner" };
  const pauses = change.pauses === undefined ? undefined : parsePauseText(change.pauses);
  if (pauses && !pauses.ok) return { ok: false, reason: "invalidPauses", part: pauses.problem };
  await db.$transaction(async (tx) => {
    const existing = await tx.pulseSchedule.findFirst({ where: { unitId: change.unitId, active: true }, orderBy: { createdAt: "asc" } });
    const fields = {
      weekday: change.weekday,
      intervalWeeks: change.intervalWeeks,
      sendTime: change.sendTime,
      answerWindowDays: change.answerWindowDays,
      ...(pauses?.ok ? { pausePeriods: JSON.stringify(pauses.periods) } : {}),
      ...(change.questionPack !== undefined ? { questionPack: change.questionPack === "standard" ? null : change.questionPack } : {}),
      updatedById: actorId,
      // updatedAt is the moment the schedule takes effect: occurrences before it never fire.
      updatedAt: now,
    };
    if (existing) {
      await tx.pulseSchedule.update({ where: { id: existing.id }, data: fields });
    } else {
      await tx.pulseSchedule.create({
        data: {
          unitId: change.unitId,
          anchorDate: DateTime.fromJSDate(now, { zone: "Europe/Stockholm" }).toISODate()!,
          timeZone: "Europe/Stockholm",
          rotatingQuestions: JSON.stringify(QUESTION_BANK.defaultRotation),
          createdAt: now,
          ...fields,
        },
      });
    }
    await tx.auditEvent.create({
      data: { at: now, actorId, action: "pulse.schedule.change", subjectType: "unit", subjectId: change.unitId, detail: JSON.stringify(change) },
    });
  });
  return { ok: true, schedule: (await readEffectiveSchedule(db, change.unitId, now))! };
}

export type ScheduleOptionsResult = { ok: true } | { ok: false; reason: "noOwnSchedule" };

/**
 * The holiday pauses and/or question pack of the schedule a unit owns (`friskpuls schedule`,
 * by the operator: audited without an actor). Units that inherit a schedule have none to change.
 */
export async function changeScheduleOptions(
  db: Db,
  o: { unitId: string; pauses?: PausePeriod[]; questionPack?: QuestionPack | "standard"; actorId: string | null; now: Date },
): Promise<ScheduleOptionsResult> {
  const own = await db.pulseSchedule.findFirst({ where: { unitId: o.unitId, active: true }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!own) return { ok: false, reason: "noOwnSchedule" };
  const data = {
    ...(o.pauses !== undefined ? { pausePeriods: JSON.stringify(o.pauses) } : {}),
    ...(o.questionPack !== undefined ? { questionPack: o.questionPack === "standard" ? null : o.questionPack } : {}),
  };
  await db.$transaction([
    db.pulseSchedule.update({ where: { id: own.id }, data: { ...data, updatedAt: o.now, ...(o.actorId ? { updatedById: o.actorId } : {}) } }),
    db.auditEvent.create({
      data: { at: o.now, actorId: o.actorId, action: "pulse.schedule.change", subjectType: "unit", subjectId: o.unitId, detail: JSON.stringify(data) },
    }),
  ]);
  return { ok: true };
}
