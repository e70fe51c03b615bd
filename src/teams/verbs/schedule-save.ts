// schedule.save (HR partners): change a unit's pulse schedule. The unit and the role are checked
// against the database on save, never taken from the card.
import { changeSchedule } from "../../domain/pulse/change-schedule.js";
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
    if (!sender.person || !data) {
      deps.logger.warn({ event: "schedule.refused", reason: "malformed" }, "schedule change refused");
      return renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [t("schedule.invalid")] }).content;
    }
    const result = await changeSchedule(deps.db, sender.person.id, data, deps.clock.now());
    deps.logger.info({ event: "schedule.change", outcome: result.ok ? "saved" : result.reason }, "schedule change");
    if (!result.ok) return renderCard("notice", { title: t("schedule.refusedTitle"), paragraphs: [t("schedule.notHrPartner")] }).content;
    return scheduleCardJson(result.schedule, sender.locale, true);
  },
});
