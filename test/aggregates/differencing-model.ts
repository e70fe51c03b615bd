// Shared model for the differencing property tests (DESIGN.md, "Privacy rules"): random
// organisations and pulse histories, the true person sets behind every cell, the viewer families
// (who sees which cells together), and checkers that compare released cells against the truth.
// Not a test file itself (vitest only picks up *.test.ts).
import fc from "fast-check";
import { CORE_QUESTION_ID, QUESTION_BANK } from "../../src/domain/pulse/question-bank.js";
import { buildUnitChains, collectAnswers, collectRespondents, computePulseCells } from "../../src/domain/aggregates/pulse-cells.js";
import { windowFromSets } from "../../src/domain/aggregates/release-rules.js";

// ------------------------------------------------------------------------------------- scenarios

/** One person in one pulse: a recipient or not, in their usual or their other units, and per question slot the answer (null = skipped). */
export interface PersonPulse {
  present: boolean;
  moved: boolean;
  /** Slot 0 = core question, slot 1 = the pulse's rotating question; a seed into the scale's values. */
  answers: (number | null)[];
}

export interface PersonSpec {
  /** Unit indices (1 or 2: someone in two units). */
  units: number[];
  /** Units when `moved` in a pulse. */
  altUnits: number[];
  pulses: PersonPulse[];
}

export interface ScenarioSpec {
  k: number;
  /** Parent index of each unit; unit 0 is the root (and the schedule's unit). */
  parents: (number | null)[];
  /** Rotating questions, one per pulse in turn. */
  rotation: string[];
  pulseCount: number;
  people: PersonSpec[];
  /** A reorganisation: from pulse `at` on, the units hang under these parents instead. */
  reorg?: { at: number; parents: (number | null)[] };
}

export interface PulseData {
  questionIds: string[];
  recipients: { personId: string; unitIds: string[] }[];
  answers: { personId: string; questionId: string; value: number }[];
}

export interface Scenario {
  k: number;
  /** The tree of the first pulse. */
  units: { id: string; parentId: string | null }[];
  /** The tree of every pulse (a reorganisation changes it). */
  unitsAt: { id: string; parentId: string | null }[][];
  rootId: string;
  personIds: string[];
  pulses: PulseData[];
}

const unitId = (i: number) => `U${i}`;
const personId = (i: number) => `P${String(i).padStart(2, "0")}`;

export function valuesOf(questionId: string): readonly number[] {
  const question = QUESTION_BANK.questions[questionId]!;
  return QUESTION_BANK.scales[question.scale]!.values;
}

export function goodValuesOf(questionId: string): readonly number[] {
  const question = QUESTION_BANK.questions[questionId]!;
  return QUESTION_BANK.scales[question.scale]!.goodValues;
}

export function questionsOfPulse(spec: Pick<ScenarioSpec, "rotation">, t: number): string[] {
  const rotating = spec.rotation.length > 0 ? spec.rotation[t % spec.rotation.length]! : null;
  return rotating ? [CORE_QUESTION_ID, rotating] : [CORE_QUESTION_ID];
}

export function materialize(spec: ScenarioSpec): Scenario {
  const n = spec.parents.length;
  const treeOfParents = (parents: (number | null)[]) => parents.map((p, i) => ({ id: unitId(i), parentId: p === null ? null : unitId(p) }));
  const units = treeOfParents(spec.parents);
  const unitsAt = Array.from({ length: spec.pulseCount }, (_, t) =>
    spec.reorg && t >= spec.reorg.at && spec.reorg.parents.length === n ? treeOfParents(spec.reorg.parents) : units,
  );
  const pulses: PulseData[] = [];
  for (let t = 0; t < spec.pulseCount; t++) {
    const questionIds = questionsOfPulse(spec, t);
    const recipients: PulseData["recipients"] = [];
    const answers: PulseData["answers"] = [];
    spec.people.forEach((person, j) => {
      const pp = person.pulses[t];
      if (!pp || !pp.present) return;
      const chosen = pp.moved && person.altUnits.length > 0 ? person.altUnits : person.units;
      const unitIds = [...new Set(chosen.map((u) => unitId(((u % n) + n) % n)))];
      recipients.push({ personId: personId(j), unitIds });
      questionIds.forEach((questionId, slot) => {
        const seed = pp.answers[slot];
        if (seed === null || seed === undefined) return;
        const values = valuesOf(questionId);
        answers.push({ personId: personId(j), questionId, value: values[seed % values.length]! });
      });
    });
    pulses.push({ questionIds, recipients, answers });
  }
  return { k: spec.k, units, unitsAt, rootId: unitId(0), personIds: spec.people.map((_, j) => personId(j)), pulses };
}

