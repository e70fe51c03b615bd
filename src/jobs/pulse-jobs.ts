// The pulse jobs: plan each due pulse and send its card, remind non-respondents once, close.
// Cards are rendered at planning time in each recipient's language and stored in the outbox.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { enqueueMessages, type PlannedMessage } from "../delivery/enqueue.js";
import { runDueOccurrences } from "./run-due-occurrences.js";
import { ensureDefaultSchedule, listActiveSchedules } from "../domain/pulse/pulse-schedules.js";
import { planPulse } from "../domain/pulse/plan-pulse.js";
import { closeDuePulses, listDueReminders, markReminded } from "../domain/pulse/pulse-deadlines.js";
import { readPulseView, type PulseView } from "../domain/pulse/record-answer.js";
import { normalizeLocale } from "../i18n/index.js";
import { pulseCard } from "../teams/cards/pulse-card.js";
import { loadRecipientInfo } from "../delivery/load-recipients.js";

export interface PulseJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  answerTokenSecret: string;
  defaultLocale: "sv-SE" | "en-US";
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
            const pulse = await planPulse(deps.db, schedule, dueAt);
            const view = (): PulseView => ({ pulseId: pulse.pulseId, questionIds: pulse.questionIds, closesAt: pulse.closesAt, open: true, answers: {}, contactRequested: false });
            const messages = await buildMessages(deps, pulse.recipients.map((r) => r.personId), "pulse", (personId) => `pulse:${pulse.pulseId}:${personId}`, async () => view(), now, false);
            planned += (await enqueueMessages(deps.db, deps.clock, messages)).planned;
            pulses++;
          },
        });
      }
      return { pulses, planned };
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
        const messages = await buildMessages(
          deps,
          personIds,
          "pulse-reminder",
          (personId) => `pulse-reminder:${pulseId}:${personId}`,
          (personId) => readPulseView(deps.db, deps.answerTokenSecret, pulseId, personId, now),
          now,
          true,
        );
        // Enqueue first (idempotent), then mark: a crash in between re-plans the same keys.
        planned += (await enqueueMessages(deps.db, deps.clock, messages)).planned;
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

async function buildMessages(
  deps: PulseJobDeps,
  personIds: string[],
  kind: string,
  key: (personId: string) => string,
  viewFor: (personId: string) => Promise<PulseView | null>,
  now: Date,
  reminder: boolean,
): Promise<PlannedMessage[]> {
  const messages: PlannedMessage[] = [];
  // Most recipients see the same card (same language, time zone and state): render each once.
  const rendered = new Map<string, ReturnType<typeof pulseCard>>();
  const recipients = await loadRecipientInfo(deps.db, personIds);
  for (const personId of personIds) {
    const person = recipients.get(personId);
    if (!person) continue;
    const view = await viewFor(person.personId);
    if (!view) continue;
    const options = { locale: normalizeLocale(person.locale, deps.defaultLocale), minGroupSize: deps.minGroupSize, timeZone: person.timeZone, reminder };
    const cacheKey = JSON.stringify([view, options]);
    let card = rendered.get(cacheKey);
    if (!card) rendered.set(cacheKey, (card = pulseCard(view, options)));
    messages.push({
      idempotencyKey: key(person.personId),
      kind,
      personId: person.personId,
      conversationRefId: person.conversationRefId,
      activity: { type: "message", attachments: [card] },
      notBefore: now,
    });
  }
  return messages;
}
