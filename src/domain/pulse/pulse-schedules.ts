// Pulse schedules: one per unit subtree, the nearest one above a unit wins. The organisation gets
// a default (every other Monday 09:00 Europe/Stockholm, three days to answer) the first time
// pulses are planned, which an HR partner can change later.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { DbTx } from "../../db/client.js";
import { WeeklyRuleSchema, type WeeklyRule } from "../schedule/weekly-rule.js";
import { QUESTION_BANK, isQuestionPack, isRotatingQuestion, type QuestionPack } from "./question-bank.js";
import { parsePausePeriods, type PausePeriod } from "../schedule/pause-periods.js";
import { UnitTree } from "../org/unit-tree.js";

export const DEFAULT_PULSE_SCHEDULE = {
  weekday: 1,
  intervalWeeks: 2,
  sendTime: "09:00",
  answerWindowDays: 3,
  timeZone: "Europe/Stockholm",
} as const;

const RotationSchema = z.array(z.string().refine(isRotatingQuestion, "not a rotating question")).max(10);

export interface PulseScheduleRow {
  id: string;
  unitId: string;
  weekday: number;
  intervalWeeks: number;
  anchorDate: string;
  sendTime: string;
  answerWindowDays: number;
  timeZone: string;
  rotatingQuestions: string;
  /** JSON (issue 16); absent in rows written before it: no pauses. */
  pausePeriods?: string;
  questionPack?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PulseSchedule {
  id: string;
  unitId: string;
  rule: WeeklyRule;
  answerWindowMs: number;
  rotation: string[];
  /** Occurrences before this moment never fire (a new or changed schedule is not back-dated). */
  effectiveFrom: Date;
  /** Holiday pauses: occurrences on these local dates are not planned (issue 16). */
  pauses: PausePeriod[];
  /** An optional question pack instead of the rotation (issue 16). */
  questionPack: QuestionPack | null;
}

/** Validates a schedule read back from the database (JSON columns included). */
export function parseSchedule(row: PulseScheduleRow): PulseSchedule {
  const rule = WeeklyRuleSchema.parse({
    weekday: row.weekday,
    intervalWeeks: row.intervalWeeks,
    anchorDate: row.anchorDate,
    localTime: row.sendTime,
    timeZone: row.timeZone,
  });
  const rotation = RotationSchema.parse(JSON.parse(row.rotatingQuestions));
  const answerWindowDays = z.number().int().min(1).max(14).parse(row.answerWindowDays);
  const effectiveFrom = row.updatedAt > row.createdAt ? row.updatedAt : row.createdAt;
  const pauses = parsePausePeriods(row.pausePeriods ?? "[]");
  const questionPack = isQuestionPack(row.questionPack) ? row.questionPack : null;
  return { id: row.id, unitId: row.unitId, rule, answerWindowMs: answerWindowDays * 86_400_000, rotation, effectiveFrom, pauses, questionPack };
}

/** The organisation's default schedule on its root unit, created once. */
export async function ensureDefaultSchedule(db: DbTx, now: Date): Promise<void> {
  const root = await db.unit.findFirst({ where: { parentId: null, active: true }, select: { id: true } });
  if (!root) return;
  const existing = await db.pulseSchedule.findFirst({ where: { unitId: root.id }, select: { id: true } });
  if (existing) return;
  await db.pulseSchedule.create({
    data: {
      unitId: root.id,
      weekday: DEFAULT_PULSE_SCHEDULE.weekday,
      intervalWeeks: DEFAULT_PULSE_SCHEDULE.intervalWeeks,
      anchorDate: DateTime.fromJSDate(now, { zone: DEFAULT_PULSE_SCHEDULE.timeZone }).toISODate()!,
      sendTime: DEFAULT_PULSE_SCHEDULE.sendTime,
      answerWindowDays: DEFAULT_PULSE_SCHEDULE.answerWindowDays,
      timeZone: DEFAULT_PULSE_SCHEDULE.timeZone,
      rotatingQuestions: JSON.stringify(QUESTION_BANK.defaultRotation),
      createdAt: now,
      updatedAt: now,
    },
  });
}

export async function listActiveSchedules(db: DbTx): Promise<PulseSchedule[]> {
  const rows = await db.pulseSchedule.findMany({ where: { active: true }, orderBy: { createdAt: "asc" } });
  return rows.map(parseSchedule);
}

/** Which pulse number an occurrence is (0 for the anchor week), for rotating the questions. */
export function sequenceOf(schedule: PulseSchedule, occurrence: Date): number {
  const zone = schedule.rule.timeZone;
  const anchor = DateTime.fromISO(schedule.rule.anchorDate, { zone }).startOf("week");
  const week = DateTime.fromJSDate(occurrence, { zone }).startOf("week");
  return Math.max(0, Math.round(week.diff(anchor, "weeks").weeks / schedule.rule.intervalWeeks));
}

/**
 * Every active member, with the units (of their member assignments) that the given schedule
 * covers: a unit belongs to the nearest active schedule at or above it.
 */
export async function listScheduleMembers(
  db: DbTx,
  scheduleId: string,
  /** Units on a pause (issue 16): their members are not covered (a person in another unit still is, for that unit). */
  pausedUnitIds: ReadonlySet<string> = new Set(),
): Promise<{ personId: string; unitIds: string[] }[]> {
  const [units, schedules] = await Promise.all([
    db.unit.findMany({ where: { active: true }, select: { id: true, parentId: true } }),
    db.pulseSchedule.findMany({ where: { active: true }, select: { id: true, unitId: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const tree = new UnitTree(units);
  const scheduleAt = new Map<string, string>();
  for (const s of schedules) if (!scheduleAt.has(s.unitId)) scheduleAt.set(s.unitId, s.id);
  const covered = new Set<string>();
  for (const unit of units) {
    const at = tree.nearest(unit.id, (id) => scheduleAt.has(id));
    if (at && scheduleAt.get(at) === scheduleId && !pausedUnitIds.has(unit.id)) covered.add(unit.id);
  }
  const assignments = await db.assignment.findMany({
    where: { role: "member", active: true, unitId: { in: [...covered] }, person: { active: true } },
    select: { personId: true, unitId: true },
    orderBy: [{ personId: "asc" }, { unitId: "asc" }],
  });
  const byPerson = new Map<string, string[]>();
  for (const a of assignments) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a.unitId]);
  return [...byPerson].map(([personId, unitIds]) => ({ personId, unitIds }));
}
