// `resultat` / `results`: the latest summary of every unit the sender leads (chef, skyddsombud)
// and the overview of every subtree they support (HR-partner). Units come from the sender's
// roles in the database; the chat text cannot name a unit. Every card shown is audited.
import { translatorFor } from "../../i18n/index.js";
import { findLatestPulseFor, readUnitSummary } from "../../domain/aggregates/read-unit-summary.js";
import { readSubtreeOverview } from "../../domain/aggregates/read-subtree-overview.js";
import { listHrSubtreeRoots, listLedUnits } from "../../domain/aggregates/viewer-scope.js";
import { recordAggregateViews, type AggregateView } from "../../domain/aggregates/record-view.js";
import { overviewCardJson, summaryCardJson } from "../cards/summary-card.js";
import { readAreaReach } from "../../domain/reach/read-reach.js";
import { renderCard } from "../cards/render-card.js";
import { toCardAttachment } from "../cards/card-attachment.js";
import type { ChatCommand } from "../chat-commands.js";

export const resultsCommand: ChatCommand = {
  id: "results",
  words: { sv: "resultat", en: "results", aliases: ["resultaten", "result"] },
  helpRoles: ["manager", "safety_rep", "hr_partner"],
  run: async (turn, sender, deps) => {
    const t = translatorFor(sender.locale);
    const person = sender.person;
    const [led, hr] = person ? await Promise.all([listLedUnits(deps.db, person.id), listHrSubtreeRoots(deps.db, person.id)]) : [[], []];
    if (!person || led.length + hr.length === 0) {
      await turn.reply(renderCard("notice", { title: t("results.overviewTitle", { unit: "Friskpuls" }), paragraphs: [t("results.noUnits")] }));
      return;
    }
    const now = deps.clock.now();
    const options = { locale: sender.locale, k: deps.minGroupSize, timeZone: person.timeZone };
    const views: AggregateView[] = [];
    const none = (unit: { name: string }) =>
      turn.reply(renderCard("notice", { title: t("results.title", { unit: unit.name }), paragraphs: [t("results.none", { unit: unit.name })] }));
    for (const unit of led) {
      const pulseId = await findLatestPulseFor(deps.db, unit.id);
      const summary = pulseId && (await readUnitSummary(deps.db, { unitId: unit.id, pulseId, now, k: deps.minGroupSize }));
      if (!pulseId || !summary) {
        await none(unit);
        continue;
      }
      await turn.reply(toCardAttachment(summaryCardJson(summary, options)));
      views.push({ actorId: person.id, unitId: unit.id, pulseId, view: "unitSummary", via: "command", at: now });
    }
    for (const root of hr) {
      const pulseId = await findLatestPulseFor(deps.db, root.id);
      const overview = pulseId && (await readSubtreeOverview(deps.db, { rootUnitId: root.id, pulseId, k: deps.minGroupSize, viewerId: person.id }));
      if (!pulseId || !overview) {
        await none(root);
        continue;
      }
      await turn.reply(toCardAttachment(overviewCardJson(overview, options, await readAreaReach(deps.db, root.id))));
      views.push({ actorId: person.id, unitId: root.id, pulseId, view: "subtreeOverview", via: "command", at: now });
    }
    await recordAggregateViews(deps.db, views);
  },
};