// ------------------------------------------------------------------------------------------ truth

const key = (t: number, questionId: string, unit: string) => `${t}\u0000${questionId}\u0000${unit}`;

export interface Tree {
  parentOf: Map<string, string | null>;
  /** unit → itself and its ancestors up to the root, nearest first. */
  upwards: Map<string, string[]>;
  isStrictAncestor(ancestor: string, unit: string): boolean;
  subtree(unit: string): string[];
}

/** The tree of pulse t (the first pulse's unless told). */
export function treeOf(scenario: Scenario, t = 0): Tree {
  const units = scenario.unitsAt[t] ?? scenario.units;
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const upwards = new Map<string, string[]>();
  for (const u of units) {
    const chain: string[] = [];
    for (let at: string | null | undefined = u.id; at; at = parentOf.get(at)) chain.push(at);
    upwards.set(u.id, chain);
  }
  return {
    parentOf,
    upwards,
    isStrictAncestor: (ancestor, unit) => ancestor !== unit && (upwards.get(unit) ?? []).includes(ancestor),
    subtree: (unit) => units.map((u) => u.id).filter((id) => (upwards.get(id) ?? []).includes(unit)),
  };
}

export interface Truth {
  /** (pulse, question, unit) → the people who answered that question in that unit's subtree. */
  respondents: Map<string, Set<string>>;
  /** (pulse, question, person) → value. */
  values: Map<string, number>;
}

/** Computed independently of src/ (a plain walk up the pulse's tree from every unit a person is in). */
export function truthOf(scenario: Scenario): Truth {
  const respondents = new Map<string, Set<string>>();
  const values = new Map<string, number>();
  scenario.pulses.forEach((pulse, t) => {
    const tree = treeOf(scenario, t);
    const unitsOf = new Map(pulse.recipients.map((r) => [r.personId, r.unitIds]));
    for (const a of pulse.answers) {
      values.set(key(t, a.questionId, a.personId), a.value);
      const cells = new Set((unitsOf.get(a.personId) ?? []).flatMap((u) => tree.upwards.get(u) ?? []));
      for (const cell of cells) {
        const k = key(t, a.questionId, cell);
        let set = respondents.get(k);
        if (!set) respondents.set(k, (set = new Set()));
        set.add(a.personId);
      }
    }
  });
  return { respondents, values };
}

// --------------------------------------------------------------------------------- observations

export interface ObservedCell {
  t: number;
  questionId: string;
  unitId: string;
  released: boolean;
  reason: string | null;
  figures: { respondents: number; counts: Record<string, number>; goodCount: number } | null;
}

/** The release window in pulses of the property tests' fortnightly schedule (365 days). */
export const WINDOW_PULSES = 26;

/**
 * The pure path, pulse after pulse, with the window as build-pulse-cells finds it: the person
 * sets of the cells released in the pulses before, each with the tree of its own pulse.
 */
