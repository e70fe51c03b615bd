// Turns one closed pulse into cells: for every unit in the schedule's subtree and every question,
// the respondents (people, from participation) and the figures (from answer rows, by token).
// Pure: the database side is build-pulse-cells.ts, so property tests run this very code.
import { UnitTree, type UnitNode } from "../org/unit-tree.js";
import { decideReleases, type CellInput, type ReleasedWindow, type SuppressionReason } from "./release-rules.js";

export type { UnitNode };

/** unit → itself and its ancestors up to the scope root (nearest first), for units in scope. */
export type UnitChains = Map<string, string[]>;

export function buildUnitChains(units: readonly UnitNode[], scopeRootId: string): UnitChains {
  // Bounded, cycle-safe walks (unit-tree.ts): a corrupt tree must not hang the job.
  const tree = new UnitTree(units);
  const chains: UnitChains = new Map();
  for (const unit of units) {
    const chain = tree.chainTo(unit.id, scopeRootId);
    if (chain) chains.set(unit.id, chain);
  }
  return chains;
}

export interface RecipientRow {
  personId: string;
  unitIds: readonly string[];
}

export interface ParticipationRow {
  personId: string;
  questionId: string;
}

export interface AnswerRow {
  unitId: string;
  token: string;
  questionId: string;
  value: number;
}

type ByQuestionAndCell<T> = Map<string, Map<string, T>>;

function cellsOf(unitIds: readonly string[], chains: UnitChains): Set<string> {
  const cells = new Set<string>();
  for (const unitId of unitIds) for (const cell of chains.get(unitId) ?? []) cells.add(cell);
  return cells;
}

function entry<T>(map: ByQuestionAndCell<T>, questionId: string, cell: string, make: () => T): T {
  let byCell = map.get(questionId);
  if (!byCell) map.set(questionId, (byCell = new Map()));
  let value = byCell.get(cell);
  if (value === undefined) byCell.set(cell, (value = make()));
  return value;
}

/** question → cell → the people who answered that question in that unit's subtree. */
export function collectRespondents(
  recipients: readonly RecipientRow[],
  participation: readonly ParticipationRow[],
  chains: UnitChains,
): ByQuestionAndCell<Set<string>> {
  const cellsOfPerson = new Map(recipients.map((r) => [r.personId, cellsOf(r.unitIds, chains)]));
  const result: ByQuestionAndCell<Set<string>> = new Map();
  for (const p of participation) {
    for (const cell of cellsOfPerson.get(p.personId) ?? []) entry(result, p.questionId, cell, () => new Set<string>()).add(p.personId);
  }
  return result;
}

/** cell → how many people the pulse went to in that unit's subtree (org data: the members, not who answered). */
export function countInvited(recipients: readonly RecipientRow[], chains: UnitChains): Map<string, number> {
  const result = new Map<string, number>();
  for (const r of recipients) for (const cell of cellsOf(r.unitIds, chains)) result.set(cell, (result.get(cell) ?? 0) + 1);
  return result;
}

/** question → cell → token → value. A person with rows in two units counts once per cell. */
export function collectAnswers(answers: readonly AnswerRow[], chains: UnitChains): ByQuestionAndCell<Map<string, number>> {
  const result: ByQuestionAndCell<Map<string, number>> = new Map();
  for (const a of answers) {
    for (const cell of chains.get(a.unitId) ?? []) entry(result, a.questionId, cell, () => new Map<string, number>()).set(a.token, a.value);
  }
  return result;
}

export interface PulseCellResult {
  unitId: string;
  /** The units above this one in the pulse's scope when it was built, nearest first (the tree of that day). */
  ancestorIds: string[];
  questionId: string;
  released: boolean;
  reason: SuppressionReason | null;
  /** Only for released cells. */
  figures: { respondents: number; counts: Record<string, number>; goodCount: number; invited: number | null } | null;
}

export interface ComputeCellsInput {
  chains: UnitChains;
  questionIds: readonly string[];
  respondents: ByQuestionAndCell<Set<string>>;
  answers: ByQuestionAndCell<Map<string, number>>;
  /** The person sets of this question's cells released earlier inside the window (release-rules.ts). */
  window(questionId: string): ReleasedWindow;
  /** The question every pulse asks; the others are shown for a unit only where it is. */
  coreQuestionId: string;
  goodValues(questionId: string): readonly number[];
  k: number;
  /** cell → people the pulse went to there (countInvited); stored with released cells only. */
  invited?: ReadonlyMap<string, number>;
}

export function computePulseCells(input: ComputeCellsInput): PulseCellResult[] {
  const results: PulseCellResult[] = [];
  const ancestorsOf = (unitId: string) => input.chains.get(unitId)?.slice(1) ?? [];
  // The core question first: where it is withheld, a unit's other questions are withheld too, so
  // no "N svar" beside a hidden core question tells how many answered it.
  const questionIds = [...input.questionIds].sort((a, b) => Number(b === input.coreQuestionId) - Number(a === input.coreQuestionId));
  const coreReleased = new Set<string>();
  const hasCore = questionIds.includes(input.coreQuestionId);
  for (const questionId of questionIds) {
    const people = input.respondents.get(questionId) ?? new Map<string, Set<string>>();
    const tokens = input.answers.get(questionId) ?? new Map<string, Map<string, number>>();
    const units = [...new Set([...people.keys(), ...tokens.keys()])].sort();
    // Figures come from answer rows, the rules from participation; they must describe the same
    // people. If they ever disagree (a partial write, a bug), show nothing rather than guess.
    const cells: CellInput[] = units.map((unitId) => ({
      id: unitId,
      ancestorIds: input.chains.get(unitId)?.slice(1) ?? [],
      respondents: people.get(unitId) ?? new Set<string>(),
      withheld: (tokens.get(unitId)?.size ?? 0) !== (people.get(unitId)?.size ?? 0),
    }));
    const decisions = decideReleases(cells, input.k, input.window(questionId));
    const good = new Set(input.goodValues(questionId));
    for (const unitId of units) {
      let decision = decisions.get(unitId)!;
      if (decision.released && hasCore && questionId !== input.coreQuestionId && !coreReleased.has(unitId))
        decision = { released: false, reason: "differencing" };
      if (decision.released && questionId === input.coreQuestionId) coreReleased.add(unitId);
      if (!decision.released) {
        results.push({ unitId, ancestorIds: ancestorsOf(unitId), questionId, released: false, reason: decision.reason, figures: null });
        continue;
      }
      const values = tokens.get(unitId)!;
      const counts: Record<string, number> = {};
      let goodCount = 0;
      for (const value of values.values()) {
        counts[value] = (counts[value] ?? 0) + 1;
        if (good.has(value)) goodCount++;
      }
      results.push({
        unitId,
        ancestorIds: ancestorsOf(unitId),
        questionId,
        released: true,
        reason: null,
        figures: { respondents: values.size, counts, goodCount, invited: input.invited?.get(unitId) ?? null },
      });
    }
  }
  return results;
}
