// The words a person can type in the 1:1 chat. Each command is one file in commands/, listed in
// bot.ts; `hjälp` lists the ones the sender's roles allow.
import type { Role } from "../domain/org/roles.js";
import type { BotDeps } from "./bot-deps.js";
import type { Sender } from "./identify-sender.js";
import type { Turn } from "./turn.js";

export interface ChatCommand {
  id: string;
  /** Swedish word first: it is what help shows to sv-SE users. */
  words: { sv: string; en: string; aliases?: string[] };
  /** Who sees and may run it; undefined = everyone. */
  roles?: Role[];
  /** Who help lists it for, when everyone may run it (it answers the others with an explanation). */
  helpRoles?: Role[];
  run(turn: Turn, sender: Sender, deps: BotDeps): Promise<void>;
}

/** Plain text of a chat message: Teams may wrap it in HTML and add trailing punctuation. */
export function normalizeCommandText(text: string | undefined): string {
  return (text ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, "")
    .trim();
}

export function findCommand(commands: ChatCommand[], text: string | undefined): ChatCommand | undefined {
  const word = normalizeCommandText(text);
  return commands.find((c) => [c.words.sv, c.words.en, ...(c.words.aliases ?? [])].includes(word));
}

export function commandsFor(commands: ChatCommand[], roles: Role[]): ChatCommand[] {
  return commands.filter((c) => !c.roles || c.roles.some((r) => roles.includes(r)));
}

/** The commands help lists for these roles. */
export function listedCommandsFor(commands: ChatCommand[], roles: Role[]): ChatCommand[] {
  return commandsFor(commands, roles).filter((c) => !c.helpRoles || c.helpRoles.some((r) => roles.includes(r)));
}
