// The privacy rules (DESIGN.md, "Privacy rules") end to end on SQLite: a random organisation is
// seeded, people answer with the real recordPulseAnswer while each pulse is open, the real
// buildPulseCells builds every pulse in turn (finding previous respondents in the database), and
// the stored PulseCell rows are checked for every viewer against who really answered what
// (properties a–e, as in differencing.property.test.ts), and against the pure path.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Db } from "../../src/db/client.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { deleteExpiredAnswers } from "../../src/domain/aggregates/delete-expired-answers.js";
import { recordPulseAnswer } from "../../src/domain/pulse/record-answer.js";
import { createSqliteTestDb } from "../harness/databases.js";
import {
  checkPrivacy,
  churnArb,
  describeScenario,
  materialize,
  personInTwoSiblingsArb,
  randomScenario,
  runPurePath,
  treeFromSeeds,
  valuesOf,
  type ObservedCell,
  type PersonSpec,
  type Scenario,
  type ScenarioSpec,
} from "./differencing-model.js";
import { checkWindowIsolation } from "./window-algebra.js";

const SECRET = "differencing-property-secret";
const FIRST_DUE = Date.parse("2026-01-05T08:00:00Z");
const DAY = 24 * 3600 * 1000;

/** Seeds units, people, member assignments and a schedule at the root; returns the schedule id. */
async function seedOrg(db: Db, scenario: Scenario, rotation: string[]): Promise<string> {
  await db.unit.createMany({ data: scenario.units.map((u) => ({ id: u.id, name: `Enhet ${u.id}`, parentId: u.parentId })) });
  await db.person.createMany({ data: scenario.personIds.map((id) => ({ id, displayName: id })) });
  const memberships = new Set(scenario.pulses.flatMap((p) => p.recipients.flatMap((r) => r.unitIds.map((u) => `${r.personId}\u0000${u}`))));
  await db.assignment.createMany({
    data: [...memberships].map((m) => {
      const [personId, unitId] = m.split("\u0000") as [string, string];
      return { personId, unitId, role: "member" };
    }),
  });
  const schedule = await db.pulseSchedule.create({ data: { unitId: scenario.rootId, anchorDate: "2026-01-05", rotatingQuestions: JSON.stringify(rotation) } });
  return schedule.id;
}

/** Opens pulse t, lets everyone answer through recordPulseAnswer (some change their mind), closes it. */
async function runPulse(db: Db, scenario: Scenario, scheduleId: string, t: number, dueAt: Date): Promise<string> {
  const pulse = scenario.pulses[t]!;
  const closesAt = new Date(dueAt.getTime() + 3 * DAY);
  const row = await db.pulse.create({
    data: { scheduleId, unitId: scenario.rootId, dueAt, closesAt, questionIds: JSON.stringify(pulse.questionIds), status: "open" },
  });
  if (pulse.recipients.length > 0) {
    await db.pulseRecipient.createMany({ data: pulse.recipients.map((r) => ({ pulseId: row.id, personId: r.personId, unitIds: JSON.stringify(r.unitIds) })) });
  }
  const now = new Date(dueAt.getTime() + 3600 * 1000);
  for (const [i, a] of pulse.answers.entries()) {
    const answer = (value: number) => recordPulseAnswer({ db, secret: SECRET, now, personId: a.personId, pulseId: row.id, questionId: a.questionId, value });
    if (i % 4 === 0) {
      // Change of mind: the first tap is replaced, not added.
      const values = valuesOf(a.questionId);
      expect((await answer(values[(values.indexOf(a.value) + 1) % values.length]!)).ok).toBe(true);
    }
    const result = await answer(a.value);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  }
  await db.pulse.update({ where: { id: row.id }, data: { status: "closed", closedAt: closesAt } });
  return row.id;
}

