// A small org with one of everything a card can act on, for the security tests: an open pulse the
// members were sent, a collecting friskfaktor round (started by the HR partner through the bot), a
// closed round whose priorities the chef and skyddsombud may propose, and an open case of the chef.
// Kommunen (U0) ⊃ Skolan (U1: chef1, so1, six members) and Förskolan (U2: chef2, three members);
// hr is the HR partner of U0. Time: Monday 2026-11-23 10:00 Stockholm.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";
import { QUESTION_BANK } from "../../src/domain/pulse/question-bank.js";

export const SEED_NOW = "2026-11-23T09:00:00Z";

export type SeedUser = TeamsUser & { personId: string };

export interface Seed {
  users: Record<string, SeedUser>;
  pulseId: string;
  /** A pulse of Förskolan only: Skolan's members were not sent it. */
  otherPulseId: string;
  roundId: string;
  closedRoundId: string;
  caseId: string;
}

export const MEMBERS_U1 = ["m1_0", "m1_1", "m1_2", "m1_3", "m1_4", "m1_5"];
export const MEMBERS_U2 = ["m2_0", "m2_1", "m2_2"];

export async function seedOrg(app: TestApp): Promise<Seed> {
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U2", name: "Förskolan", parentId: "U0" });
  const people: [string, string, "member" | "manager" | "safety_rep" | "hr_partner"][] = [
    ["chef1", "U1", "manager"],
    ["so1", "U1", "safety_rep"],
    ["chef2", "U2", "manager"],
    ["hr", "U0", "hr_partner"],
    ...MEMBERS_U1.map((k) => [k, "U1", "member"] as [string, string, "member"]),
    ...MEMBERS_U2.map((k) => [k, "U2", "member"] as [string, string, "member"]),
  ];
  const users: Record<string, SeedUser> = {};
  for (const [key, unit, role] of people) {
    const person = await buildPerson(app.db, { id: `P-${key}`, displayName: `Namn ${key}` });
    await assignRole(app.db, person.id, unit, role);
    const user = teamsUser({ aadObjectId: person.aadObjectId!, name: `Namn ${key}` });
    expect((await app.post(botAdded(user, app.serviceUrl))).status).toBe(200);
    users[key] = { ...user, personId: person.id };
  }

  // An open pulse for the whole municipality (as pulse.plan would make it), and one for U2 only.
  const schedule = await app.db.pulseSchedule.create({
    data: { unitId: "U0", anchorDate: "2026-11-23", rotatingQuestions: JSON.stringify(QUESTION_BANK.defaultRotation) },
  });
  const pulse = await app.db.pulse.create({
    data: {
      scheduleId: schedule.id,
      unitId: "U0",
      dueAt: new Date("2026-11-23T08:00:00Z"),
      closesAt: new Date("2026-11-26T08:00:00Z"),
      questionIds: JSON.stringify(["self_rated_health", "workload"]),
    },
  });
  const members = [...MEMBERS_U1.map((k) => [k, "U1"]), ...MEMBERS_U2.map((k) => [k, "U2"])];
  await app.db.pulseRecipient.createMany({ data: members.map(([k, u]) => ({ pulseId: pulse.id, personId: `P-${k}`, unitIds: JSON.stringify([u]) })) });
  const schedule2 = await app.db.pulseSchedule.create({ data: { unitId: "U2", anchorDate: "2026-11-23", rotatingQuestions: "[]" } });
  const other = await app.db.pulse.create({
    data: {
      scheduleId: schedule2.id,
      unitId: "U2",
      dueAt: new Date("2026-11-23T08:00:00Z"),
      closesAt: new Date("2026-11-26T08:00:00Z"),
      questionIds: JSON.stringify(["self_rated_health"]),
    },
  });
  await app.db.pulseRecipient.createMany({ data: MEMBERS_U2.map((k) => ({ pulseId: other.id, personId: `P-${k}`, unitIds: JSON.stringify(["U2"]) })) });

  // A collecting round for Skolan, started through the bot by the HR partner.
  const started = await app.post(cardAction(users.hr!, app.serviceUrl, "hf.start", { verb: "hf.start", unitIds: "U1", windowDays: "7" }));
  expect(JSON.stringify(started.body)).toContain("Rundan är startad");
  const round = await app.db.hfRound.findFirstOrThrow({ where: { status: "collecting" } });

  // An earlier round, closed: Skolan's chef and skyddsombud may now agree on priorities.
  const closed = await app.db.hfRound.create({
    data: {
      rootUnitId: "U1",
      startedById: "P-hr",
      opensAt: new Date("2026-10-01T08:00:00Z"),
      closesAt: new Date("2026-10-08T08:00:00Z"),
      status: "closed",
      closedAt: new Date("2026-10-08T08:00:00Z"),
    },
  });
  await app.db.hfRoundUnit.create({ data: { roundId: closed.id, unitId: "U1", state: "results" } });
  // As hf.close leaves it: the unit's cell (withheld here: the profile is not what these tests are about).
  await app.db.hfCell.create({ data: { roundId: closed.id, unitId: "U1", released: false, reason: "fewerThanK" } });

  // An open case of chef1: m1_1 asked to be contacted.
  const nudge = await app.db.nudgeCase.create({
    data: {
      signal: "contact_request",
      subjectPersonId: "P-m1_1",
      unitId: "U1",
      ownerId: "P-chef1",
      openKey: `contact_request:P-m1_1:${randomUUID()}`,
      detail: "{}",
      openedAt: new Date("2026-11-20T08:00:00Z"),
    },
  });
  return { users, pulseId: pulse.id, otherPulseId: other.id, roundId: round.id, closedRoundId: closed.id, caseId: nudge.id };
}

