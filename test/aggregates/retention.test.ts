// Raw answers go after ANSWER_RETENTION_MONTHS; the cells (aggregates) stay; a pulse whose cells
// are not built yet keeps its answers whatever its age.
import { afterEach, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { deleteExpiredAnswers, deleteExpiredRatings } from "../../src/domain/aggregates/delete-expired-answers.js";
import { parseTargetArgs } from "../../src/cli/commands/targets.js";

let d: TestDatabase;
afterEach(async () => d?.cleanup());

async function pulseWithAnswers(db: TestDatabase["db"], scheduleId: string, closesAt: string, summarized: boolean, released = false) {
  const pulse = await db.pulse.create({
    data: {
      scheduleId,
      unitId: "U0",
      dueAt: new Date(new Date(closesAt).getTime() - 3 * 86_400_000),
      closesAt: new Date(closesAt),
      questionIds: '["self_rated_health"]',
      status: "closed",
      summarizedAt: summarized ? new Date(closesAt) : null,
    },
  });
  await db.pulseAnswer.createMany({
    data: [1, 2, 3].map((v) => ({ pulseId: pulse.id, unitId: "U0", token: `t${v}`, questionId: "self_rated_health", value: v })),
  });
  await db.pulseParticipation.createMany({ data: [1, 2, 3].map((v) => ({ pulseId: pulse.id, personId: `P${v}`, questionId: "self_rated_health" })) });
  await db.pulseCell.create({
    data: {
      pulseId: pulse.id,
      unitId: "U0",
      questionId: "self_rated_health",
      scheduleId,
      dueAt: pulse.dueAt,
      released,
      reason: released ? null : "fewerThanK",
    },
  });
  return pulse.id;
}

it("deletes answers and participation of summarised pulses older than the retention, keeping their cells", async () => {
  d = await createSqliteTestDb();
  await d.db.unit.create({ data: { id: "U0", name: "Kommunen" } });
  const schedule = await d.db.pulseSchedule.create({ data: { unitId: "U0", anchorDate: "2024-01-01", rotatingQuestions: "[]" } });
  const now = new Date("2026-11-23T10:00:00Z");
  const old = await pulseWithAnswers(d.db, schedule.id, "2024-11-20T08:00:00Z", true); // 24 months and 3 days
  const recent = await pulseWithAnswers(d.db, schedule.id, "2024-11-26T08:00:00Z", true); // not yet 24 months
  const oldButNotSummarised = await pulseWithAnswers(d.db, schedule.id, "2024-10-01T08:00:00Z", false);

  // The pulse not built yet will be decided against everything released in the year before it
  // (release window), the old pulse included: who took part there stays until it is built.
  expect(await deleteExpiredAnswers(d.db, now, 24)).toEqual({ pulses: 1, answers: 3, participationKept: 1 });
  expect(await d.db.pulseAnswer.count({ where: { pulseId: old } })).toBe(0);
  expect(await d.db.pulseParticipation.count({ where: { pulseId: old } })).toBe(3);
  expect(await d.db.pulseCell.count({ where: { pulseId: old } })).toBe(1);
  expect(await d.db.pulseAnswer.count({ where: { pulseId: recent } })).toBe(3);
  expect(await d.db.pulseAnswer.count({ where: { pulseId: oldButNotSummarised } })).toBe(3);
  await d.db.pulse.update({ where: { id: oldButNotSummarised }, data: { summarizedAt: now } });
  expect(await deleteExpiredAnswers(d.db, now, 24)).toEqual({ pulses: 1, answers: 3, participationKept: 0 });
  expect(await d.db.pulseParticipation.count({ where: { pulseId: old } })).toBe(0);
  expect(await deleteExpiredAnswers(d.db, now, 24)).toEqual({ pulses: 0, answers: 0, participationKept: 0 }); // idempotent
});

it("keeps who took part (never what) in pulses inside the release window of pulses to come, whatever the retention", async () => {
  d = await createSqliteTestDb();
  await d.db.unit.create({ data: { id: "U0", name: "Kommunen" } });
  const schedule = await d.db.pulseSchedule.create({ data: { unitId: "U0", anchorDate: "2024-01-01", rotatingQuestions: "[]" } });
  const inWindow = await pulseWithAnswers(d.db, schedule.id, "2025-12-04T08:00:00Z", true, true); // due 1 Dec 2025
  const beforeWindow = await pulseWithAnswers(d.db, schedule.id, "2025-10-04T08:00:00Z", true, true);
  const participation = (pulseId: string) => d.db.pulseParticipation.count({ where: { pulseId } });

  // ANSWER_RETENTION_MONTHS=1: both lose their answers; the next pulses are decided against every
  // cell released in the 365 days before them, so the one due less than a year ago keeps who took part.
  expect(await deleteExpiredAnswers(d.db, new Date("2026-11-23T10:00:00Z"), 1)).toEqual({ pulses: 2, answers: 6, participationKept: 1 });
  expect(await d.db.pulseAnswer.count()).toBe(0);
  expect(await participation(inWindow)).toBe(3);
  expect(await participation(beforeWindow)).toBe(0);

  // A year after it was due, it is outside every window to come: it goes.
  expect(await deleteExpiredAnswers(d.db, new Date("2026-12-02T10:00:00Z"), 1)).toEqual({ pulses: 0, answers: 0, participationKept: 0 });
  expect(await participation(inWindow)).toBe(0);
});

it("deletes the friskfaktor ratings of built rounds older than the retention; who was asked stays", async () => {
  d = await createSqliteTestDb();
  await d.db.unit.create({ data: { id: "U0", name: "Kommunen" } });
  const round = async (closesAt: string, summarized: boolean) => {
    const r = await d.db.hfRound.create({
      data: {
        rootUnitId: "U0",
        startedById: "P-hr",
        opensAt: new Date(new Date(closesAt).getTime() - 14 * 86_400_000),
        closesAt: new Date(closesAt),
        status: "closed",
        summarizedAt: summarized ? new Date(closesAt) : null,
      },
    });
    await d.db.hfRecipient.create({ data: { roundId: r.id, personId: "P1", unitIds: '["U0"]', answered: true } });
    await d.db.hfRating.createMany({ data: ["leadership", "sam"].map((factorId) => ({ roundId: r.id, unitId: "U0", token: "t1", factorId, value: 3 })) });
    return r.id;
  };
  const old = await round("2024-11-01T08:00:00Z", true);
  const recent = await round("2025-06-01T08:00:00Z", true);
  const unbuilt = await round("2024-10-01T08:00:00Z", false);
  expect(await deleteExpiredRatings(d.db, new Date("2026-11-23T10:00:00Z"), 24)).toEqual({ rounds: 1, ratings: 2 });
  expect(await d.db.hfRating.count({ where: { roundId: old } })).toBe(0);
  expect(await d.db.hfRating.count({ where: { roundId: recent } })).toBe(2);
  expect(await d.db.hfRating.count({ where: { roundId: unbuilt } })).toBe(2);
  expect(await d.db.hfRecipient.count({ where: { roundId: old } })).toBe(1);
});

it("parses target arguments and lists every bad one", () => {
  expect(parseTargetArgs(["2027=3", "2026=+2", "2028=+3,5"])).toEqual([
    { year: 2026, deltaPp: 2 },
    { year: 2027, deltaPp: 3 },
    { year: 2028, deltaPp: 3.5 },
  ]);
  expect(() => parseTargetArgs(["2026=+2", "26=+3", "2028=lots", "2026=1"])).toThrow(
    /26=\+3: expected YEAR=±POINTS.*2028=lots: expected.*a year is given twice/,
  );
  expect(() => parseTargetArgs(["2026=+80"])).toThrow(/at most ±50/);
});
