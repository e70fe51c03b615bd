// A small municipality for the tab's unit API tests, with pulses and friskfaktor rounds answered
// through the real paths (recordPulseAnswer, recordRatings) and cells built by the real release
// rules (buildPulseCells, buildRoundCells). Every date derives from `now`.
//
//   Kommunen (R)            HR partner Hanna, huvudskyddsombud Henrik
//   ├── Hemtjänst Norr (A)  chef Carl, skyddsombud Sara, members a1–a7
//   │   └── Nattpatrullen (A1)  members n1–n2 (always fewer than k)
//   └── Förskolan Sol (B)   chef Bodil, no skyddsombud (Henrik stands in), members b1–b4
import type { Db } from "../../src/db/client.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { FACTOR_IDS, type FactorId, type Rating } from "../../src/domain/health-factors/catalogue.js";
import { recordRatings } from "../../src/domain/health-factors/record-ratings.js";
import { recordPulseAnswer } from "../../src/domain/pulse/record-answer.js";
import { assignRole, buildPerson, buildPulseSchedule, buildUnit } from "../harness/factories.js";

export const DAY = 86_400_000;
export const K = 3;
const SECRET = "tab-unit-test-secret-0123456789abcdef";

export interface SeededOrg {
  units: { R: string; A: string; A1: string; B: string; X: string };
  people: Record<"hanna" | "henrik" | "carl" | "sara" | "bodil" | "a1" | "n1" | "b1" | "outsider", { id: string; oid: string; name: string }>;
  members: { A: string[]; A1: string[]; B: string[] };
  pulses: string[];
  rounds: string[];
}

export async function seedOrg(db: Db, now: Date): Promise<SeededOrg> {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const R = (await buildUnit(db, { id: "R", name: "Kommunen" })).id;
  const A = (await buildUnit(db, { id: "A", name: "Hemtjänst Norr", parentId: R })).id;
  const A1 = (await buildUnit(db, { id: "A1", name: "Nattpatrullen", parentId: A })).id;
  const B = (await buildUnit(db, { id: "B", name: "Förskolan Sol", parentId: R })).id;
  // Another organisation's unit beside Kommunen: nobody here may open it.
  const X = (await buildUnit(db, { id: "X", name: "Annan förvaltning" })).id;
  const person = async (key: string, name: string, locale = "sv-SE") => {
    const p = await buildPerson(db, { id: `P-${key}`, displayName: name, locale });
    return { id: p.id, oid: p.aadObjectId!, name };
  };
  const people = {
    hanna: await person("hanna", "Hanna HR"),
    henrik: await person("henrik", "Henrik Huvudskyddsombud"),
    carl: await person("carl", "Carl Chef"),
    sara: await person("sara", "Sara Skyddsombud", "en-US"),
    bodil: await person("bodil", "Bodil Chef"),
    a1: await person("a1", "Medarbetare a1"),
    n1: await person("n1", "Medarbetare n1"),
    b1: await person("b1", "Medarbetare b1"),
    outsider: await person("outsider", "Olle Utanför"),
  };
  await assignRole(db, people.hanna.id, R, "hr_partner");
  await assignRole(db, people.henrik.id, R, "senior_safety_rep");
  await assignRole(db, people.carl.id, A, "manager");
  await assignRole(db, people.sara.id, A, "safety_rep");
  await assignRole(db, people.bodil.id, B, "manager");
  await assignRole(db, people.outsider.id, X, "member");
  const members = { A: [people.a1.id], A1: [people.n1.id], B: [people.b1.id] };
  for (let i = 2; i <= 7; i++) members.A.push((await person(`a${i}`, `Medarbetare a${i}`)).id);
  members.A1.push((await person("n2", "Medarbetare n2")).id);
  for (let i = 2; i <= 4; i++) members.B.push((await person(`b${i}`, `Medarbetare b${i}`)).id);
  for (const [unitId, ids] of [
    [A, members.A],
    [A1, members.A1],
    [B, members.B],
  ] as const) {
    for (const id of ids) await assignRole(db, id, unitId, "member");
  }
  const recipients = [
    ...members.A.map((personId) => ({ personId, unitIds: [A] })),
    ...members.A1.map((personId) => ({ personId, unitIds: [A1] })),
    ...members.B.map((personId) => ({ personId, unitIds: [B] })),
  ];
  const schedule = await buildPulseSchedule(db, { unitId: R, anchorDate: at(-60).toISOString().slice(0, 10) });
  const questionIds = ["self_rated_health", "presenteeism"];
  const value = (i: number, q: string) => (q === "self_rated_health" ? 1 + (i % 5) : 1 + (i % 2));
  const everyone = recipients.flatMap((r, i) => questionIds.map((questionId) => ({ personId: r.personId, questionId, value: value(i, questionId) })));
  const pulses = [
    // Everyone answers.
    await runPulse(db, { scheduleId: schedule.id, rootUnitId: R, dueAt: at(-40), questionIds, recipients, answers: everyone }),
    // One preschool member skips: B and R change by one person against the first pulse (differencing).
    await runPulse(db, {
      scheduleId: schedule.id,
      rootUnitId: R,
      dueAt: at(-26),
      questionIds,
      recipients,
      answers: everyone.filter((a) => a.personId !== members.B[3]),
    }),
    // Everyone again.
    await runPulse(db, { scheduleId: schedule.id, rootUnitId: R, dueAt: at(-12), questionIds, recipients, answers: everyone }),
  ];
  const raters = [...members.A, ...members.A1, ...members.B].map((personId, i) => ({
    personId,
    unitIds: [members.A.includes(personId) ? A : members.A1.includes(personId) ? A1 : B],
    rating: (1 + (i % 5)) as Rating,
  }));
  const rounds = [
    await runRound(db, { rootUnitId: R, unitIds: [R, A, A1, B], startedById: people.hanna.id, closesAt: at(-200), raters }),
    await runRound(db, { rootUnitId: R, unitIds: [R, A, A1, B], startedById: people.hanna.id, closesAt: at(-20), raters }),
  ];
  return { units: { R, A, A1, B, X }, people, members, pulses, rounds };
}

