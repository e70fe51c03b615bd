// Demo data for the tab (issue 17): the demo org with history enough for every view. Six
// fortnightly pulses on the whole org (the last one closed a few days before `now`; one pulse with
// too few answers in Grundskolan Centrum, so its trend has a gap), a måltal, two closed friskfaktor
// rounds over U1 (a year apart, so the profile has a previous round), priorities agreed in
// Förskolan Centrum with three activities (one overdue), a proposal waiting in Grundskolan Centrum,
// and open cases for Förskolan Centrum's chef. Every date is derived from `now`.
//
// Used by the tab's browser tests and reusable by the bench: seedTabDemo(db, now).
import { createHash } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import { fixedClock } from "../../src/clock.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { TARGET_METRIC } from "../../src/domain/aggregates/targets.js";
import { CORE_QUESTION_ID, QUESTION_BANK, chooseQuestions, scaleOf } from "../../src/domain/pulse/question-bank.js";
import { deriveAnswerToken } from "../../src/domain/pulse/answer-token.js";
import { startRound } from "../../src/domain/health-factors/start-round.js";
import { recordRatings } from "../../src/domain/health-factors/record-ratings.js";
import { closeDueRounds } from "../../src/domain/health-factors/round-deadlines.js";
import { FACTOR_IDS, type FactorId, type Rating } from "../../src/domain/health-factors/catalogue.js";
import { confirmPriorities, proposePriorities } from "../../src/domain/priorities/agreement.js";
import { addActivity, changeActivity } from "../../src/domain/priorities/activities.js";
import { openCase, openKeyOf } from "../../src/domain/nudges/open-case.js";
import { buildSickLeaveCells } from "../../src/domain/aggregates/build-sick-leave-cells.js";
import { importAbsences } from "../../src/domain/absences/import-absences.js";
import { ORG_DEMO_DIR, readOrgDir } from "./org-files.js";

const DAY = 86_400_000;
const TIME_ZONE = "Europe/Stockholm";

/** Who to sign in as in the demo (person ids of test/fixtures/org-demo). */
export const DEMO_PEOPLE = {
  /** Member of Förskolan Centrum (U1.1.1) and Daglig verksamhet Centrum (U2.2.1). */
  member: "P000005",
  /** Chef of Förskolan Centrum. */
  manager: "P000004",
  /** Skyddsombud of Förskolan Centrum. */
  safetyRep: "P000011",
  /** HR partner of Barn- och utbildningsförvaltningen (U1). */
  hrPartner: "P000001",
} as const;

export const DEMO_UNITS = { preschool: "U1.1.1", school: "U1.2.1", area: "U1" } as const;

export interface TabDemo {
  pulseIds: string[];
  roundIds: string[];
  activityIds: string[];
  /** The activity whose due date has passed while it is still planned. */
  overdueActivityId: string;
}

export interface TabDemoOptions {
  /** The answer-token key, so a member's own answers can be found as theirs ("what is stored"). */
  secret?: string;
  /** k of the release rules (MIN_GROUP_SIZE). */
  k?: number;
  pulses?: number;
}

