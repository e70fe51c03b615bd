// After a pulse closes: build its cells (the privacy rules run once, here), then send each unit's
// manager and skyddsombud the unit summary and each HR partner the overview of their subtree,
// within office hours. Both steps are idempotent (a claim on the pulse; outbox keys), and a crash
// between them only means the cards are planned on the next tick.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { enqueueCards, planCards, rememberCards } from "../delivery/send-cards-to-people.js";
import { memberResultKey, summaryKey } from "../delivery/outbox-keys.js";
import { buildPulseCells, listUnsummarizedPulses } from "../domain/aggregates/build-pulse-cells.js";
import { readUnitSummary } from "../domain/aggregates/read-unit-summary.js";
import { readSubtreeOverview } from "../domain/aggregates/read-subtree-overview.js";
import { deleteExpiredAnswers, deleteExpiredRatings } from "../domain/aggregates/delete-expired-answers.js";
import { recordAggregateViews, type AggregateView } from "../domain/aggregates/record-view.js";
import { listSummaryAddressees, type SummaryAddressee } from "../domain/aggregates/summary-addressees.js";
import { nextWorkingTime, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import type { Locale } from "../i18n/index.js";
import { memberResultCardJson, overviewCardJson, summaryCardJson } from "../teams/cards/summary-card.js";
import { listMemberResultAddressees } from "../domain/aggregates/summary-addressees.js";
import { readAreaReach } from "../domain/reach/read-reach.js";

export interface SummaryJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  answerRetentionMonths: number;
  /** RATING_RETENTION_MONTHS (defaults to the answers' value). */
  ratingRetentionMonths: number;
  defaultLocale: Locale;
}

export function buildSummaryJobs(deps: SummaryJobDeps): Job[] {
  return [
    {
      name: "pulse.summarize",
      async run(now) {
        let built = 0;
        for (const pulse of await listUnsummarizedPulses(deps.db)) {
          if (await buildPulseCells(deps.db, pulse.id, deps.minGroupSize, now)) built++;
        }
        let summaries = 0;
        const pending = await deps.db.pulse.findMany({
          where: { summarizedAt: { not: null }, summariesPlannedAt: null },
          select: { id: true, unitId: true, schedule: { select: { timeZone: true } } },
          orderBy: { dueAt: "asc" },
        });
        for (const pulse of pending) {
          summaries += await planSummaries(deps, pulse, now);
          await deps.db.pulse.update({ where: { id: pulse.id }, data: { summariesPlannedAt: now } });
        }
        return { built, summaries };
      },
    },
    {
      name: "answers.retention",
      async run(now) {
        const answers = await deleteExpiredAnswers(deps.db, now, deps.answerRetentionMonths);
        const ratings = await deleteExpiredRatings(deps.db, now, deps.ratingRetentionMonths);
        return { ...answers, ratingRounds: ratings.rounds, ratings: ratings.ratings };
      },
    },
  ];
}

async function planSummaries(deps: SummaryJobDeps, pulse: { id: string; unitId: string; schedule: { timeZone: string } }, now: Date): Promise<number> {
  const once = rememberCards();
  const planned = await planCards(deps, {
    to: await listSummaryAddressees(deps.db, pulse),
    key: (a) => summaryKey(a.view, pulse.id, a.unitId, a.personId),
    render: (person, a) =>
      once([a.view, a.unitId, person.locale, person.timeZone], () => renderFor(deps, a, pulse.id, { locale: person.locale, timeZone: person.timeZone }, now)),
    notBefore: nextWorkingTime(now, { ...OFFICE_HOURS, timeZone: pulse.schedule.timeZone }),
  });
  // Record the views of cards not planned before, then plan them: a crash in between records a
  // view twice rather than sends a card that was never recorded.
  const keys = planned.map((p) => p.message.idempotencyKey);
  const known = new Set(
    (await deps.db.outboxMessage.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey),
  );
  const views: AggregateView[] = planned
    .filter((p) => p.person.conversationRefId && !known.has(p.message.idempotencyKey))
    .map(({ to: a }) => ({ actorId: a.personId, unitId: a.unitId, pulseId: pulse.id, view: a.view, via: "proactive", at: now }));
  await recordAggregateViews(deps.db, views);
  return (await enqueueCards(deps, planned)).planned + (await planMemberResults(deps, pulse, now));
}

/** "Så mår vi": each member who got the pulse sees their unit's released figure (or why there is none). */
async function planMemberResults(deps: SummaryJobDeps, pulse: { id: string; unitId: string; schedule: { timeZone: string } }, now: Date): Promise<number> {
  const once = rememberCards();
  const planned = await planCards(deps, {
    to: await listMemberResultAddressees(deps.db, pulse.id),
    key: (a) => memberResultKey(pulse.id, a.unitId, a.personId),
    render: (person, a) =>
      once([a.unitId, person.locale, person.timeZone], async () => {
        const summary = await readUnitSummary(deps.db, { unitId: a.unitId, pulseId: pulse.id, now, k: deps.minGroupSize });
        return summary && memberResultCardJson(summary, { locale: person.locale, timeZone: person.timeZone, k: deps.minGroupSize });
      }),
    notBefore: nextWorkingTime(now, { ...OFFICE_HOURS, timeZone: pulse.schedule.timeZone }),
  });
  const keys = planned.map((p) => p.message.idempotencyKey);
  const known = new Set(
    (await deps.db.outboxMessage.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey),
  );
  await recordAggregateViews(
    deps.db,
    planned
      .filter((p) => p.person.conversationRefId && !known.has(p.message.idempotencyKey))
      .map(({ to: a }) => ({ actorId: a.personId, unitId: a.unitId, pulseId: pulse.id, view: "memberResult", via: "proactive", at: now })),
  );
  return (await enqueueCards(deps, planned)).planned;
}

async function renderFor(deps: SummaryJobDeps, a: SummaryAddressee, pulseId: string, o: { locale: Locale; timeZone: string }, now: Date) {
  const options = { ...o, k: deps.minGroupSize, intro: true };
  if (a.view === "unitSummary") {
    const summary = await readUnitSummary(deps.db, { unitId: a.unitId, pulseId, now, k: deps.minGroupSize });
    return summary && summaryCardJson(summary, options);
  }
  const overview = await readSubtreeOverview(deps.db, { rootUnitId: a.unitId, pulseId, k: deps.minGroupSize });
  return overview && overviewCardJson(overview, options, await readAreaReach(deps.db, a.unitId));
}
