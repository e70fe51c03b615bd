// Friskfaktorer in chat: `friskfaktorer` (HR partners: start form and overview; chef, skyddsombud:
// their units' latest round), and the card verbs hf.start, hf.rate, hf.propose, hf.confirm,
// hf.activity — each as Action.Execute (card replaced in place) and the Action.Submit fallback.
// Payloads are strict; the person, their roles and their units come from the database.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { MessageFactory, type TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { FACTOR_IDS, parseRating, type FactorId, type Rating } from "../../domain/health-factors/catalogue.js";
import { startRound, StartRoundSchema } from "../../domain/health-factors/start-round.js";
import { recordRatings } from "../../domain/health-factors/record-ratings.js";
import { depthsWithin, listHrScopeUnits } from "../../domain/health-factors/round-units.js";
import { listLatestClosedRoundUnits } from "../../domain/health-factors/latest-closed-rounds.js";
import { readRoundOverviews } from "../../domain/health-factors/round-overview.js";
import { readRoundResponses } from "../../domain/aggregates/read-hf-profile.js";
import { confirmPriorities, proposePriorities } from "../../domain/priorities/agreement.js";
import { addActivity } from "../../domain/priorities/activities.js";
import { translatorFor } from "../../i18n/index.js";
import { hfOverviewCardJson, hfRatingCardJson, hfStartCardJson } from "../cards/health-factor-cards.js";
import { renderCard } from "../cards/render-card.js";
import { identifySender, type Sender } from "../identify-sender.js";
import { planUnitCards, renderUnitCardFor } from "../health-factor-presenter.js";
import { recordAggregateViews } from "../../domain/aggregates/record-view.js";
import type { ChatCommand } from "../chat-commands.js";
import type { BotDeps } from "../bot-deps.js";
import { asAdaptive, registerCardVerbs, withoutEnvelope, type Card, type CardVerbHandler } from "./card-verbs.js";

const ids = { roundId: z.uuid(), unitId: z.string().min(1).max(64) };
const commaList = z.string().max(400).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

const StartDataSchema = z.strictObject({ unitIds: commaList, windowDays: z.coerce.number().int() });
const RateDataSchema = z.strictObject({ roundId: z.uuid(), ...Object.fromEntries(FACTOR_IDS.map((id) => [id, z.string().max(2)])) } as Record<string, z.ZodType>);
const ProposeDataSchema = z.strictObject({ ...ids, proposal: commaList });
const ConfirmDataSchema = z.strictObject({ ...ids, factorIds: z.array(z.string().max(40)).max(3) });
const ActivityDataSchema = z.strictObject({ ...ids, factorId: z.string().max(40), what: z.string().max(300), owner: z.string().max(120), dueDate: z.string().max(10) });

export const healthFactorsCommand: ChatCommand = {
  id: "healthFactors",
  words: { sv: "friskfaktorer", en: "healthfactors", aliases: ["friskfaktor", "health factors", "hälsofaktorer"] },
  roles: ["manager", "safety_rep", "hr_partner"],
  run: async (ctx, sender, deps) => {
    const person = sender.person!;
    const tz = person.timeZone;
    const scope = await listHrScopeUnits(deps.db, person.id);
    if (scope.length > 0) {
      const depth = depthsWithin(scope);
      await ctx.sendActivity(MessageFactory.attachment(asAdaptive(hfStartCardJson(scope.map((u) => ({ id: u.id, name: u.name, depth: depth.get(u.id) ?? 0 })), sender.locale))));
      const rounds = await readRoundOverviews(deps.db, person.id);
      const responses = await readRoundResponses(deps.db, rounds.map((r) => r.round.id), deps.minGroupSize);
      await ctx.sendActivity(MessageFactory.attachment(asAdaptive(hfOverviewCardJson(rounds, responses, { locale: sender.locale, k: deps.minGroupSize, timeZone: tz }))));
    }
    let shown = 0;
    for (const unit of await listLatestClosedRoundUnits(deps.db, person.id)) {
      const card = await renderUnitCardFor(deps, { ...unit, personId: person.id, locale: sender.locale, timeZone: tz });
      if (card) {
        // The unit's profile, asked for in chat: audited like `resultat`.
        await recordAggregateViews(deps.db, [{ actorId: person.id, unitId: unit.unitId, pulseId: unit.roundId, view: "hfProfile", via: "command", at: deps.clock.now() }]);
        await ctx.sendActivity(MessageFactory.attachment(asAdaptive(card)));
        shown++;
      }
    }
    if (shown === 0 && scope.length === 0) await ctx.sendActivity(translatorFor(sender.locale)("healthFactors.none"));
  },
};

export function registerHealthFactorActions(app: Application, deps: BotDeps): void {
  const handlers: Record<string, CardVerbHandler> = {
    "hf.start": (ctx, data) => handleStart(ctx, deps, data),
    "hf.rate": (ctx, data) => handleRate(ctx, deps, data),
    "hf.propose": (ctx, data) => handleAgreement(ctx, deps, data, "propose"),
    "hf.confirm": (ctx, data) => handleAgreement(ctx, deps, data, "confirm"),
    "hf.activity": (ctx, data) => handleActivity(ctx, deps, data),
  };
  registerCardVerbs(app, handlers);
}