export function runPurePath(scenario: Scenario): ObservedCell[] {
  const releasedBefore: { t: number; questionId: string; people: ReadonlySet<string> }[] = [];
  const observed: ObservedCell[] = [];
  scenario.pulses.forEach((pulse, t) => {
    const chains = buildUnitChains(scenario.unitsAt[t]!, scenario.rootId);
    const unitsOf = new Map(pulse.recipients.map((r) => [r.personId, r.unitIds]));
    const participation = pulse.answers.map((a) => ({ personId: a.personId, questionId: a.questionId }));
    // One answer row per unit of the send-time snapshot, as record-answer.ts writes them.
    const answerRows = pulse.answers.flatMap((a) =>
      (unitsOf.get(a.personId) ?? []).map((u) => ({ unitId: u, token: `tok:${t}:${a.personId}`, questionId: a.questionId, value: a.value })),
    );
    const respondents = collectRespondents(pulse.recipients, participation, chains);
    const cells = computePulseCells({
      chains,
      questionIds: pulse.questionIds,
      respondents,
      answers: collectAnswers(answerRows, chains),
      window: (q) => windowFromSets(releasedBefore.filter((r) => r.questionId === q && t - r.t < WINDOW_PULSES).map((r) => r.people)),
      coreQuestionId: CORE_QUESTION_ID,
      goodValues: goodValuesOf,
      k: scenario.k,
    });
    for (const c of cells) {
      observed.push({
        t,
        questionId: c.questionId,
        unitId: c.unitId,
        released: c.released,
        reason: c.reason,
        figures: c.figures && { respondents: c.figures.respondents, counts: c.figures.counts, goodCount: c.figures.goodCount },
      });
      if (c.released) releasedBefore.push({ t, questionId: c.questionId, people: respondents.get(c.questionId)?.get(c.unitId) ?? new Set() });
    }
  });
  return observed;
}

// -------------------------------------------------------------------------------------- viewers

export interface ViewerFamily {
  name: string;
  /** Units whose cells this viewer sees in pulse t (an HR partner's subtree follows reorganisations). */
  unitsAt(t: number): string[];
}

/**
 * Manager/skyddsombud of U: U and the schedule's unit (a member of U who is shown U's results
 * sees the same). HR partner of A: every unit in subtree(A), in each pulse's tree.
 */
export function viewerFamilies(scenario: Scenario): ViewerFamily[] {
  const families: ViewerFamily[] = [];
  const trees = scenario.pulses.map((_, t) => treeOf(scenario, t));
  for (const u of scenario.units) {
    const managed = [...new Set([u.id, scenario.rootId])];
    families.push({ name: `manager(${u.id})`, unitsAt: () => managed });
    families.push({ name: `hr(${u.id})`, unitsAt: (t) => (trees[t] ?? trees[0]!).subtree(u.id) });
  }
  return families;
}

// ------------------------------------------------------------------------------------- checking

const safe = (size: number, k: number) => size === 0 || size >= k;
const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((p) => !b.has(p));

/**
 * Properties a–e against the true person sets. Returns the violations (empty = private), each a
 * sentence naming the viewer, the pulse, the cells and the isolated people.
 */
