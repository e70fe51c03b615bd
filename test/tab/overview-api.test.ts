// GET /api/tab/overview (issue 17) through the whole app with Teams SSO tokens: the HR partner's
// area ranked by need as the chat's "Chefsstöd" card ranks it, a cell for every question of the
// latest pulse, figures under k only as reasons, case follow-up as counts without names, the
// friskfaktor round per unit, sick-leave statistics from the latest monthly snapshot (none before
// the first; the snapshot's day, not today's figures), one audit row per area; another area's units
// never appear; chefs and members get no areas. Answers go in through recordPulseAnswer and cells
// are built by buildPulseCells, as the jobs do. Every date comes from the test's clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { startTabKeys, type TabKeys } from "../harness/tab-tokens.js";
import { manualClock } from "../harness/tick-cli.js";
import { assignRole, buildCase, buildPerson, buildPulseSchedule, buildRound, buildUnit } from "../harness/factories.js";
import { recordPulseAnswer } from "../../src/domain/pulse/record-answer.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildSickLeaveCells } from "../../src/domain/aggregates/build-sick-leave-cells.js";
import { OverviewResponseSchema, type OverviewResponse } from "../../src/tab/api/schemas.js";

const SECRET = "overview-api-test-secret-0123456789abcdef";
const K = 5;
const FIRST = DateTime.fromISO("2026-10-05T09:00:00", { zone: "Europe/Stockholm" });
const SECOND = FIRST.plus({ weeks: 2 });
const NOW = SECOND.plus({ days: 4 });
const clock = manualClock(NOW.toUTC().toISO()!);
// This month's sick-leave snapshot: the first tick on the 1st (Swedish time).
const SNAPSHOT = NOW.startOf("month").plus({ minutes: 5 });

// Area SOC: two people directly, H1 and H2 eight each, H3 three (under k). Area UTB: S1, six.
const UNITS = [
  { id: "SOC", name: "Socialförvaltningen", parentId: null, size: 2 },
  { id: "H1", name: "Hemtjänst Öst", parentId: "SOC", size: 8 },
  { id: "H2", name: "Hemtjänst Väst", parentId: "SOC", size: 8 },
  { id: "H3", name: "Boendet Lunden", parentId: "SOC", size: 3 },
  { id: "UTB", name: "Utbildningsförvaltningen", parentId: null, size: 0 },
  { id: "S1", name: "Skolan Eken", parentId: "UTB", size: 6 },
];
const membersOf = (unitId: string) => Array.from({ length: UNITS.find((u) => u.id === unitId)!.size }, (_, i) => `${unitId}-${i}`);
const nameOf = (personId: string) => `Medarbetare ${personId}`;

let keys: TabKeys;
let app: TestApp;
/** The HR partner's overview before the first sick-leave snapshot. */
let beforeSnapshot: OverviewResponse;
const oid = new Map<string, string>();

async function person(id: string, displayName: string) {
  const p = await buildPerson(app.db, { id, displayName });
  oid.set(id, p.aadObjectId!);
  return p;
}

