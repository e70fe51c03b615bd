// The tab's JSON API contract (issue 17): every response is parsed by these schemas before it
// leaves the server, and /api/tab/openapi.json is generated from them. A figure is either released
// (with its value) or withheld with the release rules' reason — never a raw number below k.
import { z } from "zod/v4";
import { ActivityChangeSchema, ActivityInputSchema } from "../../domain/priorities/activities.js";

export const ReasonSchema = z.enum(["fewerThanK", "differencing"]).describe("Why the release rules withheld the figure");

/** A figure that went through the release rules (src/domain/aggregates). */
export function figure<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion("released", [z.object({ released: z.literal(true), value }), z.object({ released: z.literal(false), reason: ReasonSchema })]);
}

export const RoleSchema = z.enum(["member", "manager", "safety_rep", "senior_safety_rep", "regional_safety_rep", "hr_partner"]);
export const LocaleSchema = z.enum(["sv-SE", "en-US"]);
const IsoDateTime = z.string().describe("ISO 8601 date-time (UTC)");
const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("Calendar day, YYYY-MM-DD");
const UnitRef = z.object({ id: z.string(), name: z.string() });

/** How the caller relates to a unit they may see: decides what the unit page shows. */
export const RelationSchema = z.enum(["member", "manager", "safety_rep", "stand_in", "hr_partner"]);

export const MeResponseSchema = z.object({
  person: z.object({ id: z.string(), name: z.string(), locale: LocaleSchema }),
  roles: z.array(RoleSchema),
  /** Every unit the caller may open, with why; HR partners' whole areas included. */
  units: z.array(UnitRef.extend({ relation: RelationSchema, parentId: z.string().nullable(), depth: z.number().int().min(0) })),
  /** Roots of the areas the caller has an overview of (HR partners); empty for others. */
  areas: z.array(UnitRef),
  /** The rules the page tells a member about (docs/privacy.md): group size and how long data is kept. */
  privacy: z.object({ minGroupSize: z.number().int(), answerRetentionMonths: z.number().int(), absenceRetentionMonths: z.number().int() }),
});

export const QuestionFiguresSchema = z.object({
  respondents: z.number().int(),
  invited: z.number().int().nullable(),
  distribution: z.array(z.object({ values: z.array(z.number().int()), count: z.number().int(), pct: z.number() })),
  merged: z.boolean(),
  sharePct: z.number().nullable(),
});

export const ScaleSchema = z.object({
  options: z.array(z.object({ value: z.number().int(), label: z.string() })),
  /** Values counted as "good or better"; empty for scales without a good line. */
  goodValues: z.array(z.number().int()),
});

export const QuestionSeriesSchema = z.object({
  questionId: z.string(),
  text: z.string(),
  scale: ScaleSchema,
  /** Every summarised pulse that asked this question of the unit, oldest first; withheld ones keep their place. */
  pulses: z.array(z.object({ pulseId: z.string(), dueAt: IsoDateTime, figure: figure(QuestionFiguresSchema) })),
  /** Change of the share (percentage points) between the last two released pulses; null: fewer than two. */
  change: figure(z.number()).nullable(),
});

export const FactorRowSchema = z.object({
  factorId: z.string(),
  name: z.string(),
  current: figure(
    z.object({
      mean: z.number(),
      rated: z.number().int(),
      dontKnow: z.number().int(),
      distribution: z.array(z.object({ value: z.number().int(), count: z.number().int() })).nullable(),
    }),
  ).nullable(),
  previous: figure(z.object({ mean: z.number(), rated: z.number().int() })).nullable(),
});

export const ActivitySchema = z.object({
  id: z.string(),
  factorId: z.string(),
  what: z.string(),
  owner: z.string(),
  dueDate: IsoDay,
  status: z.enum(["planned", "done", "postponed"]),
  overdue: z.boolean(),
  /** The first due date of a postponed activity; null otherwise. */
  originalDueDate: IsoDay.nullable(),
  /** The day it was marked done (Swedish time); null until then. */
  doneOn: IsoDay.nullable(),
});

