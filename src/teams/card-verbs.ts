// The one table of card verbs: each verb's name, what the card builders put in its data, and the
// schema its handler validates (that data plus the card's inputs). Card builders (cards/*.ts) make
// action data with actionData(), so a card cannot send a verb or a field its handler does not know;
// the handlers (verbs/*.ts) get the data already parsed by parseVerbData(). Everything in card data
// is untrusted: the person, their roles and their units always come from the database.
import { z } from "zod/v4";
import { FACTOR_IDS } from "../domain/health-factors/catalogue.js";
import { ScheduleChangeSchema } from "../domain/pulse/change-schedule.js";
import { UnitPauseChangeSchema } from "../domain/pulse/unit-pauses.js";

const pulse = { pulseId: z.uuid() };
const pulseAnswer = { ...pulse, questionId: z.string().regex(/^[a-z_]{1,40}$/), value: z.number().int().min(0).max(9) };
const pulseContact = { ...pulse, wanted: z.boolean() };
/** Universal Actions refresh of a pulse card: which pulse, and whether the card is the reminder (its title). */
const pulseRefresh = { ...pulse, reminder: z.boolean().optional() };

const cases = { caseId: z.uuid(), caseIds: z.array(z.uuid()).min(1).max(50) };
/** A case card's inputs are named `<field>_<slot>`; only the acted-on slot's own input is read. */
const caseWithInputs = { ...cases, slot: z.number().int().min(0).max(99) };
const caseInputs = z.string().max(40);

const round = { roundId: z.uuid() };
const roundUnit = { ...round, unitId: z.string().min(1).max(64) };
const commaList = z
  .string()
  .max(400)
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );
const factorRatings = Object.fromEntries(FACTOR_IDS.map((id) => [id, z.string().max(2)])) as Record<string, z.ZodType>;
/** One tap on the rating card: one factor's value ("1".."5" or "dk"). */
const oneRating = { ...round, factorId: z.enum(FACTOR_IDS), value: z.string().max(2) };
/** An activity's buttons: its inputs are named `<field>_<slot>`; only the acted-on slot's are read. */
const activityChange = { activityId: z.uuid(), slot: z.number().int().min(0).max(99), kind: z.enum(["done", "postpone", "edit"]) };
/**
 * The unit card's activity inputs (`dueDate_3`, `what_3`, `owner_3`) may come along with any of its
 * buttons (Teams sends the card's inputs): gathered into `inputs`, strings only. Any other extra key
 * is still refused by the strict schema.
 */
const newActivityForm = {
  factorId: z.string().max(40).optional(),
  what: z.string().max(300).optional(),
  owner: z.string().max(120).optional(),
  dueDate: z.string().max(10).optional(),
};
const SLOT_INPUT = /^(dueDate|what|owner)_\d{1,2}$/;
const slotInputs = z.record(z.string().regex(SLOT_INPUT), z.string().max(300)).optional();
const withSlotInputs = <T extends z.ZodType>(schema: T) =>
  z.preprocess((raw) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
    // fromEntries: own properties only (a "__proto__" key stays a key the strict schema refuses).
    const entries = Object.entries(raw);
    const rest = Object.fromEntries(entries.filter(([k]) => !SLOT_INPUT.test(k)));
    const inputs = entries.filter(([k]) => SLOT_INPUT.test(k));
    return inputs.length > 0 ? Object.assign(rest, { inputs: Object.fromEntries(inputs) }) : rest;
  }, schema);

/** card: what the card carries (builders); data: what the handler accepts (card data and inputs, strict). */
export const CARD_VERBS = {
  "pulse.answer": { card: z.object(pulseAnswer), data: z.strictObject(pulseAnswer) },
  "pulse.contact": { card: z.object(pulseContact), data: z.strictObject(pulseContact) },
  "pulse.refresh": { card: z.object(pulseRefresh), data: z.strictObject(pulseRefresh) },
  "schedule.save": { card: z.object({ unitId: z.string() }), data: ScheduleChangeSchema },
  "schedule.pause": { card: z.object({ unitId: z.string() }), data: UnitPauseChangeSchema },
  "nudge.plan": { card: z.object(caseWithInputs), data: z.strictObject(caseWithInputs).catchall(caseInputs) },
  "nudge.done": { card: z.object(cases), data: z.strictObject(cases) },
  "nudge.dismiss": { card: z.object(caseWithInputs), data: z.strictObject(caseWithInputs).catchall(caseInputs) },
  "hf.start": { card: z.object({}), data: z.strictObject({ unitIds: commaList, windowDays: z.coerce.number().int() }) },
  // One tap per factor (the card since issue 16); all eight at once from cards sent before it.
  "hf.rate": { card: z.object(oneRating), data: z.union([z.strictObject(oneRating), z.strictObject({ ...round, ...factorRatings })]) },
  "hf.propose": { card: z.object(roundUnit), data: z.strictObject({ ...roundUnit, proposal: commaList }) },
  "hf.confirm": {
    card: z.object({ ...roundUnit, factorIds: z.array(z.string()) }),
    data: z.strictObject({ ...roundUnit, factorIds: z.array(z.string().max(40)).max(3) }),
  },
  "hf.activity": {
    card: z.object(roundUnit),
    data: withSlotInputs(
      z.strictObject({
        ...roundUnit,
        factorId: z.string().max(40),
        what: z.string().max(300),
        owner: z.string().max(120),
        dueDate: z.string().max(10),
        inputs: slotInputs,
      }),
    ),
  },
  "hf.activityChange": {
    card: z.object(activityChange),
    // The new-activity form's inputs come along from the unit card too (ignored).
    data: withSlotInputs(z.strictObject({ ...activityChange, ...newActivityForm, inputs: slotInputs })),
  },
} as const;

export type CardVerb = keyof typeof CARD_VERBS;
export const CARD_VERB_NAMES = Object.keys(CARD_VERBS) as CardVerb[];
/** What a card builder puts in the action's data (without the verb). */
export type VerbCardData<V extends CardVerb> = z.input<(typeof CARD_VERBS)[V]["card"]>;
/** What the verb's handler gets, validated. */
export type VerbData<V extends CardVerb> = z.output<(typeof CARD_VERBS)[V]["data"]>;

/**
 * The data of an Action.Execute and of its Action.Submit fallback: the verb is in the data too,
 * since Action.Submit (older clients) has no verb of its own and teams-ai routes it by `data.verb`.
 */
export function actionData<V extends CardVerb>(verb: V, data: VerbCardData<V>): { verb: V } & VerbCardData<V> {
  return { verb, ...data };
}

/**
 * The card data a verb's handler gets: Teams' own keys (msteams) and the verb (already routed on)
 * removed, then the verb's strict schema. undefined = malformed (the handler refuses it).
 */
export function parseVerbData<V extends CardVerb>(verb: V, raw: unknown): VerbData<V> | undefined {
  const parsed = CARD_VERBS[verb].data.safeParse(withoutEnvelope(raw));
  return parsed.success ? (parsed.data as VerbData<V>) : undefined;
}

function withoutEnvelope(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const { msteams: _m, verb: _v, ...rest } = data as Record<string, unknown>;
  return rest;
}
