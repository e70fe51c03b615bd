// The one way a proactive card reaches people: load each recipient (language, time zone, 1:1
// conversation) once, render their card in their language, wrap it as a message and plan it into
// the outbox under its typed idempotency key. Who gets which card is decided by the caller (the
// domain); how the card looks, by the render function; everything in between is here.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { normalizeLocale, type Locale } from "../i18n/locales.js";
import { toCardMessage } from "../teams/cards/card-attachment.js";
import { enqueueMessages, type EnqueueResult, type PlannedMessage } from "./enqueue.js";
import { loadRecipientInfo } from "./load-recipients.js";
import type { OutboxKey } from "./outbox-keys.js";

export interface CardSendDeps {
  db: Db;
  clock: Clock;
  /** DEFAULT_LOCALE: for people whose locale we do not speak. */
  defaultLocale: Locale;
}

/** A recipient as a card sees them. conversationRefId null: not installed (recorded as unreachable). */
export interface CardRecipient {
  personId: string;
  locale: Locale;
  timeZone: string;
  conversationRefId: string | null;
}

export type CardJson = Record<string, unknown>;

/** A person id, or anything addressed to one person (e.g. an addressee with a unit and a view). */
export type Addressed = string | { personId: string };

export interface CardSend<T extends Addressed> {
  /** One card per entry, in this order; entries for unknown people are left out. */
  to: readonly T[];
  /** Recipients the caller loaded already (loadCardRecipients); otherwise loaded here, in one go. */
  people?: ReadonlyMap<string, CardRecipient>;
  key: (to: T, person: CardRecipient) => OutboxKey;
  /** The card's JSON in person.locale; null: nothing for this entry. */
  render: (person: CardRecipient, to: T) => CardJson | null | Promise<CardJson | null>;
  notBefore: Date | ((person: CardRecipient) => Date);
}

export interface PlannedCard<T> {
  to: T;
  person: CardRecipient;
  message: PlannedMessage;
}

export const personIdOf = (to: Addressed): string => (typeof to === "string" ? to : to.personId);

export async function loadCardRecipients(deps: CardSendDeps, personIds: readonly string[]): Promise<Map<string, CardRecipient>> {
  const info = await loadRecipientInfo(deps.db, [...new Set(personIds)]);
  return new Map(
    [...info.values()].map((p) => [
      p.personId,
      { personId: p.personId, locale: normalizeLocale(p.locale, deps.defaultLocale), timeZone: p.timeZone, conversationRefId: p.conversationRefId },
    ]),
  );
}

/** Renders and wraps every card without planning it (for callers that record something first). */
export async function planCards<T extends Addressed>(deps: CardSendDeps, send: CardSend<T>): Promise<PlannedCard<T>[]> {
  const people = send.people ?? (await loadCardRecipients(deps, send.to.map(personIdOf)));
  const planned: PlannedCard<T>[] = [];
  for (const to of send.to) {
    const person = people.get(personIdOf(to));
    if (!person) continue;
    const card = await send.render(person, to);
    if (!card) continue;
    const { kind, idempotencyKey } = send.key(to, person);
    planned.push({
      to,
      person,
      message: {
        idempotencyKey,
        kind,
        personId: person.personId,
        conversationRefId: person.conversationRefId,
        activity: toCardMessage(card),
        notBefore: typeof send.notBefore === "function" ? send.notBefore(person) : send.notBefore,
      },
    });
  }
  return planned;
}

/** Plans cards from planCards; a key already in the outbox is left alone (idempotent). */
export async function enqueueCards(deps: CardSendDeps, planned: readonly PlannedCard<unknown>[]): Promise<EnqueueResult> {
  return enqueueMessages(
    deps.db,
    deps.clock,
    planned.map((p) => p.message),
  );
}

/** Render, wrap and plan: what every proactive flow does. */
export async function sendCardsToPeople<T extends Addressed>(deps: CardSendDeps, send: CardSend<T>): Promise<EnqueueResult> {
  return enqueueCards(deps, await planCards(deps, send));
}

/**
 * Most recipients see the same card (same language, time zone and state): render each once. The
 * same key gives the remembered card (or promise) back.
 */
export function rememberCards(): <C>(key: unknown, render: () => C) => C {
  const cards = new Map<string, unknown>();
  return <C>(key: unknown, render: () => C): C => {
    const k = JSON.stringify(key);
    if (!cards.has(k)) cards.set(k, render());
    return cards.get(k) as C;
  };
}