function refusal(deps: BotDeps, sender: Sender, event: string, reason: string): Card {
  deps.logger.warn({ event, outcome: reason, known: !!sender.person }, "health factor action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("healthFactors.refused.title"), paragraphs: [t(`healthFactors.refused.${reason}`)] }).content as Card;
}

async function handleStart(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<Card> {
  const sender = await identifySender(ctx, deps);
  const parsed = StartDataSchema.safeParse(withoutEnvelope(data));
  const input = parsed.success ? StartRoundSchema.safeParse(parsed.data) : undefined;
  if (!sender.person || !input?.success) return refusal(deps, sender, "hf.start", "malformed");
  const result = await startRound(deps.db, { actorId: sender.person.id, input: input.data, now: deps.clock.now() });
  deps.logger.info({ event: "hf.start", outcome: result.ok ? "started" : result.reason }, "health factor round");
  if (!result.ok) return refusal(deps, sender, "hf.start", result.reason);
  const t = translatorFor(sender.locale);
  const when = new Intl.DateTimeFormat(sender.locale, { dateStyle: "full", timeStyle: "short", timeZone: sender.person.timeZone }).format(result.closesAt);
  return renderCard("notice", { title: t("healthFactors.start.title"), paragraphs: [t("healthFactors.start.started", { units: result.units, recipients: result.recipients, when })] }).content as Card;
}

async function handleRate(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<Card> {
  const sender = await identifySender(ctx, deps);
  const parsed = RateDataSchema.safeParse(withoutEnvelope(data));
  if (!sender.person || !parsed.success) return refusal(deps, sender, "hf.rate", "malformed");
  const ratings = {} as Record<FactorId, Rating>;
  for (const id of FACTOR_IDS) {
    const rating = parseRating(parsed.data[id]);
    if (rating === undefined) return refusal(deps, sender, "hf.rate", "malformed");
    ratings[id] = rating;
  }
  const result = await recordRatings({ db: deps.db, secret: deps.answerTokenSecret, now: deps.clock.now(), personId: sender.person.id, roundId: String(parsed.data.roundId), ratings });
  // Outcome only: never a rating.
  deps.logger.info({ event: "hf.rate", outcome: result.ok ? "stored" : result.refusal }, "health factor ratings");
  const view = result.ok ? result.view : result.view;
  if (!view) return refusal(deps, sender, "hf.rate", result.ok ? "malformed" : result.refusal);
  return hfRatingCardJson(view, { locale: sender.locale, k: deps.minGroupSize, timeZone: sender.person.timeZone });
}

async function handleAgreement(ctx: TurnContext, deps: BotDeps, data: unknown, step: "propose" | "confirm"): Promise<Card> {
  const sender = await identifySender(ctx, deps);
  const parsed = step === "propose" ? ProposeDataSchema.safeParse(withoutEnvelope(data)) : ConfirmDataSchema.safeParse(withoutEnvelope(data));
  if (!sender.person || !parsed.success) return refusal(deps, sender, `hf.${step}`, "malformed");
  const { roundId, unitId } = parsed.data;
  const factorIds = "proposal" in parsed.data ? parsed.data.proposal : parsed.data.factorIds;
  const now = deps.clock.now();
  const args = { roundId, unitId, actorId: sender.person.id, factorIds, now };
  const result = step === "propose" ? await proposePriorities(deps.db, args) : await confirmPriorities(deps.db, args).catch(alreadyAgreedOnRace);
  deps.logger.info({ event: `hf.${step}`, outcome: result.ok ? (result.agreedNow ? "agreed" : "recorded") : result.reason }, "priorities");
  const t = translatorFor(sender.locale);
  if (!result.ok) {
    if (!result.state) return refusal(deps, sender, `hf.${step}`, result.reason);
    const card = await renderUnitCardFor(deps, { roundId, unitId, personId: sender.person.id, locale: sender.locale, timeZone: sender.person.timeZone, notice: t(`healthFactors.refused.${result.reason}`) });
    return card ?? refusal(deps, sender, `hf.${step}`, result.reason);
  }
  // Tell the other side (and, once agreed, everyone on both sides) with a fresh card.
  const { parties } = result.state;
  const others = result.agreedNow ? [...parties.chef, ...parties.second].filter((p) => p !== sender.person!.id) : parties.chef.includes(sender.person.id) ? parties.second : parties.chef;
  await planUnitCards(deps, { roundId, unitId, personIds: others, stage: `step${result.state.steps.length}`, now });
  return (await renderUnitCardFor(deps, { roundId, unitId, personId: sender.person.id, locale: sender.locale, timeZone: sender.person.timeZone }))!;
}

async function handleActivity(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<Card> {
  const sender = await identifySender(ctx, deps);
  const parsed = ActivityDataSchema.safeParse(withoutEnvelope(data));
  if (!sender.person || !parsed.success) return refusal(deps, sender, "hf.activity", "malformed");
  const { roundId, unitId, ...input } = parsed.data;
  const result = await addActivity(deps.db, { roundId, unitId, actorId: sender.person.id, input, now: deps.clock.now(), timeZone: sender.person.timeZone });
  deps.logger.info({ event: "hf.activity", outcome: result.ok ? "added" : result.reason }, "priority activity");
  const t = translatorFor(sender.locale);
  const notice = result.ok ? t("healthFactors.activities.added") : t(`healthFactors.refused.${result.reason}`);
  const card = await renderUnitCardFor(deps, { roundId, unitId, personId: sender.person.id, locale: sender.locale, timeZone: sender.person.timeZone, notice });
  return card ?? refusal(deps, sender, "hf.activity", result.ok ? "notParty" : result.reason);
}

/** Two confirmations at once: the database keeps one agreement; the second reads as agreed. */
function alreadyAgreedOnRace(error: unknown): { ok: false; reason: "alreadyAgreed"; state?: undefined } {
  if ((error as { code?: string }).code === "P2002") return { ok: false, reason: "alreadyAgreed" };
  throw error;
}
