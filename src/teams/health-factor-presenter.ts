// Assembles the friskfaktor unit card for one viewer (their side, language, time zone) and plans
// it to the other party when the agreement moves. Shared by card handlers and jobs.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { sendCardsToPeople } from "../delivery/send-cards-to-people.js";
import { unitCardKey } from "../delivery/outbox-keys.js";
import { readHfProfile } from "../domain/aggregates/read-hf-profile.js";
import { readAgreement } from "../domain/priorities/agreement.js";
import { listActivities } from "../domain/priorities/activities.js";
import { sideOf } from "../domain/priorities/parties.js";
import { nextWorkingTime, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import type { Locale } from "../i18n/index.js";
import type { NoticeTone } from "./cards/render-card.js";
import { hfUnitCardJson } from "./cards/health-factor-cards.js";

export interface PresenterDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  defaultLocale: Locale;
}

export async function renderUnitCardFor(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; personId: string; locale: Locale; timeZone: string; notice?: string; noticeTone?: NoticeTone },
): Promise<Record<string, unknown> | null> {
  const [profile, agreement, activities] = await Promise.all([
    readHfProfile(deps.db, { roundId: o.roundId, unitId: o.unitId, k: deps.minGroupSize }),
    readAgreement(deps.db, o.roundId, o.unitId),
    listActivities(deps.db, o.roundId, o.unitId),
  ]);
  const side = sideOf(agreement.parties, o.personId);
  if (!profile || !side) return null;
  const people = await deps.db.person.findMany({
    where: { id: { in: [...agreement.parties.manager, ...agreement.parties.second] } },
    select: { id: true, displayName: true },
  });
  return hfUnitCardJson(
    profile,
    agreement,
    activities,
    { personId: o.personId, side, names: new Map(people.map((p) => [p.id, p.displayName])) },
    {
      locale: o.locale,
      k: deps.minGroupSize,
      timeZone: o.timeZone,
      ...(o.notice ? { notice: o.notice } : {}),
      ...(o.noticeTone ? { noticeTone: o.noticeTone } : {}),
    },
  );
}

/**
 * Plans the unit card to people (e.g. the other party after a proposal), in office hours. `stage`
 * makes each state its own message: a replayed step plans nothing twice.
 */
export async function planUnitCards(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; personIds: string[]; stage: string; now: Date },
): Promise<number> {
  const sent = await sendCardsToPeople(deps, {
    to: o.personIds,
    key: (personId) => unitCardKey(o.roundId, o.unitId, o.stage, personId),
    render: (person) =>
      renderUnitCardFor(deps, { roundId: o.roundId, unitId: o.unitId, personId: person.personId, locale: person.locale, timeZone: person.timeZone }),
    notBefore: (person) => nextWorkingTime(o.now, { ...OFFICE_HOURS, timeZone: person.timeZone }),
  });
  return sent.planned;
}
