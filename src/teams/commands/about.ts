// om / about: what Friskpuls stores, who sees what, and for how long.
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { DEFAULT_RETENTION } from "../../domain/records/retention-policy.js";
import type { ChatCommand } from "../chat-commands.js";

export const aboutCommand: ChatCommand = {
  id: "about",
  words: { sv: "om", en: "about", aliases: ["integritet", "privacy"] },
  run: async (turn, sender, deps) => {
    const t = translatorFor(sender.locale);
    const vars = {
      k: deps.minGroupSize,
      retentionMonths: deps.answerRetentionMonths,
      occasions: deps.nudges.sickLeaveOccasions,
      months: deps.nudges.sickLeaveMonths,
      days: deps.nudges.escalationDays,
      absenceMonths: (deps.retention ?? DEFAULT_RETENTION).absencesMonths,
    };
    const paragraphs = ["purpose", "answers", "groups", "nobody", "noFreeText", "sickLeave", "retention", "contact"].map((key) => t(`about.${key}`, vars));
    await turn.reply(renderCard("notice", { title: t("about.title"), paragraphs }));
  },
};