export const UnitResponseSchema = z.object({
  unit: UnitRef.extend({ path: z.array(UnitRef).describe("Ancestors, root first") }),
  relation: RelationSchema,
  generatedAt: IsoDateTime,
  /** The latest summarised pulse for the unit; null before the first. */
  latestPulse: z.object({ id: z.string(), dueAt: IsoDateTime, closesAt: IsoDateTime }).nullable(),
  questions: z.array(QuestionSeriesSchema),
  target: z
    .object({
      year: z.number().int(),
      baselineYear: z.number().int(),
      targetPp: z.number(),
      baselinePct: z.number().nullable(),
      currentPct: z.number().nullable(),
    })
    .nullable(),
  healthFactors: z
    .object({
      round: z.object({ id: z.string(), closesAt: IsoDateTime }),
      previousRound: z.object({ id: z.string(), closesAt: IsoDateTime }).nullable(),
      respondents: figure(z.number().int()),
      factors: z.array(FactorRowSchema),
      priorities: z.object({
        agreed: z.object({ factorIds: z.array(z.string()), at: IsoDateTime, by: z.array(z.object({ name: z.string(), role: z.string() })) }).nullable(),
        proposal: z.object({ factorIds: z.array(z.string()), byName: z.string(), at: IsoDateTime }).nullable(),
      }),
      activities: z.array(ActivitySchema),
      /** Whether the caller is one of the two parties (may propose, agree, and change activities). */
      canEdit: z.boolean(),
    })
    .nullable(),
  /** The caller's own open early-signal cases in this unit (chef only; names as on the chef's card). */
  cases: z
    .array(
      z.object({
        id: z.string(),
        signal: z.string(),
        status: z.enum(["open", "planned", "done", "not_relevant"]),
        subjectName: z.string().nullable(),
        openedAt: IsoDateTime,
        plannedFor: IsoDay.nullable(),
        escalated: z.boolean(),
      }),
    )
    .nullable(),
});

export const SickLeaveFiguresSchema = z.object({
  employees: z.number().int(),
  /** Share (%) of employees with more than NUDGE_SICK_LEAVE_OCCASIONS occasions in the last 12 months. */
  repeatedSharePct: z.number(),
  occasionsPerEmployee: z.number(),
  /** Occasions of at most 14 calendar days vs longer. */
  shortOccasions: z.number().int(),
  longOccasions: z.number().int(),
});

export const OverviewRowSchema = z.object({
  unit: UnitRef,
  depth: z.number().int().min(0),
  parentId: z.string().nullable(),
  /** Heatmap: one figure per question of the area's latest pulse, in `questions` order. */
  cells: z.array(figure(z.object({ sharePct: z.number().nullable(), respondents: z.number().int() }))),
  change: figure(z.number()).nullable(),
  participation: figure(z.number()).nullable(),
  needs: z.array(z.enum(["escalatedCases", "falling", "lowShare", "lowParticipation", "openCases"])),
  /** Omtankessamtal and other early-signal cases of the unit: counts only, no names. */
  cases: z.object({ opened: z.number().int(), planned: z.number().int(), done: z.number().int(), escalated: z.number().int() }),
  round: z.object({ state: z.enum(["none", "collecting", "closed"]), prioritiesAgreed: z.boolean(), overdueActivities: z.number().int() }),
  sickLeave: figure(SickLeaveFiguresSchema).nullable(),
});

export const OverviewResponseSchema = z.object({
  generatedAt: IsoDateTime,
  areas: z.array(
    z.object({
      root: UnitRef,
      pulse: z.object({ id: z.string(), dueAt: IsoDateTime, closesAt: IsoDateTime }).nullable(),
      /** The heatmap's columns: the pulse's questions that have a good line (share good or better). */
      questions: z.array(z.object({ questionId: z.string(), text: z.string() })),
      /** The pulse's other questions (no good line, so no share): their figures are on each unit's page. */
      otherQuestions: z.array(z.object({ questionId: z.string(), text: z.string() })),
      total: figure(z.object({ sharePct: z.number().nullable(), respondents: z.number().int() })).nullable(),
      /** The day the rows' sick-leave statistics are counted to (monthly snapshot, "per 1 december"); null before the first. */
      sickLeaveAsOf: IsoDay.nullable(),
      /** Every unit of the area, ranked by need (strongest first). */
      rows: z.array(OverviewRowSchema),
    }),
  ),
});

// Requests of the two parties (issue 17): the same steps as on the friskfaktor cards.
const RoundIdSchema = z.uuid().describe("The friskfaktor round; default: the unit's latest closed round (the one its page shows)");

export const PriorityActionSchema = z.strictObject({
  action: z.enum(["propose", "confirm"]).describe("propose: put 1–3 factors on the table (or counter-propose); confirm: agree to the other side's proposal"),
  factorIds: z.array(z.string().max(40)).min(1).max(3).describe("confirm: exactly the set on the table, as the page showed it"),
  roundId: RoundIdSchema.optional(),
});

export const ActivityAddSchema = ActivityInputSchema.extend({ roundId: RoundIdSchema.optional() });
export { ActivityChangeSchema };

export const ActionResponseSchema = z.object({
  ok: z.literal(true),
  /** Priorities: whether this step agreed them. */
  agreed: z.boolean().optional(),
  /** A new activity's id. */
  activityId: z.string().optional(),
});

export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string().optional() });

export type MeResponse = z.infer<typeof MeResponseSchema>;
export type UnitResponse = z.infer<typeof UnitResponseSchema>;
export type OverviewResponse = z.infer<typeof OverviewResponseSchema>;
export type ActionResponse = z.infer<typeof ActionResponseSchema>;
