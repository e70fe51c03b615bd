// hf.activity: what, owner and due date for an agreed factor (priorities/activities.ts).
import { addActivity } from "../../domain/priorities/activities.js";
import { translatorFor } from "../../i18n/index.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal, unitCardOrRefusal } from "./hf-refusal.js";

export const hfActivity = cardVerbRoute({
  verb: "hf.activity",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    if (!sender.person || !data) return hfRefusal(deps, sender, "hf.activity", "malformed");
    const { roundId, unitId, ...input } = data;
    const result = await addActivity(deps.db, { roundId, unitId, actorId: sender.person.id, input, now: deps.clock.now(), timeZone: sender.person.timeZone });
    deps.logger.info({ event: "hf.activity", outcome: result.ok ? "added" : result.reason }, "priority activity");
    const t = translatorFor(sender.locale);
    const notice = result.ok ? t("healthFactors.activities.added") : t(`healthFactors.refused.${result.reason}`);
    return unitCardOrRefusal(
      deps,
      { ...sender, person: sender.person },
      { event: "hf.activity", roundId, unitId, notice, refusal: result.ok ? "notParty" : result.reason, noticeTone: result.ok ? "good" : "attention" },
    );
  },
});
