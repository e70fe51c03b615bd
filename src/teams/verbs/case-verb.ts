// What nudge.plan, nudge.done and nudge.dismiss share: answer one case and return the same cases
// card refreshed. Who may act comes from the database (the owner, or an HR partner the case was
// escalated to): a caseId from another person's card changes nothing.
import { completeCase, dismissCase, planCase, type CaseActionResult } from "../../domain/nudges/case-actions.js";
import { listCasesFor } from "../../domain/nudges/list-cases.js";
import { translatorFor } from "../../i18n/index.js";
import { casesCardJson } from "../cards/case-cards.js";
import { renderCard } from "../cards/render-card.js";
import { cardVerbRoute, type CardVerbRoute } from "../routes.js";
import type { Sender } from "../identify-sender.js";
import type { BotDeps } from "../bot-deps.js";
import type { Card } from "../turn.js";

type CaseVerb = "nudge.plan" | "nudge.done" | "nudge.dismiss";
type CaseAction = "plan" | "done" | "dismiss";

export function caseVerbRoute<V extends CaseVerb>(verb: V, action: CaseAction): CardVerbRoute<V> {
  const route = cardVerbRoute<CaseVerb>({
    verb,
    handle: async (turn, data, deps) => {
      const sender = await turn.sender();
      const t = translatorFor(sender.locale);
      if (!sender.person || !data) return refusal(deps, sender, action, "invalid");
      const now = deps.clock.now();
      const { caseId } = data;
      // The slot's own input (`plannedFor_3`, `reason_3`): kept by the schema's catchall.
      const input = (prefix: string) => ("slot" in data ? (data as Record<string, unknown>)[`${prefix}_${data.slot}`] : undefined);
      let result: CaseActionResult;
      if (action === "plan")
        result = await planCase(deps.db, { caseId, actorId: sender.person.id, date: input("plannedFor"), now, timeZone: sender.person.timeZone });
      else if (action === "done") result = await completeCase(deps.db, { caseId, actorId: sender.person.id, now });
      else result = await dismissCase(deps.db, { caseId, actorId: sender.person.id, reason: input("reason"), now });
      // Outcome only: never whom the case is about.
      deps.logger.info({ event: `nudge.${action}`, outcome: result.ok ? "saved" : result.reason }, "case action");
      if (!result.ok && (result.reason === "notFound" || result.reason === "notOwner")) return refusal(deps, sender, action, result.reason);
      // The same cases as on the card, only those the sender may still see, as they stand now.
      const { own, escalated } = await listCasesFor(deps.db, sender.person.id, data.caseIds);
      const notice = result.ok
        ? t(`nudges.saved.${action === "plan" ? "planned" : action === "done" ? "done" : "dismissed"}`)
        : t(`nudges.refused.${result.reason}`);
      return casesCardJson(own, { locale: sender.locale, timeZone: sender.person.timeZone, now, thresholds: deps.nudges, mode: "list", notice }, escalated);
    },
  });
  return route as CardVerbRoute<V>;
}

function refusal(deps: BotDeps, sender: Sender, action: string, reason: string): Card {
  deps.logger.warn({ event: `nudge.${action}`, outcome: reason, known: !!sender.person }, "case action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("nudges.list.title"), paragraphs: [t(`nudges.refused.${reason}`)] }).content;
}