export function checkPrivacy(scenario: Scenario, observed: readonly ObservedCell[], limit = 5): string[] {
  const truth = truthOf(scenario);
  const { k } = scenario;
  const violations: string[] = [];
  const report = (message: string) => {
    if (violations.length < limit) violations.push(message);
  };
  const byKey = new Map<string, ObservedCell>();
  for (const cell of observed) {
    const id = key(cell.t, cell.questionId, cell.unitId);
    if (byKey.has(id)) report(`duplicate cell ${cell.unitId}/${cell.questionId} in pulse ${cell.t}`);
    byKey.set(id, cell);
  }
  // Every unit with at least one respondent has exactly one cell (released or not), and no others.
  for (const id of truth.respondents.keys()) if (!byKey.has(id)) report(`missing cell ${id.replaceAll("\u0000", "/")}`);
  for (const [id, cell] of byKey) if (!truth.respondents.has(id)) report(`cell ${cell.unitId}/${cell.questionId} in pulse ${cell.t} has no respondents`);

  const people = (cell: ObservedCell) => truth.respondents.get(key(cell.t, cell.questionId, cell.unitId)) ?? new Set<string>();
  for (const cell of byKey.values()) {
    const where = `${cell.unitId}/${cell.questionId} in pulse ${cell.t}`;
    if (!cell.released) {
      // e. suppressed cells carry nothing but their reason.
      if (cell.figures !== null) report(`(e) suppressed ${where} carries figures ${JSON.stringify(cell.figures)}`);
      if (!cell.reason) report(`(e) suppressed ${where} has no reason`);
      continue;
    }
    const truePeople = people(cell);
    // a. at least k people behind every released figure.
    if (truePeople.size < k) report(`(a) released ${where} with ${truePeople.size} < k=${k} people: ${[...truePeople].join(",")}`);
    // e. the figures are exactly the true answers of exactly those people.
    const expected: Record<string, number> = {};
    let good = 0;
    const goodValues = goodValuesOf(cell.questionId);
    for (const p of truePeople) {
      const value = truth.values.get(key(cell.t, cell.questionId, p))!;
      expected[value] = (expected[value] ?? 0) + 1;
      if (goodValues.includes(value)) good++;
    }
    const actual = { respondents: cell.figures?.respondents, counts: cell.figures?.counts, goodCount: cell.figures?.goodCount };
    const wanted = { respondents: truePeople.size, counts: expected, goodCount: good };
    if (JSON.stringify(sortKeys(actual)) !== JSON.stringify(sortKeys(wanted)))
      report(`(e) released ${where} shows ${JSON.stringify(actual)}, truth ${JSON.stringify(wanted)}`);
    if (cell.reason !== null) report(`(e) released ${where} has a reason ${cell.reason}`);
  }

  const isReleased = (t: number, q: string, u: string) => byKey.get(key(t, q, u))?.released === true;
  const setOf = (t: number, q: string, u: string) => truth.respondents.get(key(t, q, u)) ?? new Set<string>();
  // Per-family checks are cheap to repeat, but memoise the per-pulse pair differences.
  const pairChecked = new Set<string>();
  const residualChecked = new Set<string>();
  for (const family of viewerFamilies(scenario)) {
    scenario.pulses.forEach((pulse, t) => {
      const tree = treeOf(scenario, t);
      for (const q of pulse.questionIds) {
        const visible = family.unitsAt(t).filter((u) => isReleased(t, q, u));
        // b. any two visible released cells: |A \ B| is 0 or ≥ k.
        for (const a of visible) {
          for (const b of visible) {
            if (a === b) continue;
            const memo = key(t, q, `${a}\u0000${b}`);
            if (pairChecked.has(memo)) continue;
            pairChecked.add(memo);
            const diff = minus(setOf(t, q, a), setOf(t, q, b));
            if (!safe(diff.length, k)) report(`(b) ${family.name}, pulse ${t}, ${q}: ${a} \\ ${b} = {${diff.join(",")}} (${diff.length} < k=${k})`);
          }
        }
        // c. a visible released cell minus the union of the visible released cells below it.
        for (const p of visible) {
          const below = visible.filter((d) => tree.isStrictAncestor(p, d));
          const memo = key(t, q, `${p}\u0001${below.join(",")}`);
          if (residualChecked.has(memo)) continue;
          residualChecked.add(memo);
          const covered = new Set(below.flatMap((d) => [...setOf(t, q, d)]));
          const rest = minus(setOf(t, q, p), covered);
          if (!safe(rest.length, k))
            report(`(c) ${family.name}, pulse ${t}, ${q}: ${p} minus {${below.join(",")}} = {${rest.join(",")}} (${rest.length} < k=${k})`);
        }
      }
    });
    // d. the same unit in two consecutive released pulses (the trend), per question.
    const questions = [...new Set(scenario.pulses.flatMap((p) => p.questionIds))];
    for (const u of scenario.units.map((unit) => unit.id)) {
      for (const q of questions) {
        let previous: { t: number; people: Set<string> } | null = null;
        for (let t = 0; t < scenario.pulses.length; t++) {
          if (!family.unitsAt(t).includes(u) || !isReleased(t, q, u)) continue;
          const now = setOf(t, q, u);
          if (previous) {
            const changed = [...minus(now, previous.people), ...minus(previous.people, now)];
            if (!safe(changed.length, k))
              report(`(d) ${family.name}: ${u}/${q} released in pulses ${previous.t} and ${t}, changed {${changed.join(",")}} (${changed.length} < k=${k})`);
          }
          previous = { t, people: now };
        }
      }
    }
  }
  return violations;
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

/**
 * Beyond a–e: figures add and subtract. With its visible released cells' distributions a viewer
 * can form any integer combination; if one equals the indicator of a set of 1…k−1 people, their
 * answers are out. Checks every viewer and pulse: group the people into atoms (same set of
 * visible cells), row-reduce the cells × atoms matrix, and look for a row that is a 0/1 vector
 * over fewer than k people (a row of the reduced echelon form equal to e_atom is exactly "this
 * atom is in the span").
 */
export function checkLinearIsolation(scenario: Scenario, observed: readonly ObservedCell[], limit = 3): string[] {
  const truth = truthOf(scenario);
  const { k } = scenario;
  const released = new Set(observed.filter((c) => c.released).map((c) => key(c.t, c.questionId, c.unitId)));
  const violations: string[] = [];
  for (const family of viewerFamilies(scenario)) {
    scenario.pulses.forEach((pulse, t) => {
      for (const q of pulse.questionIds) {
        if (violations.length >= limit) return;
        const visible = family.unitsAt(t).filter((u) => released.has(key(t, q, u)));
        if (visible.length < 3) continue; // Two cells: a–e already cover every combination.
        const sets = visible.map((u) => truth.respondents.get(key(t, q, u))!);
        const atoms = new Map<string, string[]>();
        for (const p of new Set(sets.flatMap((s) => [...s]))) {
          const signature = sets.map((s) => (s.has(p) ? "1" : "0")).join("");
          atoms.set(signature, [...(atoms.get(signature) ?? []), p]);
        }
        const atomList = [...atoms.values()];
        const matrix = sets.map((s) => atomList.map((members) => (s.has(members[0]!) ? 1 : 0)));
        for (const row of reducedRowEchelon(matrix)) {
          const support = row.flatMap((x, i) => (Math.abs(x) > 1e-9 ? [i] : []));
          if (support.length === 0 || !support.every((i) => Math.abs(row[i]! - 1) < 1e-9)) continue;
          const isolated = support.flatMap((i) => atomList[i]!);
          if (isolated.length < k) {
            violations.push(
              `${family.name}, pulse ${t}, ${q}: from the released cells {${visible.map((u, i) => `${u}=[${[...sets[i]!].join(",")}]`).join("; ")}} ` +
                `a combination of the figures isolates {${isolated.join(",")}} (${isolated.length} < k=${k})`,
            );
            return;
          }
        }
      }
    });
  }
  return violations;
}

/** Reduced row echelon form (small 0/1 matrices; floating point with a tolerance is exact enough here). */
function reducedRowEchelon(input: number[][]): number[][] {
  const m = input.map((r) => [...r]);
  const rows = m.length;
  const cols = rows > 0 ? m[0]!.length : 0;
  let lead = 0;
  for (let c = 0; c < cols && lead < rows; c++) {
    let pivot = lead;
    for (let r = lead + 1; r < rows; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue;
    [m[lead], m[pivot]] = [m[pivot]!, m[lead]!];
    const lv = m[lead]![c]!;
    m[lead] = m[lead]!.map((x) => x / lv);
    for (let r = 0; r < rows; r++) {
      if (r === lead) continue;
      const f = m[r]![c]!;
      if (Math.abs(f) > 1e-12) m[r] = m[r]!.map((x, i) => x - f * m[lead]![i]!);
    }
    lead++;
  }
  return m.slice(0, lead);
}

// ----------------------------------------------------------------------------------- arbitraries

const K = fc.constantFrom(3, 4, 5);
const ROTATION = fc.constantFrom(["presenteeism"], ["presenteeism", "workload"], [] as string[]);

/** Mostly present and answering, sometimes away, moved or skipping. */
function personPulseArb(opts: { absent: number; moved: number; skip: number }): fc.Arbitrary<PersonPulse> {
  const weighted = (rare: number) => fc.oneof({ weight: 100 - rare, arbitrary: fc.constant(false) }, { weight: rare, arbitrary: fc.constant(true) });
  const answer = fc.oneof({ weight: 100 - opts.skip, arbitrary: fc.nat({ max: 4 }) }, { weight: opts.skip, arbitrary: fc.constant(null) });
  return fc.record({ present: weighted(opts.absent).map((away) => !away), moved: weighted(opts.moved), answers: fc.tuple(answer, answer) });
}

function pulsesArb(pulseCount: number, opts = { absent: 10, moved: 8, skip: 12 }): fc.Arbitrary<PersonPulse[]> {
  return fc.array(personPulseArb(opts), { minLength: pulseCount, maxLength: pulseCount });
}

/** Parent of unit i+1 picked among the units above the depth limit. */
export function treeFromSeeds(levels: number, seeds: readonly number[]): (number | null)[] {
  const parents: (number | null)[] = [null];
  const depth = [0];
  if (levels <= 1) return parents;
  for (const seed of seeds) {
    const eligible = depth.flatMap((d, i) => (d < levels - 1 ? [i] : []));
    const parent = eligible[seed % eligible.length]!;
    parents.push(parent);
    depth.push(depth[parent]! + 1);
  }
  return parents;
}

export interface RandomScenarioLimits {
  maxUnits: number;
  maxCohorts: number;
  maxCohortSize: number;
  maxPulses: number;
}

/**
 * Random organisations: 1–maxUnits units over 1–4 levels; people in cohorts sharing their units
 * (a cohort may sit in two units, inner or leaf); 1–maxPulses pulses with people joining, leaving,
 * moving and skipping questions.
 */
export function randomScenario(limits: RandomScenarioLimits): fc.Arbitrary<ScenarioSpec> {
  return fc
    .record({
      k: K,
      levels: fc.integer({ min: 1, max: 4 }),
      seeds: fc.array(fc.nat({ max: 1000 }), { maxLength: limits.maxUnits - 1 }),
      rotation: ROTATION,
      pulseCount: fc.integer({ min: 1, max: limits.maxPulses }),
    })
    .chain(({ k, levels, seeds, rotation, pulseCount }) => {
      const parents = treeFromSeeds(levels, seeds);
      const unit = fc.nat({ max: parents.length - 1 });
      const cohort = fc
        .record({
          units: fc.oneof({ weight: 3, arbitrary: unit.map((u) => [u]) }, { weight: 1, arbitrary: fc.uniqueArray(unit, { minLength: 1, maxLength: 2 }) }),
          altUnits: fc.array(unit, { minLength: 1, maxLength: 2 }),
          size: fc.integer({ min: 1, max: limits.maxCohortSize }),
        })
        .chain(({ units, altUnits, size }) =>
          fc.array(pulsesArb(pulseCount), { minLength: size, maxLength: size }).map((all) => all.map((pulses): PersonSpec => ({ units, altUnits, pulses }))),
        );
      return fc.array(cohort, { maxLength: limits.maxCohorts }).map((cohorts): ScenarioSpec => ({ k, parents, rotation, pulseCount, people: cohorts.flat() }));
    });
}

/** Up to 15 units, 10 cohorts of up to 8 people, 5 pulses. */
export const randomScenarioArb = randomScenario({ maxUnits: 15, maxCohorts: 10, maxCohortSize: 8, maxPulses: 5 });

/** `count` people in `units`, with the usual random churn. */
function group(count: number, units: number[], pulseCount: number, opts?: { absent: number; moved: number; skip: number }): fc.Arbitrary<PersonSpec[]> {
  return fc.array(
    pulsesArb(pulseCount, opts).map((pulses) => ({ units, altUnits: units, pulses })),
    { minLength: count, maxLength: count },
  );
}

function groupsScenario(
  k: number,
  parents: (number | null)[],
  pulseCount: number,
  groups: fc.Arbitrary<PersonSpec[]>[],
  rotation: string[] = ["presenteeism"],
) {
  return fc.tuple(...groups).map((gs): ScenarioSpec => ({ k, parents, rotation, pulseCount, people: gs.flat() }));
}

const QUIET = { absent: 3, moved: 0, skip: 4 };

/** A parent with one big child and 1…k−1 people of its own (optionally the child split in two levels). */
export const bigChildFewDirectArb: fc.Arbitrary<ScenarioSpec> = K.chain((k) =>
  fc
    .record({
      big: fc.integer({ min: k, max: k + 8 }),
      direct: fc.integer({ min: 1, max: k - 1 }),
      grandchild: fc.integer({ min: 0, max: k + 3 }),
      pulses: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ big, direct, grandchild, pulses }) =>
      groupsScenario(k, [null, 0, 1], pulses, [group(big, [1], pulses, QUIET), group(direct, [0], pulses, QUIET), group(grandchild, [2], pulses, QUIET)]),
    ),
);

/** Two siblings, one just below (or at) k, the other comfortably above; a few people directly in the parent. */
export const siblingJustBelowKArb: fc.Arbitrary<ScenarioSpec> = K.chain((k) =>
  fc
    .record({
      small: fc.integer({ min: k - 2, max: k }),
      big: fc.integer({ min: k, max: k + 6 }),
      direct: fc.integer({ min: 0, max: k + 1 }),
      pulses: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ small, big, direct, pulses }) =>
      groupsScenario(k, [null, 0, 0], pulses, [group(small, [1], pulses, QUIET), group(big, [2], pulses, QUIET), group(direct, [0], pulses, QUIET)]),
    ),
);

