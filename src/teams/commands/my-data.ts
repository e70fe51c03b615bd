// `mina uppgifter` / `my data`: a person's own register extract (GDPR art. 15), delivered to them
// only — in their 1:1 chat with the bot, never in a group chat or channel, and only for the
// person the sender is identified as (Entra object id or Teams e-mail, never the chat text).
//
// On a phone: a summary card (what is there, in counts), then the full document as Markdown text
// messages in parts at section boundaries. A file would need the file-consent flow and OneDrive
// (supportsFiles is off); a card would hold a few screens at most. Everything in the document is
// the person's own data (person-record.ts leaves out other people's); the extract is audited.
import { translatorFor } from "../../i18n/index.js";
import { exportPersonRecord } from "../../domain/records/export-person.js";
import { renderPersonRecordSections } from "../../domain/records/render-person-record.js";
import { DEFAULT_RETENTION } from "../../domain/records/retention-policy.js";
import type { PersonRecord } from "../../domain/records/person-record.js";
import { renderCard } from "../cards/render-card.js";
import type { ChatCommand } from "../chat-commands.js";

/** Teams refuses messages over about 28 KB; Swedish letters take two bytes. */
export const MAX_PART_CHARS = 12_000;

export const myDataCommand: ChatCommand = {
  id: "myData",
  words: { sv: "mina uppgifter", en: "my data", aliases: ["registerutdrag", "mina data", "mydata", "register extract"] },
  run: async (turn, sender, deps) => {
    const t = translatorFor(sender.locale);
    const notice = (paragraphs: string[]) => turn.reply(renderCard("notice", { title: t("records.chat.title"), paragraphs }));
    if (turn.activity.conversation.type !== "personal") {
      await notice([t("records.chat.notPersonal")]);
      return;
    }
    const person = sender.person;
    if (!person) {
      await notice([t("records.chat.notInOrg")]);
      return;
    }
    const record = await exportPersonRecord(deps.db, deps.answerTokenSecret, {
      personId: person.id,
      now: deps.clock.now(),
      actorId: person.id,
      via: "chat",
      formats: ["markdown"],
    });
    if (!record) {
      await notice([t("records.chat.notInOrg")]);
      return;
    }
    const sections = renderPersonRecordSections(record, {
      locale: sender.locale,
      timeZone: person.timeZone,
      retention: deps.retention ?? DEFAULT_RETENTION,
      style: "chat",
    });
    const parts = packParts(sections, MAX_PART_CHARS);
    await notice([t("records.chat.intro", { parts: parts.length }), t("records.chat.counts", countsOf(record)), t("records.chat.machineReadable")]);
    for (const [i, part] of parts.entries()) {
      const suffix = parts.length > 1 ? `\n\n${t("records.chat.part", { part: i + 1, parts: parts.length })}` : "";
      await turn.reply({ text: `${part}${suffix}`, markdown: true });
    }
  },
};

function countsOf(r: PersonRecord) {
  return {
    assignments: r.assignments.length,
    pulses: r.pulses.length,
    answers: r.pulses.reduce((n, p) => n + p.answers.length, 0),
    rounds: r.rounds.length,
    absences: r.absences.length,
    cases: r.cases.length,
    contactRequests: r.contactRequests.length,
    audit: r.audit.length,
  };
}

/** Sections joined into parts of at most `max` characters; a longer section is cut between lines. */
export function packParts(sections: string[], max: number): string[] {
  const pieces = sections.flatMap((s) => (s.length <= max ? [s] : cutLines(s, max)));
  const parts: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current && current.length + 2 + piece.length > max) {
      parts.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}

function cutLines(text: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const piece = line.length > max ? line.slice(0, max) : line;
    if (current && current.length + 1 + piece.length > max) {
      out.push(current);
      current = "";
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}
