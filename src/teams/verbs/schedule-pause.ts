// schedule.pause (a unit's chef, or an HR partner covering it): set or remove the unit's own pause
// (issue 16). Who may is checked against the database; the card's unit is only a request.
import { readEffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { setUnitPause } from "../../domain/pulse/unit-pauses.js";
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { scheduleCardJson } from "../cards/schedule-card.js";
import { cardVerbRoute } from "../routes.js";

export const schedulePause = cardVerbRoute({
  verb: "schedule.pause",
  submitFallback: "newMessage",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    const t = translatorFor(sender.locale);
    const refused = (text: string) => renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [text] }).content;
    if (!sender.person || !data) return refused(t("schedule.invalid"));
    const now = deps.clock.now();
    const result = await setUnitPause(deps.db, sender.person.id, data, now);
    deps.logger.info({ event: "schedule.unitPause", outcome: result.ok ? "saved" : result.reason }, "unit pause change");
    if (!result.ok) return refused(t(result.reason === "invalidDates" ? "schedule.invalidUnitPause" : "schedule.notAllowedPause"));
    const schedule = await readEffectiveSchedule(deps.db, data.unitId, now);
    if (!schedule) return refused(t("schedule.invalid"));
    return scheduleCardJson(schedule, sender.locale, {
      saved: true,
      mode: "chef",
      savedText: t(result.pause ? "schedule.pauseSaved" : "schedule.pauseCleared"),
    });
  },
});
