// Friskfaktor rounds over time: announce a new round (rating card to every recipient), remind
// once, close (cells under the release rules, then each unit's card to both parties), and remind
// both parties of activities that fall due. Idempotent by JobRun slots, claims and outbox keys.
import { DateTime } from "luxon";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { rememberCards, sendCardsToPeople, type CardRecipient } from "../delivery/send-cards-to-people.js";
import { activityReminderKey, postponedActivityReminderKey, roundCardKey, roundReminderKey, type OutboxKey } from "../delivery/outbox-keys.js";
import { closeDueRounds, listDueRoundReminders, listRoundRecipients, markRoundReminded, ROUND_TIME_ZONE } from "../domain/health-factors/round-deadlines.js";
import { readRatingView, type RatingView } from "../domain/health-factors/record-ratings.js";
import { buildRoundCells, listUnsummarizedRounds } from "../domain/aggregates/build-round-cells.js";
import { recordAggregateViews } from "../domain/aggregates/record-view.js";
import { listPartyIds, loadParties } from "../domain/priorities/parties.js";
import { listDueActivities, markActivityReminded } from "../domain/priorities/activities.js";
import { isWithinWorkingHours, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import type { Locale } from "../i18n/index.js";
import { hfActivityDueCardJson, hfRatingCardJson } from "../teams/cards/health-factor-cards.js";
import { planMemberResults, planUnitCards } from "../teams/health-factor-presenter.js";

export interface HealthFactorJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  answerTokenSecret: string;
  defaultLocale: Locale;
}

export function buildHealthFactorJobs(deps: HealthFactorJobDeps): Job[] {
  return [
    { name: "hf.announce", run: (now) => announceRounds(deps, now) },
    { name: "hf.remind", run: (now) => remindRounds(deps, now) },
    { name: "hf.close", run: (now) => closeRounds(deps, now) },
    { name: "hf.activities", run: (now) => remindActivities(deps, now) },
  ];
}

async function announceRounds(deps: HealthFactorJobDeps, now: Date) {
  const rounds = await deps.db.hfRound.findMany({
    where: { status: "collecting", opensAt: { lte: now }, closesAt: { gt: now } },
    select: { id: true, closesAt: true },
  });
  let planned = 0;
  for (const round of rounds) {
    const slot = `hf.announce@${round.id}`;
    if ((await deps.db.jobRun.findUnique({ where: { job_slot: { job: "hf.announce", slot } } }))?.finishedAt) continue;
    const view: RatingView = { roundId: round.id, closesAt: round.closesAt, open: true, ratings: {} };
    planned += await sendRatingCards(
      deps,
      await listRoundRecipients(deps.db, round.id),
      (personId) => roundCardKey(round.id, personId),
      async () => view,
      false,
      now,
    );
    await deps.db.jobRun.upsert({
      where: { job_slot: { job: "hf.announce", slot } },
      create: { job: "hf.announce", slot, startedAt: now, finishedAt: now },
      update: { finishedAt: now },
    });
  }
  return { planned };
}

async function remindRounds(deps: HealthFactorJobDeps, now: Date) {
  let planned = 0;
  for (const due of await listDueRoundReminders(deps.db, now)) {
    const view = (personId: string) => readRatingView(deps.db, deps.answerTokenSecret, due.roundId, personId, now);
    // Plan first (idempotent keys), then mark: a crash in between re-plans, never loses or doubles.
    planned += await sendRatingCards(deps, due.personIds, (personId) => roundReminderKey(due.roundId, personId), view, true, now);
    await markRoundReminded(deps.db, due.roundId, due.personIds);
  }
  return { reminders: planned };
}

async function sendRatingCards(
  deps: HealthFactorJobDeps,
  personIds: string[],
  key: (personId: string) => OutboxKey,
  viewFor: (personId: string) => Promise<RatingView | null>,
  reminder: boolean,
  now: Date,
): Promise<number> {
  const once = rememberCards();
  const render = async (person: CardRecipient) => {
    const view = await viewFor(person.personId);
    if (!view) return null;
    const options = { locale: person.locale, k: deps.minGroupSize, timeZone: person.timeZone, reminder };
    return once([view, options], () => hfRatingCardJson(view, options));
  };
  return (await sendCardsToPeople(deps, { to: personIds, key, render, notBefore: now })).planned;
}

