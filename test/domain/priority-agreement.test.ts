// Partnered priorities (src/domain/priorities/agreement.ts) on a real SQLite database, without the
// bot: who may propose, counter and confirm, what a refusal leaves behind, and who the second
// party is. The round-cycle flow test covers the same rules through cards; this pins each rule.
//
//   U0 Kommunen (HR partner H) ─┬─ U1 Skolan: chef C1, skyddsombud S1, member M1
//                               └─ U2 Köket: chef C2, no skyddsombud (H is the second party)
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildRound, buildUnit } from "../harness/factories.js";
import { confirmPriorities, proposePriorities, readAgreement } from "../../src/domain/priorities/agreement.js";

const CLOSED_AT = new Date("2026-05-04T08:00:00Z");
const at = (minutes: number) => new Date(CLOSED_AT.getTime() + minutes * 60_000);

let t: TestDatabase;
let roundId: string;

beforeEach(async () => {
  t = await createSqliteTestDb();
  await buildUnit(t.db, { id: "U0", name: "Kommunen" });
  await buildUnit(t.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(t.db, { id: "U2", name: "Köket", parentId: "U0" });
  for (const [id, unitId, role] of [
    ["H", "U0", "hr_partner"],
    ["C1", "U1", "manager"],
    ["S1", "U1", "safety_rep"],
    ["M1", "U1", "member"],
    ["C2", "U2", "manager"],
  ] as const) {
    await buildPerson(t.db, { id });
    await assignRole(t.db, id, unitId, role);
  }
  roundId = (await buildRound(t.db, { rootUnitId: "U0", startedById: "H", closesAt: CLOSED_AT, status: "closed", unitIds: ["U1", "U2"] })).id;
});

afterEach(async () => t.cleanup());

const propose = (unitId: string, actorId: string, factorIds: unknown, minutes = 1) =>
  proposePriorities(t.db, { roundId, unitId, actorId, factorIds, now: at(minutes) });
const confirm = (unitId: string, actorId: string, factorIds: unknown, minutes = 2) =>
  confirmPriorities(t.db, { roundId, unitId, actorId, factorIds, now: at(minutes) });
const unitState = async (unitId: string) => (await t.db.hfRoundUnit.findUniqueOrThrow({ where: { roundId_unitId: { roundId, unitId } } })).state;
const stepCount = () => t.db.priorityStep.count();

describe("priority agreement", () => {
  it("chef proposes, skyddsombud counters, chef confirms the counter: agreed, with every step's who, role and when", async () => {
    const proposed = await propose("U1", "C1", ["sam", "leadership"], 1);
    expect(proposed).toMatchObject({ ok: true, agreedNow: false });
    // Sets are stored sorted, so "the same set" does not depend on the order it was picked in.
    expect(proposed.ok && proposed.state.proposal).toMatchObject({ factorIds: ["leadership", "sam"], side: "manager", actorId: "C1" });
    expect(await unitState("U1")).toBe("proposed");

    const countered = await propose("U1", "S1", ["competence"], 2);
    expect(countered.ok && countered.state.proposal).toMatchObject({ factorIds: ["competence"], side: "second", actorId: "S1" });

    const agreed = await confirm("U1", "C1", ["competence"], 3);
    expect(agreed).toMatchObject({ ok: true, agreedNow: true });
    expect(agreed.ok && agreed.state.agreed).toEqual({ factorIds: ["competence"], at: at(3) });
    expect(await unitState("U1")).toBe("agreed");

    const state = await readAgreement(t.db, roundId, "U1");
    expect(state.steps.map((s) => [s.kind, s.actorId, s.actorRole, s.factorIds, s.at])).toEqual([
      ["propose", "C1", "manager", ["leadership", "sam"], at(1)],
      ["counter", "S1", "safety_rep", ["competence"], at(2)],
      ["confirm", "C1", "manager", ["competence"], at(3)],
    ]);
    const audit = await t.db.auditEvent.findMany({ orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId, a.subjectId])).toEqual([
      ["priorities.propose", "C1", "U1"],
      ["priorities.counter", "S1", "U1"],
      ["priorities.agreed", "C1", "U1"],
    ]);
    // The other unit of the round is untouched.
    expect(await unitState("U2")).toBe("results");
  });

  it("a side cannot confirm its own proposal, nor a set other than the one on the table", async () => {
    await propose("U1", "C1", ["leadership", "sam"]);
    expect(await confirm("U1", "C1", ["leadership", "sam"])).toMatchObject({ ok: false, reason: "ownProposal" });
    expect(await confirm("U1", "S1", ["leadership"])).toMatchObject({ ok: false, reason: "stale" });
    // The same set in another order is the same set.
    expect(await confirm("U1", "S1", ["sam", "leadership"])).toMatchObject({ ok: true, agreedNow: true });
  });

  it("nothing to confirm before a proposal; nothing more after agreement", async () => {
    expect(await confirm("U1", "S1", ["sam"])).toMatchObject({ ok: false, reason: "stale" });
    await propose("U1", "C1", ["sam"]);
    await confirm("U1", "S1", ["sam"]);
    const steps = await stepCount();
    expect(await propose("U1", "S1", ["competence"])).toMatchObject({ ok: false, reason: "alreadyAgreed" });
    expect(await confirm("U1", "C1", ["sam"])).toMatchObject({ ok: false, reason: "alreadyAgreed" });
    expect(await stepCount()).toBe(steps);
    expect(await t.db.priorityAgreement.count()).toBe(1);
  });

  it("refuses a member, another unit's chef and a unit outside the round, writing nothing", async () => {
    expect(await propose("U1", "M1", ["sam"])).toMatchObject({ ok: false, reason: "notParty" });
    expect(await propose("U1", "C2", ["sam"])).toMatchObject({ ok: false, reason: "notParty" });
    expect(await propose("U0", "H", ["sam"])).toMatchObject({ ok: false, reason: "notParty" });
    expect(await stepCount()).toBe(0);
    expect(await t.db.auditEvent.count()).toBe(0);
  });

  it("refuses before the round has closed, and for a round id that is not one", async () => {
    const open = await buildRound(t.db, { rootUnitId: "U0", startedById: "H", closesAt: at(60 * 24), unitIds: ["U1"] });
    expect(await proposePriorities(t.db, { roundId: open.id, unitId: "U1", actorId: "C1", factorIds: ["sam"], now: at(1) })).toMatchObject({
      ok: false,
      reason: "notReady",
    });
    expect(await proposePriorities(t.db, { roundId: "not-a-uuid", unitId: "U1", actorId: "C1", factorIds: ["sam"], now: at(1) })).toMatchObject({
      ok: false,
      reason: "notReady",
    });
    expect(await stepCount()).toBe(0);
  });

  it("refuses sets that are empty, too long, repeated or not friskfaktorer", async () => {
    for (const factorIds of [[], ["sam", "leadership", "competence", "participation"], ["sam", "sam"], ["salary"], "sam", null]) {
      expect(await propose("U1", "C1", factorIds)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await propose("U1", "C1", ["sam", "leadership", "competence"])).toMatchObject({ ok: true });
    expect(await confirm("U1", "S1", ["sam", "sam"])).toEqual({ ok: false, reason: "invalid" });
    expect(await stepCount()).toBe(1);
  });

  it("without a skyddsombud the nearest HR partner is the second party, recorded as hr_partner", async () => {
    await propose("U2", "C2", ["communication"], 1);
    const agreed = await confirm("U2", "H", ["communication"], 2);
    expect(agreed).toMatchObject({ ok: true, agreedNow: true });
    expect(agreed.ok && agreed.state.parties).toEqual({ manager: ["C2"], second: ["H"], secondRole: "hr_partner" });
    expect(agreed.ok && agreed.state.steps.map((s) => s.actorRole)).toEqual(["manager", "hr_partner"]);
  });

  it("someone who is both chef and skyddsombud acts as chef: the unit never agrees with itself", async () => {
    await assignRole(t.db, "C2", "U2", "safety_rep");
    const state = await readAgreement(t.db, roundId, "U2");
    expect(state.parties).toEqual({ manager: ["C2"], second: ["H"], secondRole: "hr_partner" });
    await propose("U2", "C2", ["sam"]);
    expect(await confirm("U2", "C2", ["sam"])).toMatchObject({ ok: false, reason: "ownProposal" });
  });

  it("an inactive skyddsombud is no party; the HR partner stands in", async () => {
    await t.db.person.update({ where: { id: "S1" }, data: { active: false } });
    await propose("U1", "C1", ["sam"]);
    expect(await confirm("U1", "S1", ["sam"])).toMatchObject({ ok: false, reason: "notParty" });
    expect(await confirm("U1", "H", ["sam"])).toMatchObject({ ok: true, agreedNow: true });
  });
});