export const allRatings = (value: string) => Object.fromEntries(FACTOR_IDS.map((id) => [id, value]));

/** Real, valid card payloads (as the cards carry them) and who may send each. */
export function canonicalPayloads(seed: Seed): { verb: string; sender: string; data: Record<string, unknown> }[] {
  return [
    { verb: "pulse.answer", sender: "m1_0", data: { verb: "pulse.answer", pulseId: seed.pulseId, questionId: "self_rated_health", value: 2 } },
    { verb: "pulse.contact", sender: "m1_0", data: { verb: "pulse.contact", pulseId: seed.pulseId, wanted: true } },
    { verb: "hf.rate", sender: "m1_0", data: { verb: "hf.rate", roundId: seed.roundId, ...allRatings("4"), sam: "dk" } },
    { verb: "hf.propose", sender: "chef1", data: { verb: "hf.propose", roundId: seed.closedRoundId, unitId: "U1", proposal: "sam,leadership" } },
    { verb: "hf.confirm", sender: "so1", data: { verb: "hf.confirm", roundId: seed.closedRoundId, unitId: "U1", factorIds: ["leadership", "sam"] } },
    { verb: "nudge.plan", sender: "chef1", data: { verb: "nudge.plan", caseId: seed.caseId, slot: 0, caseIds: [seed.caseId], plannedFor_0: "2026-11-27" } },
    { verb: "hf.start", sender: "hr", data: { verb: "hf.start", unitIds: "U2", windowDays: "7" } },
  ];
}

/** Every row a card action could write: answers, participation, ratings, rounds, steps, cases, … */
export async function writableState(app: TestApp) {
  const db = app.db;
  const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map(({ updatedAt: _u, ...r }) => r);
  return {
    pulseAnswer: await db.pulseAnswer.findMany({ orderBy: { id: "asc" } }),
    pulseRecipient: await db.pulseRecipient.findMany({ orderBy: [{ pulseId: "asc" }, { personId: "asc" }] }),
    pulseParticipation: await db.pulseParticipation.findMany({ orderBy: [{ pulseId: "asc" }, { questionId: "asc" }, { personId: "asc" }] }),
    contactRequest: await db.contactRequest.findMany({ orderBy: { id: "asc" } }),
    pulseSchedule: strip(await db.pulseSchedule.findMany({ orderBy: { id: "asc" } })),
    pulse: await db.pulse.findMany({ orderBy: { id: "asc" } }),
    hfRound: await db.hfRound.findMany({ orderBy: { id: "asc" } }),
    hfRoundUnit: await db.hfRoundUnit.findMany({ orderBy: [{ roundId: "asc" }, { unitId: "asc" }] }),
    hfRecipient: await db.hfRecipient.findMany({ orderBy: [{ roundId: "asc" }, { personId: "asc" }] }),
    hfRating: await db.hfRating.findMany({ orderBy: { id: "asc" } }),
    priorityStep: await db.priorityStep.findMany({ orderBy: { id: "asc" } }),
    priorityAgreement: await db.priorityAgreement.findMany({ orderBy: [{ roundId: "asc" }, { unitId: "asc" }] }),
    priorityActivity: await db.priorityActivity.findMany({ orderBy: { id: "asc" } }),
    nudgeCase: strip(await db.nudgeCase.findMany({ orderBy: { id: "asc" } })),
    absence: await db.absence.findMany({ orderBy: { id: "asc" } }),
    target: await db.target.findMany({ orderBy: { id: "asc" } }),
    outbox: await db.outboxMessage.count(),
  };
}

export const say = (app: TestApp, user: TeamsUser, text: string) => app.post(message(user, app.serviceUrl, text));
