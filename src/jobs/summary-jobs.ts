// After a pulse closes: build its cells (the privacy rules run once, here), then send each unit's
// manager and skyddsombud the unit summary and each HR partner the overview of their subtree,
// within office hours. Both steps are idempotent (a claim on the pulse; outbox keys), and a crash
// between them only means the cards are planned on the next tick.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { enqueueMessages, type PlannedMessage } from "../delivery/enqueue.js";
import { buildPulseCells, listUnsummarizedPulses } from "../domain/aggregates/build-pulse-cells.js";
import { readUnitSummary } from "../domain/aggregates/read-unit-summary.js";
import { readSubtreeOverview } from "../domain/aggregates/read-subtree-overview.js";
import { deleteExpiredAnswers, deleteExpiredRatings } from "../domain/aggregates/delete-expired-answers.js";
import { recordAggregateViews, type AggregateView } from "../domain/aggregates/record-view.js";
import { listUnitsWithCells } from "../domain/aggregates/viewer-scope.js";
import { nextWorkingTime, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import { normalizeLocale } from "../i18n/index.js";
import { overviewCardJson, summaryCardJson } from "../teams/cards/summary-card.js";
import { readAreaReach } from "../domain/reach/read-reach.js";
import { loadRecipientInfo } from "../delivery/load-recipients.js";

export interface SummaryJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  answerRetentionMonths: number;
  /** RATING_RETENTION_MONTHS (defaults to the answers' value). */
  ratingRetentionMonths: number;
  defaultLocale: "sv-SE" | "en-US";
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

interface Addressee {
  personId: string;
  unitId: string;
  view: AggregateView["view"];
}

async function planSummaries(deps: SummaryJobDeps, pulse: { id: string; unitId: string; schedule: { timeZone: string } }, now: Date): Promise<number> {
  const addressees = await listAddressees(deps.db, pulse);
  const recipients = await loadRecipientInfo(deps.db, [...new Set(addressees.map((a) => a.personId))]);
  const notBefore = nextWorkingTime(now, { ...OFFICE_HOURS, timeZone: pulse.schedule.timeZone });
  const rendered = new Map<string, Record<string, unknown> | null>();
  const messages: PlannedMessage[] = [];
  const views: AggregateView[] = [];
  for (const a of addressees) {
    const person = recipients.get(a.personId);
    if (!person) continue;
    const locale = normalizeLocale(person.locale, deps.defaultLocale);
    const cacheKey = JSON.stringify([a.view, a.unitId, locale, person.timeZone]);
    if (!rendered.has(cacheKey)) rendered.set(cacheKey, await renderFor(deps, a, pulse.id, { locale, timeZone: person.timeZone }, now));
    const card = rendered.get(cacheKey);
    if (!card) continue;
    messages.push({
      idempotencyKey: `${a.view}:${pulse.id}:${a.unitId}:${a.personId}`,
      kind: a.view,
      personId: a.personId,
      conversationRefId: person.conversationRefId,
      activity: { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] },
      notBefore,
    });
    if (person.conversationRefId) views.push({ actorId: a.personId, unitId: a.unitId, pulseId: pulse.id, view: a.view, via: "proactive", at: now });
  }
  // Record the views of cards not planned before, then plan them: a crash in between records a
  // view twice rather than sends a card that was never recorded.
  const known = new Set(
    (await deps.db.outboxMessage.findMany({ where: { idempotencyKey: { in: messages.map((m) => m.idempotencyKey) } }, select: { idempotencyKey: true } })).map(
      (m) => m.idempotencyKey,
    ),
  );
  await recordAggregateViews(deps.db, views.filter((v) => !known.has(`${v.view}:${v.pulseId}:${v.unitId}:${v.actorId}`)));
  return (await enqueueMessages(deps.db, deps.clock, messages)).planned;
}

async function renderFor(deps: SummaryJobDeps, a: Addressee, pulseId: string, o: { locale: "sv-SE" | "en-US"; timeZone: string }, now: Date) {
  const options = { ...o, k: deps.minGroupSize, intro: true };
  if (a.view === "unitSummary") {
    const summary = await readUnitSummary(deps.db, { unitId: a.unitId, pulseId, now, k: deps.minGroupSize });
    return summary && summaryCardJson(summary, options);
  }
  const overview = await readSubtreeOverview(deps.db, { rootUnitId: a.unitId, pulseId, k: deps.minGroupSize });
  return overview && overviewCardJson(overview, options, await readAreaReach(deps.db, a.unitId));
}

/**
 * Managers and skyddsombud of every unit with a cell in this pulse; HR partners assigned to such
 * a unit, or above the schedule's unit (they get the overview from the schedule's unit down).
 */
async function listAddressees(db: Db, pulse: { id: string; unitId: string }): Promise<Addressee[]> {
  const cellUnits = await listUnitsWithCells(db, pulse.id);
  const units = await db.unit.findMany({ select: { id: true, parentId: true } });
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const aboveSchedule = new Set<string>();
  for (let at = parentOf.get(pulse.unitId); at; at = parentOf.get(at)) aboveSchedule.add(at);
  const assignments = await db.assignment.findMany({
    where: { active: true, role: { in: ["manager", "safety_rep", "hr_partner"] }, person: { active: true } },
    select: { personId: true, unitId: true, role: true },
    orderBy: [{ unitId: "asc" }, { personId: "asc" }],
  });
  const result = new Map<string, Addressee>();
  for (const a of assignments) {
    if (a.role === "hr_partner") {
      const root = cellUnits.has(a.unitId) ? a.unitId : aboveSchedule.has(a.unitId) ? pulse.unitId : null;
      if (root) result.set(`o:${root}:${a.personId}`, { personId: a.personId, unitId: root, view: "subtreeOverview" });
    } else if (cellUnits.has(a.unitId)) {
      // Chef and skyddsombud of the same unit in one person: one card.
      result.set(`s:${a.unitId}:${a.personId}`, { personId: a.personId, unitId: a.unitId, view: "unitSummary" });
    }
  }
  return [...result.values()];
}
