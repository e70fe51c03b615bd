// A small org where several people answer the same pulses and round, with sick-leave occasions,
// contact requests, cases and audit events for more than one person: an extract must pick exactly
// one person's data out of it. Answers go through the real paths (recordPulseAnswer, recordRatings)
// with the given key; times derive from `now`.
import type { Db } from "../../src/db/client.js";
import { recordPulseAnswer, setContactRequest } from "../../src/domain/pulse/record-answer.js";
import { recordRatings } from "../../src/domain/health-factors/record-ratings.js";
import { FACTOR_IDS, type FactorId, type Rating } from "../../src/domain/health-factors/catalogue.js";
import { planCase } from "../../src/domain/nudges/case-actions.js";
import { recordAggregateViews } from "../../src/domain/aggregates/record-view.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { buildSickLeaveCells, sickLeaveMonthOf } from "../../src/domain/aggregates/build-sick-leave-cells.js";
import { ABSENCE_TIME_ZONE } from "../../src/domain/absences/absence-calendar.js";
import { DateTime } from "luxon";

export const SECRET = "records-test-key-0123456789-abcdefghij";
export const MEMBERS = ["P-anna", "P-bo", "P-cecilia", "P-david"] as const;
export const MANAGER = "P-maria";
export const K = 3;
const DAY = 86_400_000;

/** Each member's answers: distinct per person, so an extract holding anyone else's is visible. */
export const ANSWERS: Record<string, { first: [number, number]; second: [number, number] }> = {
  "P-anna": { first: [1, 2], second: [2, 1] },
  "P-bo": { first: [2, 1], second: [3, 2] },
  "P-cecilia": { first: [4, 2], second: [5, 1] },
  "P-david": { first: [3, 1], second: [1, 2] },
};
/** The rating of every factor, per person (null = Vet inte). */
export const RATINGS: Record<string, Rating> = { "P-anna": 5, "P-bo": 2, "P-cecilia": null, "P-david": 3 };
export const QUESTIONS = ["self_rated_health", "presenteeism"] as const;

export interface SeededRecords {
  firstPulse: string;
  secondPulse: string;
  roundId: string;
  annaCase: string;
  boCase: string;
}

export const nameOf = (id: string) => `Namn ${id.slice(2)}`;
export const emailOf = (id: string) => `${id.slice(2)}@exempelkommun.se`;

