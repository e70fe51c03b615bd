// Cards are Adaptive Card 1.5 templates (adaptivecards-templating) filled with already
// translated strings; renderers never see raw answers, only what a caller may show.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ACData from "adaptivecards-templating";
import { CardFactory, type Attachment } from "botbuilder";

export const CARD_VERSION = "1.5";
export type CardTemplateName = "welcome" | "notice" | "help" | "pulse" | "schedule" | "summary" | "overview" | "hf-start" | "hf-rating" | "hf-unit" | "hf-overview" | "cases";

const templateDir = join(dirname(fileURLToPath(import.meta.url)), "templates");
const cache = new Map<CardTemplateName, object>();

function loadTemplate(name: CardTemplateName): object {
  let template = cache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(join(templateDir, `${name}.json`), "utf8")) as object;
    cache.set(name, template);
  }
  return template;
}

/** Expands a template into card JSON. Teams mobile drops cards without `version`, so insist on it. */
export function expandCard(name: CardTemplateName, data: object): Record<string, unknown> {
  const card = new ACData.Template(loadTemplate(name)).expand({ $root: data }) as Record<string, unknown>;
  if (card.version !== CARD_VERSION) throw new Error(`card ${name} must declare version ${CARD_VERSION}`);
  return card;
}

export function renderCard(name: CardTemplateName, data: object): Attachment {
  return CardFactory.adaptiveCard(expandCard(name, data));
}
