// The pulse card in every state: open (one tap per question; the person's own choices marked),
// answered (thank-you, who sees what), closed, refused. Built from templates/pulse.json.
import { translatorFor, type Locale } from "../../i18n/index.js";
import { formatDayTime } from "../../i18n/dates.js";
import { packOfQuestion, scaleOf } from "../../domain/pulse/question-bank.js";
import type { PulseView } from "../../domain/pulse/record-answer.js";
import { expandCard, renderCard } from "./render-card.js";
import { type CardAttachment } from "./card-attachment.js";
import { actionData } from "../card-verbs.js";

export interface PulseCardOptions {
  locale: Locale;
  minGroupSize: number;
  timeZone: string;
  /** The reminder shows the same card with another title. */
  reminder?: boolean;
  /**
   * The Teams user id (29:…) of the one person the card is for. An open card then carries a
   * Universal Actions `refresh` for that user: when they view it, Teams asks the bot (verb
   * pulse.refresh) and shows the card as it stands — their answers from another card, or closed.
   */
  refreshFor?: string;
}

/**
 * Everyone answering one pulse sees one of a few dozen cards (a choice per question, in a
 * language), and expanding the template was a sixth of an answer's CPU under load (issue 8). So
 * each card is built once, kept as JSON and handed out as a fresh copy (no caller shares one).
 */
const builtCards = new Map<string, string>();
const MAX_BUILT_CARDS = 2_000;

export function pulseCardJson(view: PulseView, o: PulseCardOptions): Record<string, unknown> {
  return JSON.parse(pulseCardText(view, o)) as Record<string, unknown>;
}

/** The card as JSON text: for a reply nothing is added to, sent as it is (src/json-text.ts). */
export function pulseCardText(view: PulseView, o: PulseCardOptions): string {
  const key = JSON.stringify([
    view.pulseId,
    view.questionIds,
    view.questionIds.map((id) => view.answers[id] ?? null),
    view.open,
    view.contactRequested,
    view.closesAt.getTime(),
    o.locale,
    o.minGroupSize,
    o.timeZone,
    o.reminder ?? false,
  ]);
  let json = builtCards.get(key);
  if (json === undefined) {
    json = JSON.stringify(buildPulseCard(view, o));
    if (builtCards.size >= MAX_BUILT_CARDS) builtCards.delete(builtCards.keys().next().value!);
    builtCards.set(key, json);
  }
  // Per person, so after the shared cache: the refresh names the one user it runs for. The built
  // card is a JSON object with members and no refresh, so it is added before its closing brace.
  if (!view.open || !o.refreshFor) return json;
  return `${json.slice(0, -1)},"refresh":${JSON.stringify(pulseRefreshBlock(view.pulseId, o.refreshFor, o.reminder ?? false))}}`;
}

/**
 * Teams refreshes automatically only for the users listed (at most 60: TEAMS-NOTES.md); a pulse
 * card is in a 1:1 chat, so that is the one person. A closed card has none: it cannot change again.
 */
export function pulseRefreshBlock(pulseId: string, userId: string, reminder: boolean): Record<string, unknown> {
  const data = actionData("pulse.refresh", { pulseId, ...(reminder ? { reminder } : {}) });
  return { action: { type: "Action.Execute", verb: "pulse.refresh", data }, userIds: [userId] };
}

function buildPulseCard(view: PulseView, o: PulseCardOptions): Record<string, unknown> {
  const t = translatorFor(o.locale);
  const answeredAll = view.questionIds.every((id) => view.answers[id] !== undefined);
  const closesText = formatDayTime(view.closesAt, o.locale, o.timeZone);
  return expandCard("pulse", {
    title: !view.open ? t("pulse.card.closedTitle") : o.reminder ? t("pulse.card.reminderTitle") : t("pulse.card.title"),
    intro: view.open && !answeredAll ? t("pulse.card.intro") : "",
    questions: view.questionIds.map((questionId) => {
      const scale = scaleOf(questionId);
      const chosen = view.answers[questionId];
      return {
        // The HME pack's items are statements: the card says whose and how to answer (issue 16).
        text: packOfQuestion(questionId) === "hme" ? `${t("pulse.packs.hme")}\n\n${t(`pulse.questions.${questionId}`)}` : t(`pulse.questions.${questionId}`),
        chosenText: chosen === undefined ? "" : t("pulse.card.yourAnswer", { answer: t(`pulse.scales.${scale.name}.${chosen}`) }),
        // One button per row: five words side by side are cut off on a phone (360 px), stacked they
        // read in full. A closed card has none.
        options: !view.open
          ? []
          : scale.values.map((value) => ({
              label: t(`pulse.scales.${scale.name}.${value}`),
              style: value === chosen ? "positive" : "default",
              data: actionData("pulse.answer", { pulseId: view.pulseId, questionId, value }),
            })),
      };
    }),
    contact: {
      show: view.open,
      text: view.contactRequested ? t("pulse.card.contactOn") : t("pulse.card.contactHint"),
      label: view.contactRequested ? t("pulse.card.contactWithdraw") : t("pulse.card.contactAsk"),
      data: actionData("pulse.contact", { pulseId: view.pulseId, wanted: !view.contactRequested }),
    },
    thanks: {
      show: answeredAll,
      title: t("pulse.card.thanks"),
      whoSees: t("pulse.card.whoSees", { k: o.minGroupSize }),
    },
    footer: view.open ? t("pulse.card.changeUntil", { when: closesText }) : t("pulse.card.closedText"),
  });
}

/** A payload that does not belong to this person, pulse or question: nothing was stored. */
export function refusedPulseCard(locale: Locale): CardAttachment {
  const t = translatorFor(locale);
  return renderCard("notice", { title: t("pulse.refused.title"), paragraphs: [t("pulse.refused.text")] });
}
