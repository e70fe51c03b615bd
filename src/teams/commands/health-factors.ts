// `friskfaktorer` / `healthfactors`: HR partners get the start form and the overview of their rounds;
// chef and skyddsombud their units' latest closed round; a huvudskyddsombud or regionalt
// skyddsombud those of the units they stand in for. The card verbs are in verbs/hf-*.ts.
// The person, their roles and their units come from the database.
import { depthsWithin, listHrScopeUnits } from "../../domain/health-factors/round-units.js";
import { listLatestClosedRoundUnits } from "../../domain/health-factors/latest-closed-rounds.js";
import { readRoundOverviews } from "../../domain/health-factors/round-overview.js";
import { readRoundResponses } from "../../domain/aggregates/read-hf-profile.js";
import { translatorFor } from "../../i18n/index.js";
import { hfOverviewCardJson, hfStartCardJson } from "../cards/health-factor-cards.js";
import { toCardAttachment } from "../cards/card-attachment.js";
import { renderUnitCardFor } from "../health-factor-presenter.js";
import { recordAggregateViews } from "../../domain/aggregates/record-view.js";
import type { ChatCommand } from "../chat-commands.js";

export const healthFactorsCommand: ChatCommand = {
  id: "healthFactors",
  words: { sv: "friskfaktorer", en: "healthfactors", aliases: ["friskfaktor", "health factors", "hälsofaktorer"] },
  roles: ["manager", "safety_rep", "senior_safety_rep", "regional_safety_rep", "hr_partner"],
  run: async (turn, sender, deps) => {
    const person = sender.person!;
    const tz = person.timeZone;
    const scope = await listHrScopeUnits(deps.db, person.id);
    if (scope.length > 0) {
      const depth = depthsWithin(scope);
      await turn.reply(
        toCardAttachment(
          hfStartCardJson(
            scope.map((u) => ({ id: u.id, name: u.name, depth: depth.get(u.id) ?? 0 })),
            sender.locale,
          ),
        ),
      );
      const rounds = await readRoundOverviews(deps.db, person.id);
      const responses = await readRoundResponses(
        deps.db,
        rounds.map((r) => r.round.id),
        deps.minGroupSize,
      );
      await turn.reply(toCardAttachment(hfOverviewCardJson(rounds, responses, { locale: sender.locale, k: deps.minGroupSize, timeZone: tz })));
    }
    let shown = 0;
    for (const unit of await listLatestClosedRoundUnits(deps.db, person.id)) {
      const card = await renderUnitCardFor(deps, { ...unit, personId: person.id, locale: sender.locale, timeZone: tz });
      if (card) {
        // The unit's profile, asked for in chat: audited like `resultat`.
        await recordAggregateViews(deps.db, [
          { actorId: person.id, unitId: unit.unitId, pulseId: unit.roundId, view: "hfProfile", via: "command", at: deps.clock.now() },
        ]);
        await turn.reply(toCardAttachment(card));
        shown++;
      }
    }
    if (shown === 0 && scope.length === 0) await turn.reply(translatorFor(sender.locale)("healthFactors.none"));
  },
};
