// Card payloads forged for another person, unit or role, for the gaps the feature tests leave
// (test/pulse/pulse-flow, test/health-factors/round-cycle, test/nudges/cases-cycle and
// test/pulse/pulse-schedule cover the rest): a real pulse the sender was not sent, an employee
// starting a round or acting as a party, a chef acting on another unit, a case card asking to list
// another manager's cases, a results command naming a unit. Each is refused and changes nothing,
// and the refusal shows nothing of anyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { cardAction, cardSubmit } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { manualClock } from "../harness/tick-cli.js";
import { allRatings, say, seedOrg, SEED_NOW, writableState, type Seed } from "./seed.js";

const clock = manualClock(SEED_NOW);
let app: TestApp;
let seed: Seed;
/** chef2's case, about m2_0: nobody else may see or touch it. */
let otherCaseId = "";

const act = async (who: string, verb: string, data: Record<string, unknown>) => {
  const res = await app.post(cardAction(seed.users[who]!, app.serviceUrl, verb, { verb, ...data }));
  expect(res.status).toBe(200);
  return cardText(res.body.value);
};

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  seed = await seedOrg(app);
  otherCaseId = (
    await app.db.nudgeCase.create({
      data: {
        signal: "contact_request",
        subjectPersonId: "P-m2_0",
        unitId: "U2",
        ownerId: "P-chef2",
        openKey: "contact_request:P-m2_0:test",
        detail: "{}",
        openedAt: new Date("2026-11-20T08:00:00Z"),
      },
    })
  ).id;
  // Skolan's chef has proposed: the skyddsombud could confirm — nobody else can.
  expect(await act("chef1", "hf.propose", { roundId: seed.closedRoundId, unitId: "U1", proposal: "sam" })).toContain("Du har föreslagit:");
}, 60_000);
afterAll(async () => app?.stop());

describe("forged card payloads change nothing", () => {
  it("a pulse answer or contact request for a real pulse the sender was not sent (another unit's)", async () => {
    const before = await writableState(app);
    const answer = { pulseId: seed.otherPulseId, questionId: "self_rated_health", value: 5 };
    expect(await act("m1_0", "pulse.answer", answer)).toContain("Svaret kunde inte tas emot");
    expect(await act("chef2", "pulse.answer", answer)).toContain("Svaret kunde inte tas emot"); // U2's chef: not a recipient
    expect(await act("m1_0", "pulse.contact", { pulseId: seed.otherPulseId, wanted: true })).toContain("Svaret kunde inte tas emot");
    await app.post(cardSubmit(seed.users.m1_1!, app.serviceUrl, { verb: "pulse.answer", ...answer }, "card-x"));
    expect(await writableState(app)).toEqual(before);
  });

  it("an employee or a skyddsombud starting a friskfaktor round, for their own unit or the whole municipality", async () => {
    const before = await writableState(app);
    for (const [who, unitIds] of [
      ["m1_0", "U1"],
      ["m1_0", "U0"],
      ["so1", "U1"],
      ["chef2", "U2"],
    ] as const) {
      expect(await act(who, "hf.start", { unitIds, windowDays: "14" }), `${who} ${unitIds}`).toMatch(/Bara HR-partner kan starta/);
    }
    expect(await writableState(app)).toEqual(before);
  });

  it("ratings for a round the sender is not in (another unit's employee, a chef, the HR partner)", async () => {
    const before = await writableState(app);
    for (const who of ["m2_0", "chef1", "hr"])
      expect(await act(who, "hf.rate", { roundId: seed.roundId, ...allRatings("1") }), who).toMatch(/inget har sparats/i);
    expect(await writableState(app)).toEqual(before);
  });

  it("an employee, another unit's chef or the HR partner (where there is a skyddsombud) confirming or adding activities", async () => {
    const before = await writableState(app);
    const unit = { roundId: seed.closedRoundId, unitId: "U1" };
    for (const who of ["m1_0", "chef2", "hr"]) {
      expect(await act(who, "hf.confirm", { ...unit, factorIds: ["sam"] }), who).toMatch(/inte chef eller skyddsombud/);
      expect(await act(who, "hf.activity", { ...unit, factorId: "sam", what: "Något", owner: who, dueDate: "2026-12-10" }), who).toMatch(
        /inte chef eller skyddsombud/,
      );
    }
    // chef2 naming their own unit but Skolan's round: the round is not theirs to agree on.
    expect(await act("chef2", "hf.propose", { roundId: seed.closedRoundId, unitId: "U2", proposal: "sam" })).toMatch(/inte chef eller skyddsombud/);
    expect(await writableState(app)).toEqual(before);
  });

  it("a case action on another manager's case, by a manager, an employee or the HR partner", async () => {
    const before = await writableState(app);
    for (const who of ["chef1", "m2_0", "hr", "so1"]) {
      expect(await act(who, "nudge.done", { caseId: otherCaseId, caseIds: [otherCaseId] }), who).toMatch(/inte ditt/);
      expect(await act(who, "nudge.dismiss", { caseId: otherCaseId, slot: 0, caseIds: [otherCaseId], reason_0: "other" }), who).toMatch(/inte ditt/);
      expect(await act(who, "nudge.plan", { caseId: otherCaseId, slot: 0, caseIds: [otherCaseId], plannedFor_0: "2026-11-30" }), who).toMatch(/inte ditt/);
    }
    expect(await writableState(app)).toEqual(before);
  });

  it("a case card listing another manager's case id does not show that case", async () => {
    const before = await writableState(app);
    // A refused plan (no date) still answers with the sender's cases, as the card listed them.
    const text = await act("chef1", "nudge.plan", { caseId: seed.caseId, slot: 0, caseIds: [seed.caseId, otherCaseId], plannedFor_0: "i morgon" });
    expect(text).toContain("Namn m1_1 vill att du hör av dig");
    expect(text).not.toContain("Namn m2_0");
    expect(await writableState(app)).toEqual(before);
  });

  it("a results or cases command naming a unit or a person shows nothing of it", async () => {
    for (const [who, text] of [
      ["m1_0", "resultat U1"],
      ["m1_0", "resultat Skolan"],
      ["chef2", "resultat U1"],
      ["m2_0", "ärenden"],
      ["chef1", "ärenden P-chef2"],
    ] as const) {
      const sent = app.connector.sent.length;
      await say(app, seed.users[who]!, text);
      const reply = app.connector.sent
        .slice(sent)
        .map(
          (s) => `${s.activity.text ?? ""}${(s.activity.attachments ?? []).map((a: { content: Record<string, unknown> }) => cardText(a.content)).join("\n")}`,
        )
        .join("\n");
      expect(reply, `${who}: ${text}`).not.toMatch(/Namn m2_0|Namn m1_1|\d+ svar|%/);
    }
  });
});
