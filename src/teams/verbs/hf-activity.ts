// hf.activity: what, owner and due date for an agreed factor (priorities/activities.ts). The other
// party gets the unit card with the new activity; a refused one comes back with what was typed.
import { addActivity } from "../../domain/priorities/activities.js";
import { translatorFor } from "../../i18n/index.js";
import { planUnitCards } from "../health-factor-presenter.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal, notifyOtherSide, unitCardOrRefusal } from "./hf-refusal.js";

export const hfActivity = cardVerbRoute({
  verb: "hf.activity",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    if (!sender.person || !data) return hfRefusal(deps, sender, "hf.activity", "malformed");
    const { roundId, unitId, factorId, what, owner, dueDate } = data;
    const input = { factorId, what, owner, dueDate };
    const now = deps.clock.now();
    const result = await addActivity(deps.db, { roundId, unitId, actorId: sender.person.id, input, now, timeZone: sender.person.timeZone });
    deps.logger.info({ event: "hf.activity", outcome: result.ok ? "added" : result.reason }, "priority activity");
    const t = translatorFor(sender.locale);
    if (result.ok) {
      const name = sender.person.displayName;
      await notifyOtherSide(deps, planUnitCards, {
        roundId,
        unitId,
        actorId: sender.person.id,
        stage: `activity-${result.activityId}`,
        now,
        notice: (tr) => tr("healthFactors.activities.addedBy", { name }),
      });
    }
    const notice = result.ok ? t("healthFactors.activities.added") : t(`healthFactors.refused.${result.reason}`);
    return unitCardOrRefusal(
      deps,
      { ...sender, person: sender.person },
      {
        event: "hf.activity",
        roundId,
        unitId,
        notice,
        refusal: result.ok ? "notParty" : result.reason,
        noticeTone: result.ok ? "good" : "attention",
        ...(result.ok ? {} : { draft: input }),
      },
    );
  },
});