export async function runPulse(
  db: Db,
  o: {
    scheduleId: string;
    rootUnitId: string;
    dueAt: Date;
    questionIds: string[];
    recipients: { personId: string; unitIds: string[] }[];
    answers: { personId: string; questionId: string; value: number }[];
    k?: number;
  },
): Promise<string> {
  const closesAt = new Date(o.dueAt.getTime() + 3 * DAY);
  const pulse = await db.pulse.create({
    data: { scheduleId: o.scheduleId, unitId: o.rootUnitId, dueAt: o.dueAt, closesAt, questionIds: JSON.stringify(o.questionIds), status: "open" },
  });
  if (o.recipients.length > 0) {
    await db.pulseRecipient.createMany({ data: o.recipients.map((r) => ({ pulseId: pulse.id, personId: r.personId, unitIds: JSON.stringify(r.unitIds) })) });
  }
  const now = new Date(o.dueAt.getTime() + 3_600_000);
  for (const a of o.answers) {
    const result = await recordPulseAnswer({ db, secret: SECRET, now, personId: a.personId, pulseId: pulse.id, questionId: a.questionId, value: a.value });
    if (!result.ok) throw new Error(`seed: answer refused: ${result.refusal}`);
  }
  await db.pulse.update({ where: { id: pulse.id }, data: { status: "closed", closedAt: closesAt } });
  const built = await buildPulseCells(db, pulse.id, o.k ?? K, new Date(closesAt.getTime() + 60_000));
  if (!built) throw new Error("seed: cells not built");
  return pulse.id;
}

export async function runRound(
  db: Db,
  o: {
    rootUnitId: string;
    unitIds: string[];
    startedById: string;
    closesAt: Date;
    raters: { personId: string; unitIds: string[]; rating: Rating }[];
    k?: number;
  },
): Promise<string> {
  const round = await db.hfRound.create({
    data: {
      rootUnitId: o.rootUnitId,
      startedById: o.startedById,
      opensAt: new Date(o.closesAt.getTime() - 14 * DAY),
      closesAt: o.closesAt,
      status: "collecting",
    },
  });
  await db.hfRoundUnit.createMany({ data: o.unitIds.map((unitId) => ({ roundId: round.id, unitId })) });
  await db.hfRecipient.createMany({ data: o.raters.map((r) => ({ roundId: round.id, personId: r.personId, unitIds: JSON.stringify(r.unitIds) })) });
  for (const r of o.raters) {
    const ratings = Object.fromEntries(FACTOR_IDS.map((f) => [f, r.rating])) as Record<FactorId, Rating>;
    const result = await recordRatings({ db, secret: SECRET, now: new Date(o.closesAt.getTime() - DAY), personId: r.personId, roundId: round.id, ratings });
    if (!result.ok) throw new Error(`seed: rating refused: ${result.refusal}`);
  }
  await db.hfRound.update({ where: { id: round.id }, data: { status: "closed", closedAt: o.closesAt } });
  await db.hfRoundUnit.updateMany({ where: { roundId: round.id }, data: { state: "results" } });
  const built = await buildRoundCells(db, round.id, o.k ?? K, new Date(o.closesAt.getTime() + 60_000));
  if (!built) throw new Error("seed: round cells not built");
  return round.id;
}
