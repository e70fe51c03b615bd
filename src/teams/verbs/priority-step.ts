// What hf.propose and hf.confirm share: one step of the chef's and skyddsombud's agreement on
// 1–3 factors. The other side (and, once agreed, everyone on both sides) gets a fresh card; once
// agreed, each member of the unit gets the result (released profile, priorities, activities).
import { confirmPriorities, proposePriorities } from "../../domain/priorities/agreement.js";
import { listToldOfStep } from "../../domain/priorities/parties.js";
import { translatorFor } from "../../i18n/index.js";
import { planMemberResults, planUnitCards, renderUnitCardFor } from "../health-factor-presenter.js";
import type { BotDeps } from "../bot-deps.js";
import type { Turn, Card } from "../turn.js";
import { hfRefusal, unitCardOrRefusal } from "./hf-refusal.js";

export async function takePriorityStep(
  turn: Turn,
  deps: BotDeps,
  step: "propose" | "confirm",
  data: { roundId: string; unitId: string; factorIds: string[] } | undefined,
): Promise<Card> {
  const sender = await turn.sender();
  if (!sender.person || !data) return hfRefusal(deps, sender, `hf.${step}`, "malformed");
  const { roundId, unitId, factorIds } = data;
  const now = deps.clock.now();
  const args = { roundId, unitId, actorId: sender.person.id, factorIds, now };
  const result = step === "propose" ? await proposePriorities(deps.db, args) : await confirmPriorities(deps.db, args);
  deps.logger.info({ event: `hf.${step}`, outcome: result.ok ? (result.agreedNow ? "agreed" : "recorded") : result.reason }, "priorities");
  const t = translatorFor(sender.locale);
  if (!result.ok) {
    if (!result.state) return hfRefusal(deps, sender, `hf.${step}`, result.reason);
    const notice = t(`healthFactors.refused.${result.reason}`);
    return unitCardOrRefusal(deps, { ...sender, person: sender.person }, { event: `hf.${step}`, roundId, unitId, notice, refusal: result.reason });
  }
  // Tell the other side (and, once agreed, everyone on both sides) with a fresh card.
  const others = listToldOfStep(result.state.parties, sender.person.id, result.agreedNow);
  await planUnitCards(deps, { roundId, unitId, personIds: others, stage: `step${result.state.steps.length}`, now });
  if (result.agreedNow) await planMemberResults(deps, { roundId, unitId, now });
  return (await renderUnitCardFor(deps, { roundId, unitId, personId: sender.person.id, locale: sender.locale, timeZone: sender.person.timeZone }))!;
}
