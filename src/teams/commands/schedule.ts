// `pulsschema` / `schedule` (HR partners): the pulse schedule of each unit they support, as a form
// whose schedule.save verb (verbs/schedule-save.ts) changes it.
import { listHrPartnerUnits, readEffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { ensureDefaultSchedule } from "../../domain/pulse/pulse-schedules.js";
import { scheduleCardJson } from "../cards/schedule-card.js";
import { toCardAttachment } from "../cards/card-attachment.js";
import type { ChatCommand } from "../chat-commands.js";

export const scheduleCommand: ChatCommand = {
  id: "schedule",
  words: { sv: "pulsschema", en: "schedule", aliases: ["schema"] },
  roles: ["hr_partner"],
  run: async (turn, sender, deps) => {
    await ensureDefaultSchedule(deps.db, deps.clock.now());
    for (const unit of await listHrPartnerUnits(deps.db, sender.person!.id)) {
      const schedule = await readEffectiveSchedule(deps.db, unit.id);
      if (schedule) await turn.reply(toCardAttachment(scheduleCardJson(schedule, sender.locale)));
    }
  },
};
