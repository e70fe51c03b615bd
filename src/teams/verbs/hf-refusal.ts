// The refusal card every friskfaktor verb answers with when nothing was changed.
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import type { BotDeps } from "../bot-deps.js";
import type { Identity } from "../identify-sender.js";
import type { Card } from "../turn.js";

export function hfRefusal(deps: BotDeps, sender: Identity, event: string, reason: string): Card {
  deps.logger.warn({ event, outcome: reason, known: !!sender.person }, "health factor action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("healthFactors.refused.title"), paragraphs: [t(`healthFactors.refused.${reason}`)] }).content;
}
