// `pulsschema` / `schedule`: HR partners get the pulse schedule form of each unit they support
// (verbs/schedule-save.ts); a chef gets, for each unit they lead, the schedule as text, when the
// next pulse comes and the unit's pause (verbs/schedule-pause.ts; issue 16).
import { listHrPartnerUnits, readEffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { ensureDefaultSchedule } from "../../domain/pulse/pulse-schedules.js";
import { scheduleCardJson } from "../cards/schedule-card.js";
import { toCardAttachment } from "../cards/card-attachment.js";
import type { ChatCommand } from "../chat-commands.js";

export const scheduleCommand: ChatCommand = {
  id: "schedule",
  words: { sv: "pulsschema", en: "schedule", aliases: ["schema"] },
  roles: ["hr_partner", "manager"],
  run: async (turn, sender, deps) => {
    const now = deps.clock.now();
    await ensureDefaultSchedule(deps.db, now);
    const hrUnits = await listHrPartnerUnits(deps.db, sender.person!.id);
    for (const unit of hrUnits) {
      const schedule = await readEffectiveSchedule(deps.db, unit.id, now);
      if (schedule) await turn.reply(toCardAttachment(scheduleCardJson(schedule, sender.locale, { mode: "hr" })));
    }
    const led = await deps.db.assignment.findMany({
      where: { personId: sender.person!.id, role: "manager", active: true, unit: { active: true }, unitId: { notIn: hrUnits.map((u) => u.id) } },
      select: { unitId: true },
      orderBy: { unitId: "asc" },
    });
    for (const { unitId } of led) {
      const schedule = await readEffectiveSchedule(deps.db, unitId, now);
      if (schedule) await turn.reply(toCardAttachment(scheduleCardJson(schedule, sender.locale, { mode: "chef" })));
    }
  },
};
