// Cases in chat: `ärenden`/`cases` lists the sender's open cases (and, for HR partners, those
// escalated to them); the card verbs nudge.plan, nudge.done and nudge.dismiss answer one case and
// return the same card refreshed (Action.Execute in place; Action.Submit fallback updates it).
// The case's owner comes from the database: a caseId from another person's card changes nothing.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { MessageFactory, type TurnContext } from "botbuilder";
import { z } from "zod/v4";
import { completeCase, dismissCase, planCase, type CaseActionResult } from "../../domain/nudges/case-actions.js";
import { listCasesOf, listEscalatedCasesFor, listOpenCasesOf } from "../../domain/nudges/list-cases.js";
import { translatorFor } from "../../i18n/index.js";
import { recordAudit } from "../../domain/records/audit.js";
import { casesCardJson } from "../cards/case-cards.js";
import { renderCard } from "../cards/render-card.js";
import { identifySender, type Sender } from "../identify-sender.js";
import type { ChatCommand } from "../chat-commands.js";
import type { BotDeps } from "../bot-deps.js";
import { asAdaptive, registerCardVerbs, withoutEnvelope, type Card, type CardVerbHandler } from "./card-verbs.js";


const Base = { caseId: z.uuid(), caseIds: z.array(z.uuid()).min(1).max(50) };
/** Card data plus the inputs Teams sends with it (only the slot's own input is read). */
const PlanSchema = z.strictObject({ ...Base, slot: z.number().int().min(0).max(99) }).catchall(z.string().max(40));
const DoneSchema = z.strictObject(Base);


export const casesCommand: ChatCommand = {
  id: "cases",
  words: { sv: "ärenden", en: "cases", aliases: ["arenden", "ärende", "case"] },
  roles: ["manager", "hr_partner"],
  run: async (ctx, sender, deps) => {
    const person = sender.person!;
    const [own, escalated] = await Promise.all([listOpenCasesOf(deps.db, person.id), listEscalatedCasesFor(deps.db, person.id)]);
    const card = casesCardJson(own, { locale: sender.locale, timeZone: person.timeZone, now: deps.clock.now(), thresholds: deps.nudges, mode: "list" }, escalated.filter((c) => !own.some((o) => o.id === c.id)));
    deps.logger.info({ event: "cases.list", own: own.length, escalated: escalated.length }, "cases listed");
    // A case names the person it is about: who saw it is audited, like a view of figures.
    const shownIds = [...new Set([...own, ...escalated].map((c) => c.id))];
    for (const caseId of shownIds) await recordAudit(deps.db, { at: deps.clock.now(), actorId: person.id, action: "case.view", subjectType: "case", subjectId: caseId, detail: { via: "command" } });
    await ctx.sendActivity(MessageFactory.attachment(asAdaptive(card)));
  },
};

export function registerCaseActions(app: Application, deps: BotDeps): void {
  const handlers: Record<string, CardVerbHandler> = {
    "nudge.plan": (ctx, data) => handle(ctx, deps, data, "plan"),
    "nudge.done": (ctx, data) => handle(ctx, deps, data, "done"),
    "nudge.dismiss": (ctx, data) => handle(ctx, deps, data, "dismiss"),
  };
  registerCardVerbs(app, handlers);
}

async function handle(ctx: TurnContext, deps: BotDeps, data: unknown, action: "plan" | "done" | "dismiss"): Promise<Card> {
  const sender = await identifySender(ctx, deps);
  const t = translatorFor(sender.locale);
  const raw = withoutEnvelope(data);
  const parsed = action === "done" ? DoneSchema.safeParse(raw) : PlanSchema.safeParse(raw);
  if (!sender.person || !parsed.success) return refusal(deps, sender, action, "invalid");
  const now = deps.clock.now();
  const { caseId } = parsed.data;
  const input = (prefix: string) => ("slot" in parsed.data ? raw[`${prefix}_${parsed.data.slot}`] : undefined);
  let result: CaseActionResult;
  if (action === "plan") result = await planCase(deps.db, { caseId, actorId: sender.person.id, date: input("plannedFor"), now, timeZone: sender.person.timeZone });
  else if (action === "done") result = await completeCase(deps.db, { caseId, actorId: sender.person.id, now });
  else result = await dismissCase(deps.db, { caseId, actorId: sender.person.id, reason: input("reason"), now });
  // Outcome only: never whom the case is about.
  deps.logger.info({ event: `nudge.${action}`, outcome: result.ok ? "saved" : result.reason }, "case action");
  if (!result.ok && (result.reason === "notFound" || result.reason === "notOwner")) return refusal(deps, sender, action, result.reason);
  // The same cases as on the card, the sender's own only, as they stand now.
  const cases = await listCasesOf(deps.db, sender.person.id, parsed.data.caseIds);
  const notice = result.ok ? t(`nudges.saved.${action === "plan" ? "planned" : action === "done" ? "done" : "dismissed"}`) : t(`nudges.refused.${result.reason}`);
  return casesCardJson(cases, { locale: sender.locale, timeZone: sender.person.timeZone, now, thresholds: deps.nudges, mode: "list", notice });
}

function refusal(deps: BotDeps, sender: Sender, action: string, reason: string): Card {
  deps.logger.warn({ event: `nudge.${action}`, outcome: reason, known: !!sender.person }, "case action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("nudges.list.title"), paragraphs: [t(`nudges.refused.${reason}`)] }).content as Card;
}

