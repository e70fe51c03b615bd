// The refusal card every friskfaktor verb answers with when nothing was changed, the unit card
// with a notice, and telling the other party of a change.
import { translatorFor, type Translate } from "../../i18n/index.js";
import { readAgreement } from "../../domain/priorities/agreement.js";
import { listOtherSide } from "../../domain/priorities/parties.js";
import { renderCard, type NoticeTone } from "../cards/render-card.js";
import type { ActivityDraft } from "../cards/health-factor-cards.js";
import type { BotDeps } from "../bot-deps.js";
import type { Identity } from "../identify-sender.js";
import type { Card } from "../turn.js";
import { renderUnitCardFor, type planUnitCards } from "../health-factor-presenter.js";

export function hfRefusal(deps: BotDeps, sender: Identity, event: string, reason: string): Card {
  deps.logger.warn({ event, outcome: reason, known: !!sender.person }, "health factor action refused");
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("healthFactors.refused.title"), paragraphs: [t(`healthFactors.refused.${reason}`)] }).content;
}

/**
 * The unit's friskfaktor card for the sender, with a one-line notice on top (and, after a refused
 * new activity, what they typed); the refusal card when the sender is not a party of that unit.
 */
export async function unitCardOrRefusal(
  deps: BotDeps,
  sender: Identity & { person: NonNullable<Identity["person"]> },
  at: { event: string; roundId: string; unitId: string; notice: string; refusal: string; noticeTone?: NoticeTone; draft?: ActivityDraft },
): Promise<Card> {
  const card = await renderUnitCardFor(deps, {
    roundId: at.roundId,
    unitId: at.unitId,
    personId: sender.person.id,
    locale: sender.locale,
    timeZone: sender.person.timeZone,
    notice: at.notice,
    ...(at.noticeTone ? { noticeTone: at.noticeTone } : {}),
    ...(at.draft ? { draft: at.draft } : {}),
  });
  return card ?? hfRefusal(deps, sender, at.event, at.refusal);
}

/** The other side of the unit (from the actor's) gets the unit card with `notice` on top. */
export async function notifyOtherSide(
  deps: BotDeps,
  plan: typeof planUnitCards,
  o: { roundId: string; unitId: string; actorId: string; stage: string; now: Date; notice: (t: Translate) => string },
): Promise<number> {
  const { parties } = await readAgreement(deps.db, o.roundId, o.unitId);
  return plan(deps, { roundId: o.roundId, unitId: o.unitId, personIds: listOtherSide(parties, o.actorId), stage: o.stage, now: o.now, notice: o.notice });
}