async function closeRounds(deps: HealthFactorJobDeps, now: Date) {
  const closed = await closeDueRounds(deps.db, now);
  let built = 0;
  for (const round of await listUnsummarizedRounds(deps.db)) if (await buildRoundCells(deps.db, round.id, deps.minGroupSize, now)) built++;
  let profiles = 0;
  const pending = await deps.db.hfRound.findMany({
    where: { summarizedAt: { not: null }, summariesPlannedAt: null },
    select: { id: true, units: { select: { unitId: true } } },
  });
  for (const round of pending) {
    for (const { unitId } of round.units) {
      const personIds = listPartyIds(await loadParties(deps.db, unitId));
      const planned = await planUnitCards(deps, { roundId: round.id, unitId, personIds, stage: "results", now });
      if (planned > 0) {
        await recordAggregateViews(
          deps.db,
          personIds.map((actorId) => ({ actorId, unitId, pulseId: round.id, view: "hfProfile" as const, via: "proactive" as const, at: now })),
        );
      }
      profiles += planned;
    }
    await deps.db.hfRound.update({ where: { id: round.id }, data: { summariesPlannedAt: now } });
  }
  return { closed, built, profiles };
}

async function remindActivities(deps: HealthFactorJobDeps, now: Date) {
  if (!isWithinWorkingHours(now, { ...OFFICE_HOURS, timeZone: ROUND_TIME_ZONE })) return { reminders: 0, membersTold: 0 };
  const today = DateTime.fromJSDate(now, { zone: ROUND_TIME_ZONE }).toISODate()!;
  let reminders = 0;
  for (const activity of await listDueActivities(deps.db, today)) {
    const [parties, unit] = await Promise.all([
      loadParties(deps.db, activity.unitId),
      deps.db.unit.findUnique({ where: { id: activity.unitId }, select: { name: true } }),
    ]);
    const view = { ...activity, unitName: unit?.name ?? activity.unitId };
    const planned = await sendCardsToPeople(deps, {
      to: listPartyIds(parties),
      // A postponed activity is due again on its new date: a key of its own (the first one is spent).
      key: (personId) =>
        activity.originalDueDate === null ? activityReminderKey(activity.id, personId) : postponedActivityReminderKey(activity.id, activity.dueDate, personId),
      render: (person) => hfActivityDueCardJson(view, { locale: person.locale, today }),
      notBefore: now,
    });
    reminders += planned.planned;
    await markActivityReminded(deps.db, activity.id, now);
  }
  return { reminders, membersTold: await tellMembersActivities(deps, now, today) };
}

/**
 * The members heard the priorities when the unit agreed; they hear the activities once, in office
 * hours, from the day after the first one was added (so a day's additions go together).
 */
async function tellMembersActivities(deps: HealthFactorJobDeps, now: Date, today: string): Promise<number> {
  let told = 0;
  for (const unit of await deps.db.hfRoundUnit.findMany({ where: { state: "activities" }, select: { roundId: true, unitId: true } })) {
    const slot = `hf.members@${unit.roundId}:${unit.unitId}`;
    if ((await deps.db.jobRun.findUnique({ where: { job_slot: { job: "hf.activities", slot } } }))?.finishedAt) continue;
    const first = await deps.db.priorityActivity.findFirst({ where: unit, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    if (!first || DateTime.fromJSDate(first.createdAt, { zone: ROUND_TIME_ZONE }).toISODate()! >= today) continue;
    // Plan first (idempotent keys), then mark: a crash in between re-plans, never loses or doubles.
    told += await planMemberResults(deps, { ...unit, now, stage: "activities" });
    await deps.db.jobRun.upsert({
      where: { job_slot: { job: "hf.activities", slot } },
      create: { job: "hf.activities", slot, startedAt: now, finishedAt: now },
      update: { finishedAt: now },
    });
  }
  return told;
}
