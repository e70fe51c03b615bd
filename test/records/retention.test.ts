// Retention per data class from configuration: defaults delete what the jobs deleted before (raw
// answers and ratings 24 months, sick leave 13 months, activity ids 24 hours) and keep the rest
// (sick-leave cell members: a fixed 13 months after their month, listed too);
// configured periods change what the jobs delete, and `friskpuls retention`'s counts say so first.
import { afterEach, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { buildCase } from "../harness/factories.js";
import { loadConfig, ConfigError } from "../../src/config.js";
import { fixedClock } from "../../src/clock.js";
import { buildJobs } from "../../src/jobs/registry.js";
import { readRetentionReport } from "../../src/domain/records/retention-report.js";
import { DEFAULT_RETENTION } from "../../src/domain/records/retention-policy.js";
import { buildSickLeaveCells, sickLeaveMonthOf } from "../../src/domain/aggregates/build-sick-leave-cells.js";

const NOW = new Date(Date.now() - (Date.now() % 60_000));
const monthsAgo = (n: number) => DateTime.fromJSDate(NOW).minus({ months: n }).toJSDate();
const dayMonthsAgo = (n: number) => DateTime.fromJSDate(NOW, { zone: "Europe/Stockholm" }).minus({ months: n }).toISODate()!;

async function seedAged(db: TestDatabase["db"]) {
  const closedCase = (closedMonthsAgo: number, status: string) =>
    buildCase(db, {
      subjectPersonId: "P1",
      unitId: "U1",
      ownerId: "M1",
      status,
      openedAt: monthsAgo(closedMonthsAgo + 1),
      closedAt: monthsAgo(closedMonthsAgo),
    });
  const oldClosed = await closedCase(8, "done");
  await closedCase(2, "not_relevant");
  const open = await buildCase(db, { subjectPersonId: "P2", unitId: "U1", ownerId: "M1", openedAt: monthsAgo(20) });
  await db.contactRequest.createMany({
    data: [
      { personId: "P1", sourceRef: "pulse:old", createdAt: monthsAgo(9), caseId: oldClosed.id },
      { personId: "P2", sourceRef: "pulse:old", createdAt: monthsAgo(20), caseId: open.id }, // its case is open: kept
      { personId: "P3", sourceRef: "pulse:new", createdAt: monthsAgo(1) },
    ],
  });
  await db.auditEvent.createMany({
    data: [
      { at: monthsAgo(30), actorId: "M1", action: "aggregate.unitSummary", subjectType: "unit", subjectId: "U1", detail: "{}" },
      { at: monthsAgo(1), actorId: "M1", action: "aggregate.unitSummary", subjectType: "unit", subjectId: "U1", detail: "{}" },
    ],
  });
  const message = (key: string, status: string, finishedDaysAgo: number | null) => ({
    idempotencyKey: key,
    kind: "pulse",
    payload: "{}",
    notBefore: monthsAgo(3),
    status,
    createdAt: monthsAgo(3),
    finishedAt: finishedDaysAgo === null ? null : new Date(NOW.getTime() - finishedDaysAgo * 86_400_000),
  });
  await db.outboxMessage.createMany({
    data: [message("a", "delivered", 40), message("b", "pending", null), message("c", "delivered", 2), message("d", "unreachable", 45)],
  });
  await db.absence.createMany({
    data: [
      { personId: "P1", firstDay: dayMonthsAgo(15), lastDay: dayMonthsAgo(14), importedAt: NOW },
      { personId: "P1", firstDay: dayMonthsAgo(9), lastDay: dayMonthsAgo(8), importedAt: NOW },
      { personId: "P1", firstDay: dayMonthsAgo(1), lastDay: dayMonthsAgo(1), importedAt: NOW },
    ],
  });
  await db.processedActivity.createMany({
    data: [
      { id: "x", receivedAt: new Date(NOW.getTime() - 30 * 3600_000) },
      { id: "y", receivedAt: new Date(NOW.getTime() - 3 * 3600_000) },
    ],
  });
  const round = await db.hfRound.create({
    data: { rootUnitId: "U1", startedById: "M1", opensAt: monthsAgo(15), closesAt: monthsAgo(14), status: "closed", summarizedAt: monthsAgo(14) },
  });
  await db.hfRating.createMany({ data: ["leadership", "sam"].map((factorId) => ({ roundId: round.id, unitId: "U1", token: "t", factorId, value: 4 })) });
  // Sick-leave snapshots (the job's build at those instants) of a unit of three: one 15 months
  // ago, past the fixed 13, and last month's. Each released, with its three members.
  await db.unit.create({ data: { id: "US", name: "Städ" } });
  for (const id of ["S1", "S2", "S3"]) {
    await db.person.create({ data: { id, displayName: id } });
    await db.assignment.create({ data: { personId: id, unitId: "US", role: "member" } });
  }
  for (const at of [monthsAgo(15), monthsAgo(1)]) {
    expect(await buildSickLeaveCells(db, { occasions: 3, months: 12, k: 3, now: at })).toEqual({ month: sickLeaveMonthOf(at), cells: 1, released: 1 });
  }
}

async function runRetentionJobs(d: TestDatabase, env: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: d.url, ...env });
  const jobs = buildJobs({ db: d.db, clock: fixedClock(NOW), config, answerTokenSecret: "x".repeat(32) });
  const run = async (name: string) => jobs.find((j) => j.name === name)!.run(NOW);
  return {
    report: await readRetentionReport(d.db, NOW, config.retention),
    records: await run("records.retention"),
    absences: await run("absences.retention"),
    answers: await run("answers.retention"),
    activities: await run("activities.purge"),
  };
}