export async function seedRecords(db: Db, now: Date, secret = SECRET): Promise<SeededRecords> {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  await db.unit.create({ data: { id: "U0", name: "Kommunen" } });
  await db.unit.create({ data: { id: "U1", name: "Hemtjänst Norr", parentId: "U0" } });
  for (const id of [...MEMBERS, MANAGER]) {
    await db.person.create({ data: { id, displayName: nameOf(id), email: emailOf(id), aadObjectId: crypto.randomUUID(), locale: "sv-SE" } });
  }
  for (const id of MEMBERS) await db.assignment.create({ data: { personId: id, unitId: "U1", role: "member" } });
  await db.assignment.create({ data: { personId: MANAGER, unitId: "U1", role: "manager" } });

  const schedule = await db.pulseSchedule.create({ data: { unitId: "U0", anchorDate: "2026-01-05", rotatingQuestions: "[]" } });
  const pulse = (dueDays: number) =>
    db.pulse.create({
      data: { scheduleId: schedule.id, unitId: "U0", dueAt: at(dueDays), closesAt: at(dueDays + 3), questionIds: JSON.stringify(QUESTIONS), status: "open" },
    });
  const first = await pulse(-30);
  const second = await pulse(-14);
  for (const p of [first, second]) {
    await db.pulseRecipient.createMany({ data: MEMBERS.map((personId) => ({ pulseId: p.id, personId, unitIds: '["U1"]' })) });
  }
  for (const [p, which] of [
    [first, "first"],
    [second, "second"],
  ] as const) {
    for (const personId of MEMBERS) {
      for (const [i, questionId] of QUESTIONS.entries()) {
        const result = await recordPulseAnswer({
          db,
          secret,
          now: at(-29 + (which === "second" ? 16 : 0)),
          personId,
          pulseId: p.id,
          questionId,
          value: ANSWERS[personId]![which][i]!,
        });
        if (!result.ok) throw new Error(`seed: answer refused: ${result.refusal}`);
      }
    }
  }
  // Anna asks her manager to get in touch in the second pulse; Bo did too and withdrew nothing.
  for (const personId of ["P-anna", "P-bo"]) {
    const r = await setContactRequest({ db, secret, now: at(-13), personId, pulseId: second.id, wanted: true });
    if (!r.ok) throw new Error("seed: contact request refused");
  }
  for (const p of [first, second]) {
    await db.pulse.update({ where: { id: p.id }, data: { status: "closed", closedAt: p.closesAt } });
    await buildPulseCells(db, p.id, K, p.closesAt);
  }

  const round = await db.hfRound.create({ data: { rootUnitId: "U1", startedById: MANAGER, opensAt: at(-10), closesAt: at(-3), status: "collecting" } });
  await db.hfRoundUnit.create({ data: { roundId: round.id, unitId: "U1" } });
  await db.hfRecipient.createMany({ data: MEMBERS.map((personId) => ({ roundId: round.id, personId, unitIds: '["U1"]' })) });
  for (const personId of MEMBERS) {
    const ratings = Object.fromEntries(FACTOR_IDS.map((f) => [f, RATINGS[personId]!])) as Record<FactorId, Rating>;
    const r = await recordRatings({ db, secret, now: at(-9), personId, roundId: round.id, ratings });
    if (!r.ok) throw new Error("seed: ratings refused");
  }
  await db.hfRound.update({ where: { id: round.id }, data: { status: "closed", closedAt: at(-3) } });
  await buildRoundCells(db, round.id, K, at(-3));

  await db.absence.createMany({
    data: [
      { personId: "P-anna", firstDay: "2026-03-02", lastDay: "2026-03-03", importedAt: at(-5) },
      { personId: "P-anna", firstDay: "2025-06-02", lastDay: "2025-06-04", importedAt: at(-5) },
      { personId: "P-bo", firstDay: "2026-04-07", lastDay: "2026-04-08", importedAt: at(-5) },
    ],
  });
  const openCase = (subjectPersonId: string, signal: string) =>
    db.nudgeCase.create({
      data: { signal, subjectPersonId, unitId: "U1", ownerId: MANAGER, openKey: `${signal}:${subjectPersonId}`, detail: "{}", openedAt: at(-2) },
    });
  const annaCase = await openCase("P-anna", "short_sick_leave");
  const boCase = await openCase("P-bo", "short_sick_leave");
  const planned = await planCase(db, { caseId: annaCase.id, actorId: MANAGER, date: at(5).toISOString().slice(0, 10), now: at(-1), timeZone: "UTC" });
  if (!planned.ok) throw new Error(`seed: plan refused: ${planned.reason}`);
  await planCase(db, { caseId: boCase.id, actorId: MANAGER, date: at(6).toISOString().slice(0, 10), now: at(-1), timeZone: "UTC" });
  await recordAggregateViews(db, [{ actorId: MANAGER, unitId: "U1", pulseId: second.id, view: "unitSummary", via: "command", at: at(-1) }]);
  return { firstPulse: first.id, secondPulse: second.id, roundId: round.id, annaCase: annaCase.id, boCase: boCase.id };
}

/**
 * The monthly sick-leave snapshots of the month before now's and of now's month, built by the
 * job's function (sickLeave.snapshot) at those instants: U1 and U0 (the unit and the one above)
 * released with the four members each month. The manager is no member and is in none.
 */
export async function seedSickLeaveSnapshots(db: Db, now: Date): Promise<string[]> {
  const monthBefore = DateTime.fromJSDate(now, { zone: ABSENCE_TIME_ZONE }).minus({ months: 1 }).toJSDate();
  const months: string[] = [];
  for (const at of [monthBefore, now]) {
    const built = await buildSickLeaveCells(db, { occasions: 3, months: 12, k: K, now: at });
    if (!built || built.released !== 2) throw new Error(`seed: sick-leave month not released: ${JSON.stringify(built)}`);
    months.push(sickLeaveMonthOf(at));
  }
  return months;
}