async function overview(personId: string): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${app.url}/api/tab/overview`, { headers: { authorization: `Bearer ${await keys.mint({ oid: oid.get(personId)! })}` } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

/** A pulse over SOC that everyone answers (value(unit, i) for the core question, 3 for workload), closed and built. */
async function runPulse(scheduleId: string, due: DateTime, value: (unitId: string, i: number) => number) {
  const dueAt = due.toJSDate();
  const closesAt = due.plus({ days: 3 }).toJSDate();
  const pulse = await app.db.pulse.create({
    data: { scheduleId, unitId: "SOC", dueAt, closesAt, questionIds: JSON.stringify(["self_rated_health", "workload"]), status: "open" },
  });
  const soc = UNITS.filter((u) => u.id !== "UTB" && u.id !== "S1");
  await app.db.pulseRecipient.createMany({
    data: soc.flatMap((u) => membersOf(u.id).map((personId) => ({ pulseId: pulse.id, personId, unitIds: JSON.stringify([u.id]) }))),
  });
  const now = due.plus({ hours: 1 }).toJSDate();
  for (const u of soc) {
    for (const [i, personId] of membersOf(u.id).entries()) {
      for (const [questionId, v] of [
        ["self_rated_health", value(u.id, i)],
        ["workload", 3],
      ] as const) {
        expect((await recordPulseAnswer({ db: app.db, secret: SECRET, now, personId, pulseId: pulse.id, questionId, value: v })).ok).toBe(true);
      }
    }
  }
  await app.db.pulse.update({ where: { id: pulse.id }, data: { status: "closed", closedAt: closesAt } });
  expect(await buildPulseCells(app.db, pulse.id, K, closesAt)).not.toBeNull();
  return pulse.id;
}

beforeAll(async () => {
  keys = await startTabKeys();
  app = await startTestApp({ clock, env: { ...keys.env, ANSWER_TOKEN_SECRET: SECRET, MIN_GROUP_SIZE: String(K), SCHEDULER_ENABLED: "false" } });
  for (const u of UNITS) {
    await buildUnit(app.db, { id: u.id, name: u.name, parentId: u.parentId });
    for (const id of membersOf(u.id)) {
      await person(id, nameOf(id));
      await assignRole(app.db, id, u.id, "member");
    }
  }
  await person("HR-A", "Helena HR");
  await assignRole(app.db, "HR-A", "SOC", "hr_partner");
  await person("HR-B", "Bertil HR");
  await assignRole(app.db, "HR-B", "UTB", "hr_partner");
  await person("CHEF-H1", "Chef Öst");
  await assignRole(app.db, "CHEF-H1", "H1", "manager");
  await person("SO-H2", "Skyddsombud Väst");
  await assignRole(app.db, "SO-H2", "H2", "safety_rep");

  // Pulses: the first all Bra/Mycket bra; in the second only two of H1's eight answer Bra.
  const schedule = await buildPulseSchedule(app.db, { unitId: "SOC", anchorDate: FIRST.toISODate()! });
  await runPulse(schedule.id, FIRST, () => 1);
  await runPulse(schedule.id, SECOND, (unit, i) => (unit === "H1" ? (i < 2 ? 2 : 4) : 2));

  // Cases: H2 an escalated contact request; H1 a planned omtankessamtal (sick leave, not
  // escalated; H1's sick-leave figures are released); H3 one too (H3 is under k: not counted);
  // H2 a done case from more than a year ago (outside the follow-up window).
  const contact = await buildCase(app.db, { unitId: "H2", ownerId: "CHEF-H1", openedAt: NOW.minus({ days: 20 }).toJSDate(), subjectPersonId: "H2-0" });
  await app.db.nudgeCase.update({ where: { id: contact.id }, data: { escalatedAt: NOW.minus({ days: 5 }).toJSDate() } });
  await buildCase(app.db, {
    unitId: "H1",
    ownerId: "CHEF-H1",
    openedAt: NOW.minus({ days: 30 }).toJSDate(),
    signal: "short_sick_leave",
    subjectPersonId: "H1-3",
    status: "planned",
  });
  await buildCase(app.db, {
    unitId: "H3",
    ownerId: "CHEF-H1",
    openedAt: NOW.minus({ days: 30 }).toJSDate(),
    signal: "short_sick_leave",
    subjectPersonId: "H3-0",
  });
  await buildCase(app.db, {
    unitId: "H2",
    ownerId: "CHEF-H1",
    openedAt: NOW.minus({ months: 13 }).toJSDate(),
    status: "done",
    closedAt: NOW.minus({ months: 12 }).toJSDate(),
    subjectPersonId: "H2-1",
  });

  // Rounds: a closed one over SOC, H1, H2 (H1 agreed; H2 one overdue and one done activity), then a
  // newer one collecting in H2. H3 has had none.
  const closed = await buildRound(app.db, {
    rootUnitId: "SOC",
    startedById: "HR-A",
    closesAt: NOW.minus({ months: 3 }).toJSDate(),
    status: "closed",
    unitIds: ["SOC", "H1", "H2"],
  });
  await app.db.priorityAgreement.create({
    data: { roundId: closed.id, unitId: "H1", factorIds: JSON.stringify(["recovery"]), agreedAt: NOW.minus({ months: 2 }).toJSDate() },
  });
  const activity = (dueDate: DateTime, status: string) => ({
    roundId: closed.id,
    unitId: "H2",
    factorId: "recovery",
    what: "Pausrutiner",
    owner: "Chef Väst",
    dueDate: dueDate.toISODate()!,
    createdById: "SO-H2",
    createdAt: NOW.minus({ months: 2 }).toJSDate(),
    status,
  });
  await app.db.priorityActivity.createMany({
    data: [activity(NOW.minus({ days: 3 }), "planned"), activity(NOW.minus({ days: 10 }), "done"), activity(NOW.plus({ days: 10 }), "planned")],
  });
  await buildRound(app.db, {
    rootUnitId: "H2",
    startedById: "HR-A",
    opensAt: NOW.minus({ days: 2 }).toJSDate(),
    closesAt: NOW.plus({ days: 5 }).toJSDate(),
    unitIds: ["H2"],
  });

  // Sick leave: H1-0 four short occasions in the last year (more than three), H1-1 one long.
  const today = NOW.startOf("day");
  await app.db.absence.createMany({
    data: [
      ...[10, 60, 120, 200].map((d) => ({
        personId: "H1-0",
        firstDay: today.minus({ days: d }).toISODate()!,
        lastDay: today.minus({ days: d - 1 }).toISODate()!,
      })),
      { personId: "H1-1", firstDay: today.minus({ days: 90 }).toISODate()!, lastDay: today.minus({ days: 60 }).toISODate()! },
    ].map((a) => ({ ...a, importedAt: NOW.toJSDate() })),
  });
  beforeSnapshot = OverviewResponseSchema.parse((await overview("HR-A")).body);
  // The snapshot job's work (the job and `friskpuls tick`: test/tab/sick-leave-stats.test.ts).
  expect(await buildSickLeaveCells(app.db, { k: K, occasions: 3, months: 12, now: SNAPSHOT.toJSDate() })).not.toBeNull();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await keys?.close();
});

describe("GET /api/tab/overview", () => {
  let body: OverviewResponse;
  let text: string;
  const row = (unitId: string) => body.areas[0]!.rows.find((r) => r.unit.id === unitId)!;

  beforeAll(async () => {
    const res = await overview("HR-A");
    expect(res.status).toBe(200);
    body = OverviewResponseSchema.parse(res.body);
    text = res.text;
  });

  it("gives the HR partner their area, every unit ranked by need as the chat's overview ranks it", () => {
    expect(body.generatedAt).toBe(NOW.toUTC().toISO());
    expect(body.areas.map((a) => a.root)).toEqual([{ id: "SOC", name: "Socialförvaltningen" }]);
    const area = body.areas[0]!;
    expect(area.pulse).toMatchObject({ dueAt: SECOND.toUTC().toISO() });
    // H1 fell 75 points and lies far below the area; H2 has an escalated case; the area itself fell; H3 shows nothing.
    expect(area.rows.map((r) => [r.unit.id, r.needs])).toEqual([
      ["H1", ["falling", "lowShare"]],
      ["H2", ["escalatedCases"]],
      ["SOC", ["falling"]],
      ["H3", []],
    ]);
    expect(row("H1")).toMatchObject({ depth: 1, parentId: "SOC", change: { released: true, value: -75 }, participation: { released: true, value: 100 } });
    expect(row("SOC")).toMatchObject({ depth: 0, parentId: null });
    // 2 + 8 + 8 + 3 answered; 2 + 2 + 8 + 3 Bra or better.
    expect(area.total).toEqual({ released: true, value: { sharePct: (100 * 15) / 21, respondents: 21 } });
  });

  it("has a heatmap cell for every question with a good line, names the others, and figures under k only as reasons", () => {
    const area = body.areas[0]!;
    // workload (Aldrig/Sällan … Ofta/Alltid) has no "good or better": no share to colour a cell with.
    expect(area.questions.map((q) => q.questionId)).toEqual(["self_rated_health"]);
    expect(area.otherQuestions.map((q) => q.questionId)).toEqual(["workload"]);
    expect(area.questions[0]!.text).toBe("Hur bedömer du ditt allmänna hälsotillstånd?");
    for (const r of area.rows) expect(r.cells, r.unit.id).toHaveLength(1);
    expect(row("H1").cells).toEqual([{ released: true, value: { sharePct: 25, respondents: 8 } }]);
    expect(row("H3").cells).toEqual([{ released: false, reason: "fewerThanK" }]);
    expect(row("H3").change).toEqual({ released: false, reason: "fewerThanK" });
    expect(row("H3").sickLeave).toEqual({ released: false, reason: "fewerThanK" });
  });

  it("counts cases without names: the year's cases, planned, done, escalated; omtankessamtal only where sick-leave figures are shown", () => {
    expect(row("H1").cases).toEqual({ opened: 1, planned: 1, done: 0, escalated: 0 });
    expect(row("H2").cases).toEqual({ opened: 1, planned: 0, done: 0, escalated: 1 });
    expect(row("H3").cases).toEqual({ opened: 0, planned: 0, done: 0, escalated: 0 });
    for (const id of [...UNITS.flatMap((u) => membersOf(u.id))]) {
      expect(text).not.toContain(nameOf(id));
      expect(text).not.toContain(`"${id}"`);
    }
    expect(text).not.toMatch(/Chef Öst|Chef Väst|Skyddsombud Väst|Pausrutiner/);
  });

  it("shows where each unit's friskfaktor round stands", () => {
    expect(row("H1").round).toEqual({ state: "closed", prioritiesAgreed: true, overdueActivities: 0 });
    expect(row("H2").round).toEqual({ state: "collecting", prioritiesAgreed: false, overdueActivities: 1 });
    expect(row("SOC").round).toEqual({ state: "closed", prioritiesAgreed: false, overdueActivities: 0 });
    expect(row("H3").round).toEqual({ state: "none", prioritiesAgreed: false, overdueActivities: 0 });
  });

  it("shows sick-leave statistics per unit as of the latest monthly snapshot, with its day", () => {
    expect(body.areas[0]!.sickLeaveAsOf).toBe(SNAPSHOT.toISODate());
    // H1-0's occasion ten days ago began after the snapshot's day: counted from next month's on,
    // so H1-0 has three occasions (not more than three) in this one.
    expect(NOW.minus({ days: 10 }) > SNAPSHOT).toBe(true);
    expect(row("H1").sickLeave).toEqual({
      released: true,
      value: { employees: 8, repeatedSharePct: 0, occasionsPerEmployee: 4 / 8, shortOccasions: 3, longOccasions: 1 },
    });
    expect(row("SOC").sickLeave).toMatchObject({ released: true, value: { employees: 21, shortOccasions: 3, longOccasions: 1 } });
  });

  it("shows no sick-leave statistics before the first snapshot", () => {
    const area = beforeSnapshot.areas[0]!;
    expect(area.sickLeaveAsOf).toBeNull();
    expect(area.rows.map((r) => r.sickLeave)).toEqual(area.rows.map(() => null));
    // Without released figures an omtankessamtal that is not escalated is not counted anywhere.
    expect(area.rows.find((r) => r.unit.id === "H1")!.cases).toEqual({ opened: 0, planned: 0, done: 0, escalated: 0 });
  });

  it("never shows another area's units", () => {
    expect(text).not.toMatch(/"(UTB|S1)"|Utbildningsförvaltningen|Skolan Eken/);
  });

  it("records one audit row per area and request", async () => {
    const before = await app.db.auditEvent.count({ where: { actorId: "HR-A", action: "aggregate.subtreeOverview" } });
    await overview("HR-A");
    const rows = await app.db.auditEvent.findMany({ where: { actorId: "HR-A", action: "aggregate.subtreeOverview" }, orderBy: { at: "asc" } });
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ subjectType: "unit", subjectId: "SOC" });
    expect(JSON.parse(rows.at(-1)!.detail)).toEqual({ pulseId: body.areas[0]!.pulse!.id, via: "tab" });
  });

  it("gives an area without a pulse yet its units with sick-leave figures and no cells", async () => {
    const res = await overview("HR-B");
    expect(res.status).toBe(200);
    const b = OverviewResponseSchema.parse(res.body);
    expect(b.areas).toHaveLength(1);
    expect(b.areas[0]).toMatchObject({ root: { id: "UTB" }, pulse: null, questions: [], otherQuestions: [], total: null });
    expect(b.areas[0]!.rows.map((r) => [r.unit.id, r.cells, r.sickLeave?.released])).toEqual(
      expect.arrayContaining([
        ["S1", [], true],
        ["UTB", [], true],
      ]),
    );
    expect(res.text).not.toMatch(/SOC|Hemtjänst/);
    const audit = await app.db.auditEvent.findFirstOrThrow({ where: { actorId: "HR-B", action: "aggregate.subtreeOverview" } });
    expect(JSON.parse(audit.detail)).toEqual({ pulseId: null, via: "tab" });
  });

  it("gives a chef, a skyddsombud and a member no areas (200), and audits nothing for them", async () => {
    for (const id of ["CHEF-H1", "SO-H2", "H1-0"]) {
      const res = await overview(id);
      expect(res.status, id).toBe(200);
      expect(OverviewResponseSchema.parse(res.body).areas, id).toEqual([]);
      expect(await app.db.auditEvent.count({ where: { actorId: id, action: { startsWith: "aggregate." } } }), id).toBe(0);
    }
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${app.url}/api/tab/openapi.json`)).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(doc.paths["/api/tab/overview"]?.get?.responses["200"]).toBeDefined();
  });
});
