// Cards are Adaptive Card 1.5 templates (adaptivecards-templating) filled with already
// translated strings; renderers never see raw answers, only what a caller may show.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ACData from "adaptivecards-templating";
import { toCardAttachment, type CardAttachment } from "./card-attachment.js";

export const CARD_VERSION = "1.5";
export type CardTemplateName =
  | "welcome"
  | "notice"
  | "help"
  | "pulse"
  | "schedule"
  | "summary"
  | "overview"
  | "hf-start"
  | "hf-rating"
  | "hf-unit"
  | "hf-activity"
  | "hf-result"
  | "hf-overview"
  | "cases"
  | "member-result";

const templateDir = join(dirname(fileURLToPath(import.meta.url)), "templates");
const cache = new Map<CardTemplateName, ACData.Template>();

/**
 * A template parsed once: `new Template()` parses every `${…}` expression (ANTLR), which was
 * most of the cost of a card — 10+ ms on every pulse answer. A prepared Template may be
 * expanded again and again (expand is synchronous and builds a fresh result each time).
 */
function loadTemplate(name: CardTemplateName): ACData.Template {
  let template = cache.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(join(templateDir, `${name}.json`), "utf8")) as object);
    cache.set(name, template);
  }
  return template;
}

/** Expands a template into card JSON. Teams mobile drops cards without `version`, so insist on it. */
export function expandCard(name: CardTemplateName, data: object): Record<string, unknown> {
  const card = loadTemplate(name).expand({ $root: data }) as Record<string, unknown>;
  if (card.version !== CARD_VERSION) throw new Error(`card ${name} must declare version ${CARD_VERSION}`);
  return card;
}

/** A one-line notice on a card: a success in green ("Sparat: planerat."), a refusal in red. */
export type NoticeTone = "good" | "attention";

/** The TextBlock colour of a notice; success is never shown in the warning colour. */
export function noticeColor(tone: NoticeTone): "Good" | "Attention" {
  return tone === "good" ? "Good" : "Attention";
}

export function renderCard(name: CardTemplateName, data: object): CardAttachment {
  return toCardAttachment(expandCard(name, data));
}

/**
 * A button that types a chat command for the person (Teams' imBack): the command arrives as an
 * ordinary message, so it runs exactly as if typed, with the sender's roles checked as always.
 */
export function commandButton(title: string, command: string): { title: string; data: { msteams: { type: "imBack"; value: string } } } {
  return { title, data: { msteams: { type: "imBack", value: command } } };
}
