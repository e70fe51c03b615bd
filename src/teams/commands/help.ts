// hjälp / help: what the sender's roles mean here, and every command they may use.
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { listedCommandsFor, type ChatCommand } from "../chat-commands.js";
import type { Sender } from "../identify-sender.js";
import type { BotDeps } from "../bot-deps.js";

/** Help lists every registered command the sender may use, so it takes the full list. */
export function createHelpCommand(listCommands: () => ChatCommand[]): ChatCommand {
  return {
    id: "help",
    words: { sv: "hjälp", en: "help", aliases: ["hjalp", "?"] },
    run: async (turn, sender, deps) => {
      await turn.reply(helpCard(sender, deps, listCommands()));
    },
  };
}

function helpCard(sender: Sender, deps: BotDeps, commands: ChatCommand[]) {
  const t = translatorFor(sender.locale);
  const lang = sender.locale === "en-US" ? "en" : "sv";
  const sections = sender.person
    ? sender.roles.map((role) => ({
        heading: t("help.forRole", { role: t(`roles.${role}`) }),
        text: t(`help.${role}`, { k: deps.minGroupSize }),
      }))
    : [{ heading: "", text: t("help.notInOrg") }];
  return renderCard("help", {
    title: t("help.title"),
    sections,
    commandsHeading: t("help.commandsHeading"),
    commands: listedCommandsFor(commands, sender.roles).map((c) => ({
      word: c.words[lang],
      description: t(`help.commands.${c.id}`),
    })),
  });
}
