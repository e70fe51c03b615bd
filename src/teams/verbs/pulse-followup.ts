// What the pulse card says after a tap besides the card itself (pulse.answer, pulse.contact):
// the employer's support to someone who answered Dåligt or Mycket dåligt — only they see it, and
// nothing about it is stored or logged — and, after "Jag vill att min chef hör av sig", when the
// chef will hear of it. Added to the card the pulse card builder made, next to what it is about.
import { DateTime } from "luxon";
import { SUPPORT_KINDS, type SupportContacts } from "../../config.js";
import type { PulseView } from "../../domain/pulse/record-answer.js";
import { whenManagerHears } from "../../domain/nudges/contact-timing.js";
import { translatorFor, type Locale } from "../../i18n/index.js";
import type { BotDeps } from "../bot-deps.js";
import type { Card } from "../turn.js";

type Element = Record<string, unknown>;

/** Dåligt and Mycket dåligt on the self-rated health question (question-bank.ts, scale health5). */
const POOR_HEALTH = new Set([4, 5]);

export function needsSupport(view: PulseView): boolean {
  const answer = view.answers.self_rated_health;
  return answer !== undefined && POOR_HEALTH.has(answer);
}

/** The support block: each configured contact (text, link), else the line about HR. */
export function supportBlock(support: SupportContacts | undefined, locale: Locale): Element {
  const t = translatorFor(locale);
  const kinds = SUPPORT_KINDS.filter((k) => support?.[k]);
  const lines = kinds.flatMap((k) => (support![k]!.text ? [t(`support.${k}`, { value: support![k]!.text })] : []));
  const links = kinds.flatMap((k) => (support![k]!.url ? [{ type: "Action.OpenUrl", title: t(`support.links.${k}`), url: support![k]!.url }] : []));
  return {
    type: "Container",
    id: "support",
    style: "emphasis",
    spacing: "Large",
    items: [
      { type: "TextBlock", text: t("support.title"), weight: "Bolder", wrap: true },
      ...(kinds.length === 0
        ? [{ type: "TextBlock", text: t("support.default"), wrap: true }]
        : [{ type: "TextBlock", text: t("support.intro"), wrap: true }, ...lines.map((text) => ({ type: "TextBlock", text, wrap: true, spacing: "Small" }))]),
      ...(links.length > 0 ? [{ type: "ActionSet", actions: links }] : []),
      { type: "TextBlock", text: t("support.private"), wrap: true, isSubtle: true, size: "Small" },
    ],
  };
}

/** The card with the support block before its footer, when the person's own answer calls for it. */
export function withSupport(card: Card, view: PulseView | undefined, deps: BotDeps, locale: Locale): Card {
  if (!view || !needsSupport(view)) return card;
  const body = bodyOf(card);
  if (!body) return card;
  body.splice(Math.max(0, body.length - 1), 0, supportBlock(deps.support, locale));
  return card;
}

/** The card with a line under "Jag vill att min chef hör av sig" saying when the chef hears of it. */
export async function withContactTiming(
  card: Card,
  view: PulseView | undefined,
  deps: BotDeps,
  personId: string,
  locale: Locale,
  timeZone: string,
): Promise<Card> {
  if (!view?.contactRequested || !view.open) return card;
  const body = bodyOf(card);
  if (!body) return card;
  const t = translatorFor(locale);
  const timing = await whenManagerHears(deps.db, personId, deps.clock.now());
  const text =
    timing.kind === "at"
      ? t("nudges.contactTiming.at", {
          day: DateTime.fromJSDate(timing.at, { zone: timeZone }).setLocale(locale).toFormat("cccc d LLLL"),
          time: DateTime.fromJSDate(timing.at, { zone: timeZone }).toFormat("HH:mm"),
        })
      : t(`nudges.contactTiming.${timing.kind}`);
  const line = { type: "TextBlock", id: "contactTiming", text, wrap: true, weight: "Bolder" };
  const contact = body.find((e) => JSON.stringify(e).includes('"verb":"pulse.contact"')) as { items?: Element[] } | undefined;
  if (contact?.items) contact.items.splice(1, 0, line);
  else body.splice(Math.max(0, body.length - 1), 0, line);
  return card;
}

function bodyOf(card: Card): Element[] | undefined {
  const body = (card as { body?: unknown }).body;
  return Array.isArray(body) ? (body as Element[]) : undefined;
}
