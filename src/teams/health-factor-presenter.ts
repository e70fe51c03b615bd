// Assembles the friskfaktor unit card for one viewer (their side, language, time zone) and plans
// it to the other party when the agreement moves. Shared by card handlers and jobs.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { enqueueMessages, type PlannedMessage } from "../delivery/enqueue.js";
import { readHfProfile } from "../domain/aggregates/read-hf-profile.js";
import { readAgreement } from "../domain/priorities/agreement.js";
import { listActivities } from "../domain/priorities/activities.js";
import { sideOf } from "../domain/priorities/parties.js";
import { nextWorkingTime, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import { normalizeLocale, type Locale } from "../i18n/index.js";
import { loadRecipientInfo } from "../delivery/load-recipients.js";
import { hfUnitCardJson } from "./cards/health-factor-cards.js";

export interface PresenterDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  defaultLocale: Locale;
}

export async function renderUnitCardFor(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; personId: string; locale: Locale; timeZone: string; notice?: string },
): Promise<Record<string, unknown> | null> {
  const [profile, agreement, activities] = await Promise.all([
    readHfProfile(deps.db, { roundId: o.roundId, unitId: o.unitId, k: deps.minGroupSize }),
    readAgreement(deps.db, o.roundId, o.unitId),
    listActivities(deps.db, o.roundId, o.unitId),
  ]);
  const side = sideOf(agreement.parties, o.personId);
  if (!profile || !side) return null;
  const people = await deps.db.person.findMany({ where: { id: { in: [...agreement.parties.chef, ...agreement.parties.second] } }, select: { id: true, displayName: true } });
  return hfUnitCardJson(profile, agreement, activities, { personId: o.personId, side, names: new Map(people.map((p) => [p.id, p.displayName])) }, {
    locale: o.locale,
    k: deps.minGroupSize,
    timeZone: o.timeZone,
    ...(o.notice ? { notice: o.notice } : {}),
  });
}

/**
 * Plans the unit card to people (e.g. the other party after a proposal), in office hours. `stage`
 * makes each state its own message: a replayed step plans nothing twice.
 */
export async function planUnitCards(deps: PresenterDeps, o: { roundId: string; unitId: string; personIds: string[]; stage: string; now: Date }): Promise<number> {
  const recipients = await loadRecipientInfo(deps.db, o.personIds);
  const messages: PlannedMessage[] = [];
  for (const personId of o.personIds) {
    const person = recipients.get(personId);
    if (!person) continue;
    const card = await renderUnitCardFor(deps, { roundId: o.roundId, unitId: o.unitId, personId, locale: normalizeLocale(person.locale, deps.defaultLocale), timeZone: person.timeZone });
    if (!card) continue;
    messages.push({
      idempotencyKey: `hf-unit:${o.roundId}:${o.unitId}:${o.stage}:${personId}`,
      kind: "hf-unit",
      personId,
      conversationRefId: person.conversationRefId,
      activity: { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] },
      notBefore: nextWorkingTime(o.now, { ...OFFICE_HOURS, timeZone: person.timeZone }),
    });
  }
  return (await enqueueMessages(deps.db, deps.clock, messages)).planned;
}
