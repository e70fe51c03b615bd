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

const SCALE_NAMES = ["health5", "yesNo", "frequency5", "agree5"] as const;

const QuestionSchema = z.object({
  scale: z.enum(SCALE_NAMES),
  core: z.boolean().default(false),
});

const QuestionBankSchema = z
  .object({
    scales: z.record(z.enum(SCALE_NAMES), ScaleSchema),
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
    // SKR's HME items: 1 = Stämmer mycket dåligt … 5 = Stämmer mycket bra, shown agreeing first.
    agree5: { values: [5, 4, 3, 2, 1] },
  },
  questions: {
    self_rated_health: { scale: "health5", core: true },
    presenteeism: { scale: "yesNo" },
    work_environment_problems: { scale: "yesNo" },
    workload: { scale: "frequency5" },
    recovery: { scale: "frequency5" },
    // Hållbart medarbetarengagemang (SKR, HME): motivation, ledarskap, styrning, three items each.
    hme_meaningful: { scale: "agree5" },
    hme_learning: { scale: "agree5" },
    hme_look_forward: { scale: "agree5" },
    hme_appreciation: { scale: "agree5" },
    hme_trust: { scale: "agree5" },
    hme_responsibility: { scale: "agree5" },
    hme_goals_known: { scale: "agree5" },
    hme_expectations: { scale: "agree5" },
    hme_goals_followed_up: { scale: "agree5" },
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

/**
 * Optional question packs an HR partner can choose per schedule (issue 16). A pack replaces the
 * schedule's rotation; the core item stays first and a pulse still has at most three questions,
 * so a pack's items come `perPulse` at a time (HME: two of nine per pulse, all nine in five pulses;
 * Karolinska: both KI items in every pulse). Answers are released like every other question.
 */
export const QUESTION_PACKS = {
  hme: {
    items: [
      "hme_meaningful",
      "hme_learning",
      "hme_look_forward",
      "hme_appreciation",
      "hme_trust",
      "hme_responsibility",
      "hme_goals_known",
      "hme_expectations",
      "hme_goals_followed_up",
    ],
    perPulse: 2,
  },
  karolinska: { items: ["presenteeism", "work_environment_problems"], perPulse: 2 },
} as const satisfies Record<string, { items: readonly string[]; perPulse: number }>;
export type QuestionPack = keyof typeof QUESTION_PACKS;
export const QUESTION_PACK_IDS = Object.keys(QUESTION_PACKS) as QuestionPack[];

export function isQuestionPack(id: string | null | undefined): id is QuestionPack {
  return !!id && Object.hasOwn(QUESTION_PACKS, id);
}

/** The pack a question comes from (the KI items are in the standard rotation too, and say where they come from there as well). */
export function packOfQuestion(questionId: QuestionId): QuestionPack | null {
  return QUESTION_PACK_IDS.find((pack) => (QUESTION_PACKS[pack].items as readonly string[]).includes(questionId)) ?? null;
}

/** The questions of the n-th pulse of a schedule with this pack (or the schedule's own rotation). */
export function chooseScheduleQuestions(rotation: string[], pack: QuestionPack | null, sequence: number): QuestionId[] {
  if (!pack) return chooseQuestions(rotation, sequence);
  return chooseQuestions([...QUESTION_PACKS[pack].items], sequence, QUESTION_PACKS[pack].perPulse);
}
