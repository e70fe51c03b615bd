// hf.activityChange: an activity done, postponed (a new date) or edited (what, owner), from the
// unit card or the due reminder. Only the acted-on slot's inputs are read; the other party is told.
import { changeActivity, type ActivityChange } from "../../domain/priorities/activities.js";
import { translatorFor } from "../../i18n/index.js";
import { planUnitCards } from "../health-factor-presenter.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal, notifyOtherSide, unitCardOrRefusal } from "./hf-refusal.js";

export const hfActivityChange = cardVerbRoute({
  verb: "hf.activityChange",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    if (!sender.person || !data) return hfRefusal(deps, sender, "hf.activityChange", "malformed");
    const input = (field: string) => data.inputs?.[`${field}_${data.slot}`];
    const change: Partial<ActivityChange> & { kind: string } =
      data.kind === "postpone"
        ? { kind: "postpone", dueDate: input("dueDate") as string }
        : data.kind === "edit"
          ? { kind: "edit", what: input("what") as string, owner: input("owner") as string }
          : { kind: "done" };
    const now = deps.clock.now();
    const result = await changeActivity(deps.db, { activityId: data.activityId, actorId: sender.person.id, change, now, timeZone: sender.person.timeZone });
    deps.logger.info({ event: "hf.activityChange", outcome: result.ok ? result.kind : result.reason }, "priority activity change");
    const t = translatorFor(sender.locale);
    const at = result.ok ? result : result.at;
    if (!at) return hfRefusal(deps, sender, "hf.activityChange", result.ok ? "malformed" : result.reason);
    if (result.ok) {
      const name = sender.person.displayName;
      await notifyOtherSide(deps, planUnitCards, {
        roundId: at.roundId,
        unitId: at.unitId,
        actorId: sender.person.id,
        stage: `activity-${data.activityId}-${result.kind}-${now.getTime()}`,
        now,
        notice: (tr) => tr(`healthFactors.activities.changedBy.${result.kind}`, { name }),
      });
    }
    const notice = result.ok ? t(`healthFactors.activities.changed.${result.kind}`) : t(`healthFactors.refused.${result.reason}`);
    return unitCardOrRefusal(
      deps,
      { ...sender, person: sender.person },
      { event: "hf.activityChange", roundId: at.roundId, unitId: at.unitId, notice, refusal: result.ok ? "notParty" : result.reason },
    );
  },
});