/** People in two sibling units (or a unit and its nephew), each side with people of its own. */
export const personInTwoSiblingsArb: fc.Arbitrary<ScenarioSpec> = K.chain((k) =>
  fc
    .record({
      shared: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: k - 1 }) }, { weight: 1, arbitrary: fc.integer({ min: k, max: k + 3 }) }),
      onlyA: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: k - 1 }), fc.integer({ min: k, max: k + 4 }), fc.integer({ min: k, max: k + 4 })),
      onlyB: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: k - 1 }), fc.integer({ min: k, max: k + 4 }), fc.integer({ min: k, max: k + 4 })),
      direct: fc.integer({ min: 0, max: k + 1 }),
      nephew: fc.boolean(),
      pulses: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ shared, onlyA, onlyB, direct, nephew, pulses }) => {
      // U1 and U2 are siblings under U0; with `nephew`, B is U3 under U2.
      const b = nephew ? 3 : 2;
      return groupsScenario(k, [null, 0, 0, 2], pulses, [
        group(shared, [1, b], pulses, QUIET),
        group(onlyA, [1], pulses, QUIET),
        group(onlyB, [b], pulses, QUIET),
        group(direct, [0], pulses, QUIET),
      ]);
    }),
);

/** A unit whose respondents change by 1…k−1 (or more) between pulses: people join, leave, and come back. */
export const churnArb: fc.Arbitrary<ScenarioSpec> = K.chain((k) =>
  fc
    .record({
      base: fc.integer({ min: k, max: k + 6 }),
      pulses: fc.integer({ min: 2, max: 5 }),
      withParent: fc.boolean(),
      sibling: fc.integer({ min: 0, max: k + 2 }),
    })
    .chain(({ base, pulses, withParent, sibling }) =>
      fc
        .array(fc.record({ offset: fc.integer({ min: 0, max: k }), delta: fc.integer({ min: -(k - 1), max: k - 1 }) }), {
          minLength: pulses,
          maxLength: pulses,
        })
        .chain((steps) => {
          // The pool is base + 2k people; in pulse t those in [offset, offset + base + delta) are in the unit.
          const pool = base + 2 * k;
          const member = (i: number, t: number) => i >= steps[t]!.offset && i < steps[t]!.offset + base + steps[t]!.delta;
          const unit = withParent ? 1 : 0;
          const answers = fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 4 }));
          const churners = fc.array(fc.array(answers, { minLength: pulses, maxLength: pulses }), { minLength: pool, maxLength: pool }).map((all) =>
            all.map((perPulse, i): PersonSpec => ({
              units: [unit],
              altUnits: [unit],
              pulses: perPulse.map((a, t) => ({ present: member(i, t), moved: false, answers: [a[0], a[1]] })),
            })),
          );
          return groupsScenario(
            k,
            withParent ? [null, 0, 0] : [null],
            pulses,
            [churners, withParent ? group(sibling, [2], pulses, QUIET) : fc.constant([])],
            ["presenteeism"],
          );
        }),
    ),
);

