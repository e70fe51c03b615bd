// `pulsschema` / `schedule` (HR partners): show and change the pulse schedule of the units they
// support. The unit and the role are checked against the database on save, never taken from the card.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { MessageFactory, type TurnContext } from "botbuilder";
import { changeSchedule, listHrPartnerUnits, readEffectiveSchedule, ScheduleChangeSchema } from "../../domain/pulse/change-schedule.js";
import { ensureDefaultSchedule } from "../../domain/pulse/pulse-schedules.js";
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { scheduleCardJson } from "../cards/schedule-card.js";
import { identifySender } from "../identify-sender.js";
import type { ChatCommand } from "../chat-commands.js";
import type { BotDeps } from "../bot-deps.js";

export const scheduleCommand: ChatCommand = {
  id: "schedule",
  words: { sv: "pulsschema", en: "schedule", aliases: ["schema"] },
  roles: ["hr_partner"],
  run: async (ctx, sender, deps) => {
    await ensureDefaultSchedule(deps.db, deps.clock.now());
    for (const unit of await listHrPartnerUnits(deps.db, sender.person!.id)) {
      const schedule = await readEffectiveSchedule(deps.db, unit.id);
      if (schedule) await ctx.sendActivity(MessageFactory.attachment({ contentType: "application/vnd.microsoft.card.adaptive", content: scheduleCardJson(schedule, sender.locale) }));
    }
  },
};

export function registerScheduleActions(app: Application, deps: BotDeps): void {
  app.adaptiveCards.actionExecute("schedule.save", async (ctx, _state, data) => (await saveSchedule(ctx, deps, data)) as never);
  app.adaptiveCards.actionSubmit("schedule.save", async (ctx, _state, data) => {
    const card = await saveSchedule(ctx, deps, data);
    await ctx.sendActivity({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] });
  });
}

async function saveSchedule(ctx: TurnContext, deps: BotDeps, data: unknown): Promise<Record<string, unknown>> {
  const sender = await identifySender(ctx, deps);
  const t = translatorFor(sender.locale);
  const { verb: _verb, msteams: _msteams, ...fields } = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const parsed = ScheduleChangeSchema.safeParse(fields);
  if (!sender.person || !parsed.success) {
    deps.logger.warn({ event: "schedule.refused", reason: "malformed" }, "schedule change refused");
    return renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [t("schedule.invalid")] }).content as Record<string, unknown>;
  }
  const result = await changeSchedule(deps.db, sender.person.id, parsed.data, deps.clock.now());
  deps.logger.info({ event: "schedule.change", outcome: result.ok ? "saved" : result.reason }, "schedule change");
  if (!result.ok) return renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [t("schedule.notHrPartner")] }).content as Record<string, unknown>;
  return scheduleCardJson(result.schedule, sender.locale, true);
}
