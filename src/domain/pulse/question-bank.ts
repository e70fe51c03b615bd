// The pulse questions as data (texts live in i18n under pulse.questions / pulse.scales). The core
// item is Folkhälsomyndigheten's self-rated health question, asked in every pulse so results compare
// with the national survey; the others rotate, one per pulse (DESIGN.md, "Pulse").
import { z } from "zod/v4";

const ScaleSchema = z.object({
  /** Values in the order the card shows them; stored as given. */
  values: z.array(z.number().int().min(1).max(9)).min(2).max(5),
  /** Values that count as "good or better" (only the health scale has them). */
  goodValues: z.array(z.number().int()).default([]),
});

const QuestionSchema = z.object({
  scale: z.enum(["health5", "yesNo", "frequency5"]),
  core: z.boolean().default(false),
});

const QuestionBankSchema = z
  .object({
    scales: z.record(z.enum(["health5", "yesNo", "frequency5"]), ScaleSchema),
    questions: z.record(z.string().regex(/^[a-z_]+$/), QuestionSchema),
    defaultRotation: z.array(z.string()),
  })
  .superRefine((bank, ctx) => {
    const cores = Object.entries(bank.questions).filter(([, q]) => q.core);
    if (cores.length !== 1) ctx.addIssue({ code: "custom", message: "exactly one core question" });
    for (const id of bank.defaultRotation) {
      if (!bank.questions[id] || bank.questions[id].core) ctx.addIssue({ code: "custom", message: `rotation: ${id} is not a rotating question` });
    }
  });

export const QUESTION_BANK = QuestionBankSchema.parse({
  scales: {
    // 1 = Mycket bra … 5 = Mycket dåligt, as Folkhälsomyndigheten codes it.
    health5: { values: [1, 2, 3, 4, 5], goodValues: [1, 2] },
    yesNo: { values: [1, 2] }, // 1 = Ja, 2 = Nej
    frequency5: { values: [1, 2, 3, 4, 5] }, // 1 = Aldrig … 5 = Alltid
  },
  questions: {
    self_rated_health: { scale: "health5", core: true },
    presenteeism: { scale: "yesNo" },
    work_environment_problems: { scale: "yesNo" },
    workload: { scale: "frequency5" },
    recovery: { scale: "frequency5" },
  },
  defaultRotation: ["presenteeism", "work_environment_problems", "workload", "recovery"],
});

export type QuestionId = string;
export const CORE_QUESTION_ID: QuestionId = Object.entries(QUESTION_BANK.questions).find(([, q]) => q.core)![0];
export const MAX_QUESTIONS_PER_PULSE = 3;

export function isRotatingQuestion(id: string): boolean {
  const question = QUESTION_BANK.questions[id];
  return !!question && !question.core;
}

export function scaleOf(questionId: QuestionId) {
  const question = QUESTION_BANK.questions[questionId];
  if (!question) throw new Error(`unknown question ${questionId}`);
  return { name: question.scale, ...QUESTION_BANK.scales[question.scale]! };
}

export function isValidAnswer(questionId: QuestionId, value: number): boolean {
  const question = QUESTION_BANK.questions[questionId];
  return !!question && QUESTION_BANK.scales[question.scale]!.values.includes(value);
}

/**
 * The questions of the n-th pulse of a schedule: the core item first, then `perPulse` rotating
 * items taken in turn from the schedule's rotation (at most three questions in all).
 */
export function chooseQuestions(rotation: string[], sequence: number, perPulse = 1): QuestionId[] {
  const usable = rotation.filter(isRotatingQuestion);
  const count = Math.min(perPulse, usable.length, MAX_QUESTIONS_PER_PULSE - 1);
  const picked: QuestionId[] = [];
  for (let i = 0; i < count; i++) picked.push(usable[(sequence * count + i) % usable.length]!);
  return [CORE_QUESTION_ID, ...new Set(picked)];
}