/** Chains of single-child units, people at every level (none, a few, or a group). */
export const singleChildChainArb: fc.Arbitrary<ScenarioSpec> = K.chain((k) =>
  fc
    .record({
      length: fc.integer({ min: 2, max: 4 }),
      sizes: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: k - 1 }), fc.integer({ min: k, max: k + 4 })), { minLength: 4, maxLength: 4 }),
      pulses: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ length, sizes, pulses }) => {
      const parents = Array.from({ length }, (_, i) => (i === 0 ? null : i - 1));
      return groupsScenario(
        k,
        parents,
        pulses,
        sizes.slice(0, length).map((n, level) => group(n, [level], pulses, QUIET)),
      );
    }),
);

export const trickyScenarioArb: fc.Arbitrary<ScenarioSpec> = fc.oneof(
  bigChildFewDirectArb,
  siblingJustBelowKArb,
  personInTwoSiblingsArb,
  churnArb,
  singleChildChainArb,
);

/** A one-line summary of a spec for failure messages. */
export function describeScenario(scenario: Scenario): string {
  const lines = [`k=${scenario.k}; units: ${scenario.units.map((u) => `${u.id}${u.parentId ? `<${u.parentId}` : ""}`).join(" ")}`];
  scenario.pulses.forEach((p, t) => {
    const answered = new Set(p.answers.map((a) => `${a.personId}:${a.questionId}`));
    lines.push(
      `pulse ${t} [${p.questionIds.join(",")}]: ` +
        p.recipients
          .map(
            (r) => `${r.personId}@${r.unitIds.join("+")}${p.questionIds.map((q) => (answered.has(`${r.personId}:${q}`) ? "" : `-${q.slice(0, 4)}`)).join("")}`,
          )
          .join(" "),
    );
  });
  return lines.join("\n");
}

