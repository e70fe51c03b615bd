// The pulse jobs: plan each due pulse and send its card, remind non-respondents once, close.
// Cards are rendered at planning time in each recipient's language and stored in the outbox
// (src/delivery/send-cards-to-people.ts).
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { rememberCards, sendCardsToPeople } from "../delivery/send-cards-to-people.js";
import { pulseCardKey, pulseReminderKey, type OutboxKey } from "../delivery/outbox-keys.js";
import { runDueOccurrences } from "./run-due-occurrences.js";
import { ensureDefaultSchedule, listActiveSchedules } from "../domain/pulse/pulse-schedules.js";
import { planPulse } from "../domain/pulse/plan-pulse.js";
import { loadUnitPauses, pauseHolding, pausedUnitsOn } from "../domain/pulse/unit-pauses.js";
import { isPausedOn } from "../domain/schedule/pause-periods.js";
import { loadUnitTree } from "../domain/org/unit-tree.js";
import { DateTime } from "luxon";
import { closeDuePulses, listDueReminders, markReminded } from "../domain/pulse/pulse-deadlines.js";
import { readPulseView, type PulseView } from "../domain/pulse/record-answer.js";
import type { Locale } from "../i18n/index.js";
import { pulseCardJson, pulseRefreshBlock } from "../teams/cards/pulse-card.js";

export interface PulseJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  answerTokenSecret: string;
  defaultLocale: Locale;
}

export function buildPulseJobs(deps: PulseJobDeps): Job[] {
  return [planPulsesJob(deps), remindPulsesJob(deps), closePulsesJob(deps)];
}

function planPulsesJob(deps: PulseJobDeps): Job {
  return {
    name: "pulse.plan",
    async run(now) {
      await ensureDefaultSchedule(deps.db, now);
      let pulses = 0;
      let planned = 0;
      let paused = 0;
      for (const schedule of await listActiveSchedules(deps.db)) {
        await runDueOccurrences({
          db: deps.db,
          job: "pulse.plan",
          series: `pulse.plan:${schedule.id}`,
          rule: schedule.rule,
          now,
          // Catch up after downtime while the pulse can still be answered.
          lookbackMs: schedule.answerWindowMs,
          handler: async (dueAt) => {
            if (dueAt < schedule.effectiveFrom) return; // a new or changed schedule never back-dates pulses
            // Holiday pauses (issue 16): none on the schedule's pause days; none to paused units.
            const local = DateTime.fromJSDate(dueAt, { zone: schedule.rule.timeZone });
            const [tree, unitPauses] = await Promise.all([loadUnitTree(deps.db), loadUnitPauses(deps.db)]);
            const day = local.toISODate()!;
            if (isPausedOn(schedule.pauses, local) || pauseHolding(tree, unitPauses, schedule.unitId, day)) {
              paused++;
              return;
            }
            const pausedUnits = pausedUnitsOn(
              tree,
              tree.subtree(schedule.unitId).map((u) => u.id),
              unitPauses,
              day,
            );
            const pulse = await planPulse(deps.db, schedule, dueAt, pausedUnits);
            const view: PulseView = {
              pulseId: pulse.pulseId,
              questionIds: pulse.questionIds,
              closesAt: pulse.closesAt,
              open: true,
              answers: {},
              contactRequested: false,
            };
            const personIds = pulse.recipients.map((r) => r.personId);
            planned += (
              await sendPulseCards(
                deps,
                personIds,
                (personId) => pulseCardKey(pulse.pulseId, personId),
                async () => view,
                now,
                false,
              )
            ).planned;
            pulses++;
          },
        });
      }
      // `paused`: occurrences a pause held back (only when there were any).
      return { pulses, planned, ...(paused > 0 ? { paused } : {}) };
    },
  };
}

function remindPulsesJob(deps: PulseJobDeps): Job {
  return {
    name: "pulse.remind",
    async run(now) {
      const due = await listDueReminders(deps.db, now);
      let planned = 0;
      const byPulse = new Map<string, string[]>();
      for (const r of due) byPulse.set(r.pulseId, [...(byPulse.get(r.pulseId) ?? []), r.personId]);
      for (const [pulseId, personIds] of byPulse) {
        const viewFor = (personId: string) => readPulseView(deps.db, deps.answerTokenSecret, pulseId, personId, now);
        // Enqueue first (idempotent), then mark: a crash in between re-plans the same keys.
        planned += (await sendPulseCards(deps, personIds, (personId) => pulseReminderKey(pulseId, personId), viewFor, now, true)).planned;
        await markReminded(deps.db, pulseId, personIds);
      }
      return { reminders: planned };
    },
  };
}

function closePulsesJob(deps: PulseJobDeps): Job {
  return {
    name: "pulse.close",
    async run(now) {
      return { closed: await closeDuePulses(deps.db, now) };
    },
  };
}

/**
 * The Teams user id of each person's active 1:1 conversation: an open pulse card names it in its
 * Universal Actions refresh (pulse-card.ts), so Teams refreshes the card when that person views it.
 */
async function teamsUserIds(db: Db, personIds: string[]): Promise<Map<string, string>> {
  const byRef = new Map<string, string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const refs = await db.conversationRef.findMany({
      where: { personId: { in: personIds.slice(i, i + 500) }, active: true },
      select: { id: true, userId: true },
    });
    for (const r of refs) byRef.set(r.id, r.userId);
  }
  return byRef;
}

async function sendPulseCards(
  deps: PulseJobDeps,
  personIds: string[],
  key: (personId: string) => OutboxKey,
  viewFor: (personId: string) => Promise<PulseView | null>,
  now: Date,
  reminder: boolean,
) {
  const once = rememberCards();
  const userIds = await teamsUserIds(deps.db, personIds);
  return sendCardsToPeople(deps, {
    to: personIds,
    key,
    render: async (person) => {
      const view = await viewFor(person.personId);
      if (!view) return null;
      const options = { locale: person.locale, minGroupSize: deps.minGroupSize, timeZone: person.timeZone, reminder };
      const card = once([view, options], () => pulseCardJson(view, options));
      const userId = person.conversationRefId ? userIds.get(person.conversationRefId) : undefined;
      return userId && view.open ? { ...card, refresh: pulseRefreshBlock(view.pulseId, userId, reminder) } : card;
    },
    notBefore: now,
  });
}
