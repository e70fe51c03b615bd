// Assembles the friskfaktor unit card for one viewer (their side, language, time zone) and plans
// it to the other party when the agreement or an activity moves; plans the members' result card
// once the unit has agreed. Shared by card handlers and jobs.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { sendCardsToPeople } from "../delivery/send-cards-to-people.js";
import { hfMemberActivitiesKey, hfMemberResultKey, unitCardKey } from "../delivery/outbox-keys.js";
import { readHfProfile } from "../domain/aggregates/read-hf-profile.js";
import { recordAggregateViews } from "../domain/aggregates/record-view.js";
import { readAgreement } from "../domain/priorities/agreement.js";
import { listActivities } from "../domain/priorities/activities.js";
import { listUnitMembers, sideOf } from "../domain/priorities/parties.js";
import { nextWorkingTime, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import { translatorFor, type Locale, type Translate } from "../i18n/index.js";
import type { NoticeTone } from "./cards/render-card.js";
import { hfMemberResultCardJson, hfUnitCardJson, type ActivityDraft } from "./cards/health-factor-cards.js";

export interface PresenterDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  defaultLocale: Locale;
}

export async function renderUnitCardFor(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; personId: string; locale: Locale; timeZone: string; notice?: string; noticeTone?: NoticeTone; draft?: ActivityDraft },
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
      ...(o.draft ? { draft: o.draft } : {}),
    },
  );
}

/**
 * Plans the unit card to people (e.g. the other party after a proposal), in office hours. `stage`
 * makes each state its own message: a replayed step plans nothing twice. `notice`: a line on top,
 * in each recipient's language (e.g. who added an activity).
 */
export async function planUnitCards(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; personIds: string[]; stage: string; now: Date; notice?: (t: Translate) => string },
): Promise<number> {
  const sent = await sendCardsToPeople(deps, {
    to: o.personIds,
    key: (personId) => unitCardKey(o.roundId, o.unitId, o.stage, personId),
    render: (person) =>
      renderUnitCardFor(deps, {
        roundId: o.roundId,
        unitId: o.unitId,
        personId: person.personId,
        locale: person.locale,
        timeZone: person.timeZone,
        ...(o.notice ? { notice: o.notice(translatorFor(person.locale)) } : {}),
      }),
    notBefore: (person) => nextWorkingTime(o.now, { ...OFFICE_HOURS, timeZone: person.timeZone }),
  });
  return sent.planned;
}

/**
 * Once the unit has agreed: each member of the unit gets its released profile, the agreed factors
 * and the activities so far, in office hours, once (keyed per round, unit and person). Each view of
 * the profile is audited as the parties' are.
 */
export async function planMemberResults(
  deps: PresenterDeps,
  o: { roundId: string; unitId: string; now: Date; stage?: "agreed" | "activities" },
): Promise<number> {
  const stage = o.stage ?? "agreed";
  const [profile, agreement, activities, members] = await Promise.all([
    readHfProfile(deps.db, { roundId: o.roundId, unitId: o.unitId, k: deps.minGroupSize }),
    readAgreement(deps.db, o.roundId, o.unitId),
    listActivities(deps.db, o.roundId, o.unitId),
    listUnitMembers(deps.db, o.unitId),
  ]);
  const agreed = agreement.agreed;
  if (!profile || !agreed || members.length === 0) return 0;
  const sent = await sendCardsToPeople(deps, {
    to: members,
    key: (personId) => (stage === "agreed" ? hfMemberResultKey : hfMemberActivitiesKey)(o.roundId, o.unitId, personId),
    render: (person) => hfMemberResultCardJson(profile, agreed, activities, { locale: person.locale, k: deps.minGroupSize, timeZone: person.timeZone, stage }),
    notBefore: (person) => nextWorkingTime(o.now, { ...OFFICE_HOURS, timeZone: person.timeZone }),
  });
  if (sent.planned > 0 && profile.profile.released) {
    await recordAggregateViews(
      deps.db,
      members.map((actorId) => ({ actorId, unitId: o.unitId, pulseId: o.roundId, view: "hfProfile" as const, via: "proactive" as const, at: o.now })),
    );
  }
  return sent.planned;
}
