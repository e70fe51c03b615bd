// hjälp/help and om/about, plus the dispatcher every later chat command plugs into.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { MessageFactory, type TurnContext } from "botbuilder";
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import { commandsFor, findCommand, listedCommandsFor, type ChatCommand } from "../chat-commands.js";
import { identifySender, type Sender } from "../identify-sender.js";
import type { BotDeps } from "../bot-deps.js";

/** Help lists every registered command the sender may use, so it takes the full list. */
export function createHelpCommand(listCommands: () => ChatCommand[]): ChatCommand {
  return {
    id: "help",
    words: { sv: "hjälp", en: "help", aliases: ["hjalp", "?"] },
    run: async (ctx, sender, deps) => {
      await ctx.sendActivity(MessageFactory.attachment(helpCard(sender, deps, listCommands())));
    },
  };
}

export const aboutCommand: ChatCommand = {
  id: "about",
  words: { sv: "om", en: "about", aliases: ["integritet", "privacy"] },
  run: async (ctx, sender, deps) => {
    const t = translatorFor(sender.locale);
    const vars = { k: deps.minGroupSize, retentionMonths: deps.answerRetentionMonths };
    const paragraphs = ["purpose", "answers", "groups", "nobody", "noFreeText", "retention", "contact"].map((key) =>
      t(`about.${key}`, vars),
    );
    await ctx.sendActivity(MessageFactory.attachment(renderCard("notice", { title: t("about.title"), paragraphs })));
  },
};

export function registerChatCommands(app: Application, deps: BotDeps, extra: ChatCommand[] = []): void {
  const allCommands: ChatCommand[] = [];
  allCommands.push(createHelpCommand(() => allCommands), aboutCommand, ...extra);
  app.activity("message", async (ctx: TurnContext) => {
    if (ctx.activity.value !== undefined && !ctx.activity.text) return; // a card submit, handled elsewhere
    const sender = await identifySender(ctx, deps);
    const command = findCommand(commandsFor(allCommands, sender.roles), ctx.activity.text);
    if (command) {
      deps.logger.info({ event: "teams.command", command: command.id }, "chat command");
      await command.run(ctx, sender, deps);
      return;
    }
    await ctx.sendActivity(translatorFor(sender.locale)("fallback.unknownCommand"));
  });
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
