// A typed chat message: the command its words name among those the sender's roles allow, or the
// "unknown command" answer. A card's Action.Submit is a message too: it is left to its verb.
import { translatorFor } from "../../i18n/index.js";
import { commandsFor, findCommand, type ChatCommand } from "../chat-commands.js";
import type { BotDeps } from "../bot-deps.js";
import type { Turn } from "../turn.js";

export async function dispatchChatCommand(turn: Turn, deps: BotDeps, commands: ChatCommand[]): Promise<void> {
  if (turn.activity.isCardSubmit) return; // a card submit, handled by its verb
  const sender = await turn.sender();
  const command = findCommand(commandsFor(commands, sender.roles), turn.activity.text);
  if (command) {
    deps.logger.info({ event: "teams.command", command: command.id }, "chat command");
    await command.run(turn, sender, deps);
    return;
  }
  await turn.reply(translatorFor(sender.locale)("fallback.unknownCommand"));
}