// ------------------------------------------------------------------- histories for the window

/**
 * The attacker's worst case (issue 14): nobody's answer changes across the window. Every pulse
 * uses the person's answer seeds of the first pulse they answered; who skips what stays as drawn.
 */
export function holdAnswersConstant(spec: ScenarioSpec): ScenarioSpec {
  return {
    ...spec,
    people: spec.people.map((person) => {
      const first = person.pulses.map((p) => p.answers).find((a) => a.some((x) => x !== null)) ?? [0, 0];
      const fixed = first.map((x, slot) => x ?? person.pulses.map((p) => p.answers[slot]).find((y) => y !== null && y !== undefined) ?? 0);
      return { ...person, pulses: person.pulses.map((p) => ({ ...p, answers: p.answers.map((x, slot) => (x === null ? null : fixed[slot]!)) })) };
    }),
  };
}

/**
 * Multi-pulse histories: random organisations with people joining, leaving, moving, in two units
 * and skipping questions; sometimes a reorganisation (the tree changes from some pulse on); answers
 * held constant across the pulses.
 */
export function windowScenario(limits: RandomScenarioLimits): fc.Arbitrary<ScenarioSpec> {
  return fc
    .oneof({ weight: 3, arbitrary: randomScenario(limits) }, { weight: 1, arbitrary: churnArb }, { weight: 1, arbitrary: personInTwoSiblingsArb })
    .chain((spec) =>
      fc
        .option(
          fc.record({
            at: fc.integer({ min: 1, max: Math.max(1, spec.pulseCount - 1) }),
            levels: fc.integer({ min: 2, max: 4 }),
            seeds: fc.array(fc.nat({ max: 1000 }), { minLength: spec.parents.length - 1, maxLength: spec.parents.length - 1 }),
          }),
          { freq: 3 },
        )
        .map((reorg) => ({
          ...holdAnswersConstant(spec),
          reorg: reorg && spec.pulseCount > 1 && spec.parents.length > 1 ? { at: reorg.at, parents: treeFromSeeds(reorg.levels, reorg.seeds) } : undefined,
        })),
    );
}
