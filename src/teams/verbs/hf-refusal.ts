// The refusal card every friskfaktor verb answers with when nothing was changed.
import { translatorFor } from "../../i18n/index.js";
import { renderCard, type NoticeTone } from "../cards/render-card.js";
import type { BotDeps } from "../bot-deps.js";
import type { Identity } from "../identify-sender.js";
import type { Card } from "../turn.js";
import { renderUnitCardFor } from "../health-factor-presenter.js";

export function hfRefusal(deps: BotDeps, sender: Identity, event: string, reason: string): Card {
  deps.logger.warn({ event, outcome: reason, known: !!sender.person }, "health factor action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("healthFactors.refused.title"), paragraphs: [t(`healthFactors.refused.${reason}`)] }).content;
}

/**
 * The unit's friskfaktor card for the sender, with a one-line notice on top; the refusal card when
 * the sender is not a party of that unit (any more).
 */
export async function unitCardOrRefusal(
  deps: BotDeps,
  sender: Identity & { person: NonNullable<Identity["person"]> },
  at: { event: string; roundId: string; unitId: string; notice: string; refusal: string; noticeTone?: NoticeTone },
): Promise<Card> {
  const card = await renderUnitCardFor(deps, {
    roundId: at.roundId,
    unitId: at.unitId,
    personId: sender.person.id,
    locale: sender.locale,
    timeZone: sender.person.timeZone,
    notice: at.notice,
    ...(at.noticeTone ? { noticeTone: at.noticeTone } : {}),
  });
  return card ?? hfRefusal(deps, sender, at.event, at.refusal);
}