const due = (report: Awaited<ReturnType<typeof readRetentionReport>>) => Object.fromEntries(report.map((l) => [l.class, l.dueForDeletion]));

describe.each(testDatabaseFactories())("retention per data class (%s)", (_name, createDb) => {
  let d: TestDatabase;
  afterEach(async () => d?.cleanup());

  it("with the defaults deletes what it always did, finished messages after 30 days, and keeps cases, contact requests and the audit log", async () => {
    d = await createDb();
    await seedAged(d.db);
    const r = await runRetentionJobs(d, {});
    expect(due(r.report)).toEqual({
      answersMonths: 0,
      ratingsMonths: 0,
      absencesMonths: 1,
      sickLeaveCellMembersMonths: 3,
      casesMonths: 0,
      contactRequestsMonths: 0,
      auditMonths: 0,
      outboxDays: 2,
      processedActivitiesHours: 1,
    });
    expect(r.report.find((l) => l.class === "sickLeaveCellMembersMonths")).toEqual({
      class: "sickLeaveCellMembersMonths",
      period: { value: 13, unit: "months" },
      // Cells of months before this one go (Swedish calendar months).
      cutoff: `${DateTime.fromJSDate(NOW, { zone: "Europe/Stockholm" }).minus({ months: 13 }).toFormat("yyyy-MM")}-01`,
      stored: 6,
      dueForDeletion: 3,
    });
    expect(r.report.find((l) => l.class === "auditMonths")).toMatchObject({ period: null, cutoff: null, stored: 2 });
    expect(r.report.find((l) => l.class === "outboxDays")).toMatchObject({ period: { value: 30, unit: "days" }, stored: 4 });
    // The delivered and the unreachable message finished 40 and 45 days ago; the pending one and the recent one stay.
    expect(r.records).toEqual({ cases: 0, contactRequests: 0, auditEvents: 0, outboxMessages: 2 });
    expect((await d.db.outboxMessage.findMany()).map((m) => m.idempotencyKey).sort()).toEqual(["b", "c"]);
    // The old month's cell and its three members went, as the report said; last month's stay.
    expect(r.absences).toEqual({ deleted: 1, sickLeaveCells: 1, sickLeaveCellMembers: 3 });
    expect((await d.db.sickLeaveCell.findMany()).map((c) => c.month)).toEqual([sickLeaveMonthOf(monthsAgo(1))]);
    expect(await d.db.sickLeaveCellMember.count()).toBe(3);
    expect(r.answers).toMatchObject({ ratings: 0 });
    expect(r.activities).toEqual({ purged: 1 });
  });

  it("with configured periods deletes exactly what the report said it would, and never an open case's request", async () => {
    d = await createDb();
    await seedAged(d.db);
    const r = await runRetentionJobs(d, {
      CASE_RETENTION_MONTHS: "6",
      CONTACT_REQUEST_RETENTION_MONTHS: "6",
      AUDIT_RETENTION_MONTHS: "24",
      OUTBOX_RETENTION_DAYS: "30",
      ABSENCE_RETENTION_MONTHS: "6",
      NUDGE_SICK_LEAVE_MONTHS: "6",
      RATING_RETENTION_MONTHS: "12",
      PROCESSED_ACTIVITY_RETENTION_HOURS: "2",
    });
    expect(due(r.report)).toEqual({
      answersMonths: 0,
      ratingsMonths: 2,
      absencesMonths: 2,
      sickLeaveCellMembersMonths: 3,
      casesMonths: 1,
      contactRequestsMonths: 1,
      auditMonths: 1,
      outboxDays: 2,
      processedActivitiesHours: 2,
    });
    expect(r.records).toEqual({ cases: 1, contactRequests: 1, auditEvents: 1, outboxMessages: 2 });
    // Not configurable: the absence period does not change it.
    expect(r.absences).toEqual({ deleted: 2, sickLeaveCells: 1, sickLeaveCellMembers: 3 });
    expect(r.answers).toMatchObject({ ratingRounds: 1, ratings: 2 });
    expect(r.activities).toEqual({ purged: 2 });
    // What stays: the open case and its request, the recent closed case, the pending message.
    expect((await d.db.nudgeCase.findMany()).map((c) => c.status).sort()).toEqual(["not_relevant", "open"]);
    expect((await d.db.contactRequest.findMany()).map((c) => c.personId).sort()).toEqual(["P2", "P3"]);
    expect((await d.db.outboxMessage.findMany()).map((m) => m.idempotencyKey).sort()).toEqual(["b", "c"]);
    expect(
      due(await readRetentionReport(d.db, NOW, loadConfig({ NODE_ENV: "test", CASE_RETENTION_MONTHS: "6", AUDIT_RETENTION_MONTHS: "24" }).retention)),
    ).toMatchObject({ casesMonths: 0, auditMonths: 0 });
  });
});

