// The pure path as it was before issue 14: each pulse's cells decided by the old engine, with the
// respondents of the last released cell of the same unit and question as the only memory.
import { buildUnitChains, collectAnswers, collectRespondents } from "../../../src/domain/aggregates/pulse-cells.js";
import { decideReleases } from "./release-rules-before-issue-14.js";
import { goodValuesOf, type ObservedCell, type Scenario } from "../differencing-model.js";

export function runLegacyPath(scenario: Scenario): ObservedCell[] {
  const lastReleased = new Map<string, ReadonlySet<string>>();
  const observed: ObservedCell[] = [];
  scenario.pulses.forEach((pulse, t) => {
    const chains = buildUnitChains(scenario.unitsAt[t]!, scenario.rootId);
    const unitsOf = new Map(pulse.recipients.map((r) => [r.personId, r.unitIds]));
    const participation = pulse.answers.map((a) => ({ personId: a.personId, questionId: a.questionId }));
    const answerRows = pulse.answers.flatMap((a) =>
      (unitsOf.get(a.personId) ?? []).map((u) => ({ unitId: u, token: `tok:${t}:${a.personId}`, questionId: a.questionId, value: a.value })),
    );
    const respondents = collectRespondents(pulse.recipients, participation, chains);
    const answers = collectAnswers(answerRows, chains);
    for (const questionId of pulse.questionIds) {
      const people = respondents.get(questionId) ?? new Map<string, Set<string>>();
      const units = [...people.keys()].sort();
      const decisions = decideReleases(
        units.map((unitId) => ({
          id: unitId,
          ancestorIds: chains.get(unitId)?.slice(1) ?? [],
          respondents: people.get(unitId)!,
          previousRespondents: lastReleased.get(`${questionId}\u0000${unitId}`) ?? null,
        })),
        scenario.k,
      );
      const good = new Set(goodValuesOf(questionId));
      for (const unitId of units) {
        const d = decisions.get(unitId)!;
        if (!d.released) {
          observed.push({ t, questionId, unitId, released: false, reason: d.reason, figures: null });
          continue;
        }
        const counts: Record<string, number> = {};
        let goodCount = 0;
        for (const value of answers.get(questionId)!.get(unitId)!.values()) {
          counts[value] = (counts[value] ?? 0) + 1;
          if (good.has(value)) goodCount++;
        }
        observed.push({ t, questionId, unitId, released: true, reason: null, figures: { respondents: people.get(unitId)!.size, counts, goodCount } });
        lastReleased.set(`${questionId}\u0000${unitId}`, people.get(unitId)!);
      }
    }
  });
  return observed;
}