async function readObserved(db: Db, pulseIds: string[]): Promise<ObservedCell[]> {
  const rows = await db.pulseCell.findMany({ where: { pulseId: { in: pulseIds } } });
  return rows.map((c) => ({
    t: pulseIds.indexOf(c.pulseId),
    questionId: c.questionId,
    unitId: c.unitId,
    released: c.released,
    reason: c.reason,
    // Anything stored on a suppressed cell counts as figures (the checker then flags it).
    figures:
      c.respondents === null && c.counts === null && c.goodCount === null && c.invited === null
        ? null
        : { respondents: c.respondents ?? -1, counts: c.counts === null ? {} : (JSON.parse(c.counts) as Record<string, number>), goodCount: c.goodCount ?? -1 },
  }));
}

const comparable = (cells: readonly ObservedCell[]) =>
  [...cells].sort((a, b) => a.t - b.t || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0) || (a.questionId < b.questionId ? -1 : 1));

/**
 * Smaller organisations than on the pure path (recordPulseAnswer is a handful of queries per
 * tap): random ones, people in two sibling units, and churn (which makes buildPulseCells walk back
 * past withheld pulses). At most 90 answers a run keeps the file around 15 s.
 */
const dbScenarioArb = fc
  .oneof(
    { weight: 2, arbitrary: randomScenario({ maxUnits: 10, maxCohorts: 6, maxCohortSize: 6, maxPulses: 3 }) },
    { weight: 1, arbitrary: personInTwoSiblingsArb },
    { weight: 2, arbitrary: churnArb },
  )
  // Sometimes a reorganisation from some pulse on: earlier cells must keep the tree of their day.
  .chain((spec) =>
    fc
      .option(
        fc.record({
          at: fc.integer({ min: 1, max: Math.max(1, spec.pulseCount - 1) }),
          seeds: fc.array(fc.nat({ max: 1000 }), { minLength: spec.parents.length - 1, maxLength: spec.parents.length - 1 }),
        }),
        { freq: 2 },
      )
      .map((reorg): ScenarioSpec =>
        reorg && spec.pulseCount > 1 && spec.parents.length > 1 ? { ...spec, reorg: { at: reorg.at, parents: treeFromSeeds(3, reorg.seeds) } } : spec,
      ),
  )
  .filter((spec) => materialize(spec).pulses.reduce((n, p) => n + p.answers.length, 0) <= 90);

