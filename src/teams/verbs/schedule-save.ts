// schedule.save (HR partners): change a unit's pulse schedule — and, from the same form, its
// holiday pauses, question pack and the unit's own pause (issue 16). The unit and the role are
// checked against the database on save, never taken from the card.
import { changeSchedule, readEffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { readUnitPause, setUnitPause } from "../../domain/pulse/unit-pauses.js";
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { scheduleCardJson } from "../cards/schedule-card.js";
import { cardVerbRoute } from "../routes.js";

export const scheduleSave = cardVerbRoute({
  verb: "schedule.save",
  // The saved schedule comes as a new card under the form (as it always has), not in its place.
  submitFallback: "newMessage",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    const t = translatorFor(sender.locale);
    const refused = (text: string) => renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [text] }).content;
    if (!sender.person || !data) {
      deps.logger.warn({ event: "schedule.refused", reason: "malformed" }, "schedule change refused");
      return refused(t("schedule.invalid"));
    }
    const now = deps.clock.now();
    const { unitPauseFrom, unitPauseUntil, ...change } = data;
    const result = await changeSchedule(deps.db, sender.person.id, change, now);
    deps.logger.info({ event: "schedule.change", outcome: result.ok ? "saved" : result.reason }, "schedule change");
    if (!result.ok) return refused(result.reason === "invalidPauses" ? t("schedule.invalidPauses", { part: result.part }) : t("schedule.notHrPartner"));
    const current = await readUnitPause(deps.db, data.unitId);
    const unchanged = (current?.fromDate ?? "") === (unitPauseFrom ?? "") && (current?.toDate ?? "") === (unitPauseUntil ?? "");
    if ((unitPauseFrom !== undefined || unitPauseUntil !== undefined) && !unchanged) {
      const paused = await setUnitPause(
        deps.db,
        sender.person.id,
        { unitId: data.unitId, unitPauseFrom: unitPauseFrom ?? "", unitPauseUntil: unitPauseUntil ?? "" },
        now,
      );
      deps.logger.info({ event: "schedule.unitPause", outcome: paused.ok ? "saved" : paused.reason }, "unit pause change");
      if (!paused.ok) return refused(t(paused.reason === "invalidDates" ? "schedule.invalidUnitPause" : "schedule.notAllowedPause"));
    }
    const schedule = (await readEffectiveSchedule(deps.db, data.unitId, now)) ?? result.schedule;
    return scheduleCardJson(schedule, sender.locale, { saved: true, mode: "hr" });
  },
});