/** Seeds a fresh (migrated, empty) database. */
export async function seedTabDemo(db: Db, now: Date, options: TabDemoOptions = {}): Promise<TabDemo> {
  const k = options.k ?? 5;
  const secret = options.secret ?? "tab-demo-key";
  const pulseCount = Math.max(4, options.pulses ?? 6);
  const rng = prng(0x7ab0_0017);

  const year = now.getUTCFullYear();
  const orgAt = new Date(Date.UTC(year - 2, 11, 1, 7));
  const imported = await importOrg(db, readOrgDir(ORG_DEMO_DIR), { source: "tab-demo", clock: fixedClock(orgAt) });
  if (imported.status !== "applied") throw new Error(`demo org import: ${imported.status}`);

  // ---------------------------------------------------------------- pulses
  // The last pulse closed three days before `now`; the earlier ones a fortnight apart; and one in
  // June last year, the baseline of this year's måltal.
  const lastDue = startOfDayUtc(now.getTime() - 6 * DAY) + 7 * 3_600_000;
  const firstDue = lastDue - (pulseCount - 1) * 14 * DAY;
  const dues = [Date.UTC(year - 1, 5, 15, 7), ...Array.from({ length: pulseCount }, (_, n) => firstDue + n * 14 * DAY)];
  const rotation = QUESTION_BANK.defaultRotation;
  const schedule = await db.pulseSchedule.create({
    data: {
      unitId: "U0",
      anchorDate: new Date(dues[0]!).toISOString().slice(0, 10),
      rotatingQuestions: JSON.stringify(rotation),
      createdAt: orgAt,
      updatedAt: orgAt,
    },
  });
  await db.target.create({ data: { unitId: "U1", year, metric: TARGET_METRIC, deltaPp: 5, createdById: DEMO_PEOPLE.hrPartner, createdAt: orgAt } });

  const members = await db.assignment.findMany({
    where: { role: "member", active: true },
    select: { personId: true, unitId: true },
    orderBy: [{ personId: "asc" }, { unitId: "asc" }],
  });
  const unitsOf = new Map<string, string[]>();
  for (const m of members) unitsOf.set(m.personId, [...(unitsOf.get(m.personId) ?? []), m.unitId]);
  // How healthy each home unit is, drifting over the pulses (Förskolan falls, Grundskolan rises);
  // n = -1 is last year's pulse.
  const goodShare = (unitId: string, n: number) =>
    n < 0 ? 0.6 : unitId === DEMO_UNITS.preschool ? 0.78 - 0.05 * n : unitId === DEMO_UNITS.school ? 0.5 + 0.04 * n : 0.6 + 0.02 * ((n * 7) % 5);

  const schoolFew = new Set(
    [...unitsOf]
      .filter(([, u]) => u[0] === DEMO_UNITS.school)
      .slice(0, k - 1)
      .map(([id]) => id),
  );
  // Who feels well follows the unit's share exactly (by a fixed rank per person), so the trend is the drift above.
  const rankOf = (personId: string) => {
    const home = unitsOf.get(personId)![0]!;
    const peers = [...unitsOf].filter(([id, u]) => u[0] === home && !neverAnswers(id)).map(([id]) => id);
    return (peers.indexOf(personId) + 0.5) / peers.length;
  };
  const pulseIds: string[] = [];
  for (const [i, due] of dues.entries()) {
    const n = i - 1;
    const dueAt = new Date(due);
    const closesAt = new Date(dueAt.getTime() + 3 * DAY);
    const questionIds = chooseQuestions(rotation, i);
    const pulse = await db.pulse.create({
      data: {
        scheduleId: schedule.id,
        unitId: "U0",
        dueAt,
        closesAt,
        questionIds: JSON.stringify(questionIds),
        status: "closed",
        closedAt: closesAt,
        createdAt: dueAt,
      },
    });
    const recipients: { pulseId: string; personId: string; unitIds: string; answered: boolean }[] = [];
    const participation: { pulseId: string; personId: string; questionId: string }[] = [];
    const answers: { pulseId: string; unitId: string; token: string; questionId: string; value: number }[] = [];
    for (const [personId, unitIds] of unitsOf) {
      const home = unitIds[0]!;
      // The same people answer every time (a changing few would be withheld as differencing),
      // except in the third pulse: a bad fortnight in Grundskolan Centrum, too few answers to show.
      const answered = home === DEMO_UNITS.school && n === 2 ? schoolFew.has(personId) : !neverAnswers(personId);
      recipients.push({ pulseId: pulse.id, personId, unitIds: JSON.stringify(unitIds), answered });
      if (!answered) continue;
      const token = deriveAnswerToken(secret, pulse.id, personId);
      for (const questionId of questionIds) {
        const value = questionId === CORE_QUESTION_ID ? healthValue(rng, rankOf(personId) < goodShare(home, n)) : otherValue(rng, questionId);
        participation.push({ pulseId: pulse.id, personId, questionId });
        for (const unitId of unitIds) answers.push({ pulseId: pulse.id, unitId, token, questionId, value });
      }
    }
    await db.pulseRecipient.createMany({ data: recipients });
    await db.pulseParticipation.createMany({ data: participation });
    await db.pulseAnswer.createMany({ data: answers });
    const built = await buildPulseCells(db, pulse.id, k, new Date(closesAt.getTime() + 3_600_000));
    if (!built) throw new Error(`demo pulse ${i} was not built`);
    pulseIds.push(pulse.id);
  }

  // ---------------------------------------------------------------- friskfaktor rounds
  const roundIds: string[] = [];
  for (const [i, startsAt] of [now.getTime() - 400 * DAY, now.getTime() - 50 * DAY].entries()) {
    const opensAt = new Date(startsAt);
    const started = await startRound(db, { actorId: DEMO_PEOPLE.hrPartner, input: { unitIds: [DEMO_UNITS.area], windowDays: 14 }, now: opensAt });
    if (!started.ok) throw new Error(`demo round: ${started.reason}`);
    const recipients = await db.hfRecipient.findMany({ where: { roundId: started.roundId }, select: { personId: true }, orderBy: { personId: "asc" } });
    for (const { personId } of recipients) {
      if (neverAnswers(personId)) continue;
      const ratings = Object.fromEntries(FACTOR_IDS.map((f, j) => [f, ratingFor(rng, j, i)])) as Record<FactorId, Rating>;
      const rated = await recordRatings({ db, secret, now: new Date(opensAt.getTime() + DAY), personId, roundId: started.roundId, ratings });
      if (!rated.ok) throw new Error(`demo rating: ${rated.refusal}`);
    }
    await closeDueRounds(db, started.closesAt);
    const built = await buildRoundCells(db, started.roundId, k, new Date(started.closesAt.getTime() + 3_600_000));
    if (!built) throw new Error("demo round was not built");
    roundIds.push(started.roundId);
  }
  const roundId = roundIds.at(-1)!;
  const agreedAt = new Date(now.getTime() - 30 * DAY);

  // ---------------------------------------------------------------- priorities and activities
  const factorIds = [FACTOR_IDS[1]!, FACTOR_IDS[4]!];
  const proposed = await proposePriorities(db, {
    roundId,
    unitId: DEMO_UNITS.preschool,
    actorId: DEMO_PEOPLE.manager,
    factorIds,
    now: new Date(agreedAt.getTime() - DAY),
  });
  if (!proposed.ok) throw new Error(`demo proposal: ${proposed.reason}`);
  const agreed = await confirmPriorities(db, { roundId, unitId: DEMO_UNITS.preschool, actorId: DEMO_PEOPLE.safetyRep, factorIds, now: agreedAt });
  if (!agreed.ok) throw new Error(`demo agreement: ${agreed.reason}`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const plans = [
    { factorId: factorIds[0]!, what: "Gemensam planering varannan vecka på APT", owner: "Nils Eriksson", dueDate: day(now.getTime() - 5 * DAY) },
    { factorId: factorIds[0]!, what: "Tydliggöra vem som gör vad vid frånvaro", owner: "Nils Karlsson", dueDate: day(now.getTime() + 20 * DAY) },
    { factorId: factorIds[1]!, what: "Återkoppling i omtankessamtal med alla", owner: "Nils Eriksson", dueDate: day(now.getTime() - 10 * DAY) },
  ];
  const activityIds: string[] = [];
  for (const input of plans) {
    const added = await addActivity(db, { roundId, unitId: DEMO_UNITS.preschool, actorId: DEMO_PEOPLE.manager, input, now: agreedAt, timeZone: TIME_ZONE });
    if (!added.ok) throw new Error(`demo activity: ${added.reason}`);
    activityIds.push(added.activityId);
  }
  const done = await changeActivity(db, {
    activityId: activityIds[2]!,
    actorId: DEMO_PEOPLE.safetyRep,
    change: { kind: "done" },
    now: new Date(now.getTime() - 11 * DAY),
    timeZone: TIME_ZONE,
  });
  if (!done.ok) throw new Error(`demo activity done: ${done.reason}`);
  const school = await proposePriorities(db, {
    roundId,
    unitId: DEMO_UNITS.school,
    actorId: "P000025",
    factorIds: [FACTOR_IDS[0]!],
    now: new Date(now.getTime() - 20 * DAY),
  });
  if (!school.ok) throw new Error(`demo school proposal: ${school.reason}`);

  // ---------------------------------------------------------------- sick leave (HR system export)
  // Short occasions for most of Förskolan Centrum, repeated ones for two people, one long one.
  const absenceRows = ["person_id,first_day,last_day"];
  const preschoolMembers = [...unitsOf].filter(([, u]) => u[0] === DEMO_UNITS.preschool).map(([id]) => id);
  for (const [j, personId] of preschoolMembers.entries()) {
    const occasions = personId === "P000008" || personId === "P000016" ? 5 : j % 3;
    for (let o = 0; o < occasions; o++) {
      const first = now.getTime() - (20 + o * 47 + j * 3) * DAY;
      absenceRows.push(`${personId},${day(first)},${day(first + (o % 2) * DAY)}`);
    }
  }
  absenceRows.push(`P000010,${day(now.getTime() - 120 * DAY)},${day(now.getTime() - 95 * DAY)}`);
  const absences = await importAbsences(db, new TextEncoder().encode(absenceRows.join("\n") + "\n"), { now, source: "tab-demo" });
  if (absences.status !== "applied") throw new Error(`demo absences: ${absences.status}`);
  // This month's snapshot, as the sickLeave.snapshot job makes it (NUDGE_SICK_LEAVE_* defaults).
  await buildSickLeaveCells(db, { now, k, occasions: 3, months: 12 });

  // ---------------------------------------------------------------- cases for the chef
  const opened = [
    { signal: "contact_request" as const, subjectPersonId: "P000007", at: now.getTime() - 4 * DAY },
    { signal: "short_sick_leave" as const, subjectPersonId: "P000008", at: now.getTime() - 9 * DAY },
  ];
  for (const c of opened) {
    await openCase(
      db,
      {
        signal: c.signal,
        subjectPersonId: c.subjectPersonId,
        unitId: DEMO_UNITS.preschool,
        ownerId: DEMO_PEOPLE.manager,
        openKey: openKeyOf(c.signal, c.subjectPersonId),
        detail: {},
      },
      new Date(c.at),
    );
  }
  return { pulseIds, roundIds, activityIds, overdueActivityId: activityIds[0]! };
}

/** About one in eight never answers (the demo member always does). */
function neverAnswers(personId: string): boolean {
  return personId !== DEMO_PEOPLE.member && createHash("sha256").update(personId).digest()[0]! < 32;
}

function startOfDayUtc(ms: number): number {
  return ms - (ms % DAY);
}

/** self_rated_health, 1 = Mycket bra … 5 = Mycket dåligt; 1 and 2 are good. */
function healthValue(rng: () => number, good: boolean): number {
  if (good) return rng() < 0.35 ? 1 : 2;
  const r = rng();
  return r < 0.7 ? 3 : r < 0.92 ? 4 : 5;
}

function otherValue(rng: () => number, questionId: string): number {
  const values = scaleOf(questionId).values;
  if (values.length === 2) return rng() < 0.3 ? 1 : 2;
  const weights = [0.15, 0.3, 0.3, 0.17, 0.08];
  let r = rng();
  for (let i = 0; i < values.length; i++) if ((r -= weights[i]!) < 0) return values[i]!;
  return values.at(-1)!;
}

/** Factor j's rating in round i: some factors strong, some weak, a little better the second time; now and then "Vet inte". */
function ratingFor(rng: () => number, j: number, i: number): Rating {
  if (rng() < 0.06) return null;
  const centre = 2.6 + ((j * 5) % 8) / 4 + 0.3 * i;
  return Math.min(5, Math.max(1, Math.round(centre + (rng() - 0.5) * 2.4))) as Rating;
}

/** mulberry32 from a hash of the seed: small and repeatable. */
function prng(seed: number): () => number {
  let a = createHash("sha256").update(String(seed)).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