describe("differencing properties on the database path (recordPulseAnswer → buildPulseCells → PulseCell)", () => {
  it("hold for random organisations, and the stored cells are exactly the pure path's", async () => {
    await fc.assert(
      fc.asyncProperty(dbScenarioArb, async (spec) => {
        const scenario = materialize(spec);
        const d = await createSqliteTestDb();
        try {
          const scheduleId = await seedOrg(d.db, scenario, spec.rotation);
          const pulseIds: string[] = [];
          for (let t = 0; t < scenario.pulses.length; t++) {
            const dueAt = new Date(FIRST_DUE + 14 * t * DAY);
            for (const u of scenario.unitsAt[t]!) await d.db.unit.update({ where: { id: u.id }, data: { parentId: u.parentId } });
            const pulseId = await runPulse(d.db, scenario, scheduleId, t, dueAt);
            pulseIds.push(pulseId);
            const built = await buildPulseCells(d.db, pulseId, scenario.k, new Date(dueAt.getTime() + 3 * DAY + 60_000));
            expect(built).not.toBeNull();
          }
          const observed = await readObserved(d.db, pulseIds);
          const violations = [...checkPrivacy(scenario, observed), ...checkWindowIsolation(scenario, observed)];
          if (violations.length > 0) throw new Error(`${violations.join("\n")}\n--- scenario ---\n${describeScenario(scenario)}`);
          expect(comparable(observed)).toEqual(comparable(runPurePath(scenario)));
        } finally {
          await d.cleanup();
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe("previous respondents from the database", () => {
  const here = { present: true, moved: false, answers: [0] };
  const skip = { present: true, moved: false, answers: [null] };
  const person = (pulses: PersonSpec["pulses"]): PersonSpec => ({ units: [0], altUnits: [0], pulses });

  it("compare with the last released pulse, walking back past a withheld one", async () => {
    // k = 3, one unit. Pulse 0: A–D (released). Pulse 1: D skips (3 people, one fewer: withheld).
    // Pulse 2: A–D again, compared with pulse 0 (released, nobody changed), not with pulse 1.
    // Pulse 3: E joins (one more than pulse 2: withheld).
    const spec: ScenarioSpec = {
      k: 3,
      parents: [null],
      rotation: [],
      pulseCount: 4,
      people: [
        ...Array.from({ length: 3 }, () => person([here, here, here, here])),
        person([here, skip, here, here]),
        person([{ ...here, present: false }, { ...here, present: false }, { ...here, present: false }, here]),
      ],
    };
    const scenario = materialize(spec);
    const d = await createSqliteTestDb();
    try {
      const scheduleId = await seedOrg(d.db, scenario, []);
      const pulseIds: string[] = [];
      for (let t = 0; t < 4; t++) {
        const dueAt = new Date(FIRST_DUE + 14 * t * DAY);
        pulseIds.push(await runPulse(d.db, scenario, scheduleId, t, dueAt));
        await buildPulseCells(d.db, pulseIds[t]!, scenario.k, new Date(dueAt.getTime() + 3 * DAY + 60_000));
      }
      const observed = comparable(await readObserved(d.db, pulseIds));
      expect(observed.map((c) => c.reason ?? "released")).toEqual(["released", "differencing", "released", "differencing"]);
      expect(observed).toEqual(comparable(runPurePath(scenario)));
      expect(checkPrivacy(scenario, observed)).toEqual([]);
    } finally {
      await d.cleanup();
    }
  });
});

// buildPulseCells compares a cell with the respondents of the series' last released cell, which
// it recomputes from PulseParticipation. If the retention job deleted that participation with the
// answers, the baseline would be nobody, and "differs from nobody by ≥ k people" would release a
// cell one person away from the last released one. The job keeps a baseline's participation.
describe("consecutive released pulses after the retention job", () => {
  const steady = (n: number, pulses: PersonSpec["pulses"][number][]): PersonSpec[] =>
    Array.from({ length: n }, () => ({ units: [0], altUnits: [0], pulses: pulses.map((p) => ({ ...p })) }));
  const here = { present: true, moved: false, answers: [0] };
  const away = { present: false, moved: false, answers: [0] };
  // k = 5, one unit: 5 people in pulse 0 (released); a sixth joins for pulses 1–3.
  const spec: ScenarioSpec = {
    k: 5,
    parents: [null],
    rotation: [],
    pulseCount: 4,
    people: [...steady(5, [here, here, here, here]), ...steady(1, [away, here, here, here])],
  };

  it("the trend never shows two released pulses 1…k−1 people apart", async () => {
    const scenario = materialize(spec);
    const d = await createSqliteTestDb();
    try {
      const scheduleId = await seedOrg(d.db, scenario, []);
      const pulseIds: string[] = [];
      for (let t = 0; t < 4; t++) {
        const dueAt = new Date(FIRST_DUE + 14 * t * DAY);
        const builtAt = new Date(dueAt.getTime() + 3 * DAY + 60_000);
        // The daily retention job, with ANSWER_RETENTION_MONTHS=1, before this pulse is built.
        await deleteExpiredAnswers(d.db, builtAt, 1);
        pulseIds.push(await runPulse(d.db, scenario, scheduleId, t, dueAt));
        await buildPulseCells(d.db, pulseIds[t]!, scenario.k, builtAt);
      }
      const observed = await readObserved(d.db, pulseIds);
      // Pulses 1–3 are held back (one person joined since pulse 0), although pulse 0's answers are gone.
      expect(comparable(observed).map((c) => c.reason ?? "released")).toEqual(["released", "differencing", "differencing", "differencing"]);
      expect(await d.db.pulseAnswer.count({ where: { pulseId: pulseIds[0] } })).toBe(0);
      expect(checkPrivacy(scenario, observed)).toEqual([]);
    } finally {
      await d.cleanup();
    }
  });
});