describe("retention configuration", () => {
  it("defaults to today's values, with ratings following the answers' setting", () => {
    expect(loadConfig({ NODE_ENV: "test" }).retention).toEqual(DEFAULT_RETENTION);
    expect(loadConfig({ NODE_ENV: "test", ANSWER_RETENTION_MONTHS: "36" }).retention).toMatchObject({ answersMonths: 36, ratingsMonths: 36 });
    expect(loadConfig({ NODE_ENV: "test", CASE_RETENTION_MONTHS: "keep", AUDIT_RETENTION_MONTHS: "60" }).retention).toMatchObject({
      casesMonths: null,
      auditMonths: 60,
    });
    // Finished messages are purged after 30 days unless someone decides to keep them.
    expect(loadConfig({ NODE_ENV: "test" }).retention.outboxDays).toBe(30);
    expect(loadConfig({ NODE_ENV: "test", OUTBOX_RETENTION_DAYS: "keep" }).retention.outboxDays).toBeNull();
  });

  it("refuses values outside the rules, naming every problem", () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: "test",
        ABSENCE_RETENTION_MONTHS: "14",
        AUDIT_RETENTION_MONTHS: "3",
        OUTBOX_RETENTION_DAYS: "soon",
        PROCESSED_ACTIVITY_RETENTION_HOURS: "1",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/ABSENCE_RETENTION_MONTHS: must be at most 13/);
    expect(problems).toMatch(/AUDIT_RETENTION_MONTHS: must be "keep" or a whole number of months from 6/);
    expect(problems).toMatch(/OUTBOX_RETENTION_DAYS: must be "keep"/);
    expect(problems).toMatch(/PROCESSED_ACTIVITY_RETENTION_HOURS/);
    // The sick-leave signal needs the occasions it counts.
    expect(() => loadConfig({ NODE_ENV: "test", ABSENCE_RETENTION_MONTHS: "6" })).toThrow(
      /ABSENCE_RETENTION_MONTHS: must be at least NUDGE_SICK_LEAVE_MONTHS \(12\)/,
    );
  });
});
