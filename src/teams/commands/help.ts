// hjälp / help: what the sender's roles mean here, and every command they may use.
import { translatorFor } from "../../i18n/index.js";
import { commandButton, renderCard } from "../cards/render-card.js";
import { listedCommandsFor, type ChatCommand } from "../chat-commands.js";
import type { Sender } from "../identify-sender.js";
import type { BotDeps } from "../bot-deps.js";

export const HELP_WORDS = { sv: "hjälp", en: "help", aliases: ["hjalp", "?"] };

/** Help lists every registered command the sender may use, so it takes the full list. */
export function createHelpCommand(listCommands: () => ChatCommand[]): ChatCommand {
  return {
    id: "help",
    words: HELP_WORDS,
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
    commandsIntro: t("help.commandsIntro"),
    // One button per command (help itself aside): a tap types the command, as if written.
    commands: listedCommandsFor(commands, sender.roles)
      .filter((c) => c.id !== "help")
      .map((c) => {
        const button = commandButton(c.words[lang], c.words[lang]);
        return { word: button.title, data: button.data, description: t(`help.commands.${c.id}`) };
      }),
  });
}
