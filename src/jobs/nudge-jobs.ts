// Early signals (DESIGN.md, "Early signals and nudges"): detect every tick (cases are idempotent by
// their open key), then send each person at most one card a day, on weekdays 08–17 in their own
// time zone, gathering all their new cases and escalations. Sick-leave occasions past 13 months go,
// and so do the monthly sick-leave cells (and the people behind them) past their window.
import { DateTime } from "luxon";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Job } from "./job.js";
import { loadCardRecipients, sendCardsToPeople } from "../delivery/send-cards-to-people.js";
import { digestKey } from "../delivery/outbox-keys.js";
import { evaluateSignals } from "../domain/nudges/evaluate-signals.js";
import { listDigestsDue, markDigestPlanned } from "../domain/nudges/digest.js";
import { listCasesById, listCasesOf } from "../domain/nudges/list-cases.js";
import type { NudgeThresholds } from "../domain/nudges/thresholds.js";
import { deleteExpiredAbsences } from "../domain/absences/delete-expired-absences.js";
import { deleteExpiredSickLeaveCells } from "../domain/aggregates/build-sick-leave-cells.js";
import { recordAudit } from "../domain/records/audit.js";
import { isWithinWorkingHours, OFFICE_HOURS } from "../domain/schedule/working-hours.js";
import type { Locale } from "../i18n/index.js";
import { casesCardJson } from "../teams/cards/case-cards.js";

export interface NudgeJobDeps {
  db: Db;
  clock: Clock;
  minGroupSize: number;
  thresholds: NudgeThresholds;
  defaultLocale: Locale;
  /** ABSENCE_RETENTION_MONTHS (default 13). */
  absenceRetentionMonths?: number;
}

export function buildNudgeJobs(deps: NudgeJobDeps): Job[] {
  return [
    {
      name: "nudges.detect",
      async run(now) {
        const r = await evaluateSignals(deps.db, now, deps.minGroupSize, deps.thresholds);
        // Counts only: which person or unit is never logged.
        return {
          sickLeaveOpened: r.sickLeave.opened,
          fallingPulseOpened: r.fallingPulse.opened,
          contactOpened: r.contact.opened,
          contactWithdrawn: r.contact.withdrawn,
          unrouted: r.sickLeave.unrouted + r.contact.unrouted,
        };
      },
    },
    { name: "nudges.digest", run: (now) => sendDigests(deps, now) },
    {
      name: "absences.retention",
      run: async (now) => ({
        ...(await deleteExpiredAbsences(deps.db, now, deps.absenceRetentionMonths)),
        ...(await deleteExpiredSickLeaveCells(deps.db, now)),
      }),
    },
  ];
}

async function sendDigests(deps: NudgeJobDeps, now: Date) {
  const due = await listDigestsDue(deps.db, now, deps.thresholds);
  if (due.length === 0) return { digests: 0, waiting: 0 };
  const people = await loadCardRecipients(
    deps,
    due.map((d) => d.personId),
  );
  let digests = 0;
  let waiting = 0;
  for (const d of due) {
    const person = people.get(d.personId);
    if (!person) continue;
    if (!isWithinWorkingHours(now, { ...OFFICE_HOURS, timeZone: person.timeZone })) {
      waiting++;
      continue;
    }
    const day = DateTime.fromJSDate(now, { zone: person.timeZone }).toISODate()!;
    // Escalated cases are shown to the HR partner whoever owns them (the digest chose them).
    const [own, escalated] = await Promise.all([listCasesOf(deps.db, d.personId, d.own), listCasesById(deps.db, d.escalated)]);
    const result = await sendCardsToPeople(deps, {
      to: [d],
      people,
      // One key per person and local day: a second batch of cases the same day waits for tomorrow.
      key: () => digestKey(d.personId, day),
      render: (p) => casesCardJson(own, { locale: p.locale, timeZone: p.timeZone, now, thresholds: deps.thresholds, mode: "digest" }, escalated),
      notBefore: now,
    });
    if (result.planned === 0) {
      waiting++;
      continue;
    }
    await markDigestPlanned(deps.db, d, now);
    // Each case on the card names a person: who was shown it is audited, as in `ärenden`.
    for (const caseId of new Set([...own, ...escalated].map((c) => c.id))) {
      await recordAudit(deps.db, { at: now, actorId: d.personId, action: "case.view", subjectType: "case", subjectId: caseId, detail: { via: "proactive" } });
    }
    digests++;
  }
  return { digests, waiting };
}
