// The falling-pulse case: a unit's share of Bra/Mycket bra 10 points or more below its rolling
// baseline, both released under the group-size rule, goes to its manager and skyddsombud with the
// weakest friskfaktor. Pulses are seeded through the real answer path (recordPulseAnswer) and the
// real cell builder; detection and the cards run in a tick at a given moment (in process).
//
//   U0 Kommunen ─┬─ U1 Skolan: chef, skyddsombud, 8 members (all answer; 7 good, then 4 good)
//                └─ U2 Omsorgen: chef, 5 members (one skips the last pulse: withheld) ─ U3 Köket: chef, 3 members (under k)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildPulse, buildPulseSchedule, buildRound, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { recordPulseAnswer } from "../../src/domain/pulse/record-answer.js";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";

const clock = manualClock("2026-11-23T08:00:00Z");
let app: TestApp;
const users = new Map<string, TeamsUser>();
const members: Record<string, string[]> = { U1: [], U2: [], U3: [] };
const DAY = 86_400_000;
const DUE = ["2026-10-05", "2026-10-19", "2026-11-02", "2026-11-16"].map((d) => new Date(`${d}T08:00:00Z`));

const cardsTo = (key: string) =>
  app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === users.get(key)!.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
    .filter((c) => /Tidiga signaler|Early signals/.test(cardText(c)));

async function seedPulse(scheduleId: string, t: number) {
  const dueAt = DUE[t]!;
  const closesAt = new Date(dueAt.getTime() + 3 * DAY);
  const pulse = await buildPulse(app.db, { scheduleId, unitId: "U0", dueAt, closesAt });
  const all = Object.entries(members).flatMap(([unitId, ids]) => ids.map((personId) => ({ personId, unitId })));
  await app.db.pulseRecipient.createMany({ data: all.map((m) => ({ pulseId: pulse.id, personId: m.personId, unitIds: JSON.stringify([m.unitId]) })) });
  const last = t === DUE.length - 1;
  for (const [unitId, ids] of Object.entries(members)) {
    for (const [i, personId] of ids.entries()) {
      if (last && unitId === "U2" && i === 0) continue; // one skips: U2 is withheld (changed respondents)
      // U1: 7 of 8 good, then 4 of 8. U2 and U3 fall too, but may not be told.
      const good = last ? i < ids.length / 2 : i < ids.length - 1;
      await recordPulseAnswer({
        db: app.db,
        secret: "falling-pulse-test-secret",
        now: new Date(dueAt.getTime() + 3600_000),
        personId,
        pulseId: pulse.id,
        questionId: "self_rated_health",
        value: good ? 2 : 4,
      });
    }
  }
  await app.db.pulse.update({ where: { id: pulse.id }, data: { status: "closed", closedAt: closesAt } });
  expect(await buildPulseCells(app.db, pulse.id, 5, new Date(closesAt.getTime() + 60_000))).not.toBeNull();
  // The summary cards of these pulses are another test's business.
  await app.db.pulse.update({ where: { id: pulse.id }, data: { summariesPlannedAt: closesAt } });
}

/** A closed friskfaktor round where "leadership" is U1's weakest factor. */
async function seedRound() {
  const closesAt = new Date("2026-09-15T08:00:00Z");
  const round = await buildRound(app.db, {
    rootUnitId: "U0",
    startedById: "P-hr",
    opensAt: new Date("2026-09-01T08:00:00Z"),
    closesAt,
    status: "closed",
    summariesPlannedAt: closesAt,
    unitIds: ["U0", "U1", "U2", "U3"],
    unitState: "results",
  });
  for (const [unitId, ids] of Object.entries(members)) {
    for (const personId of ids) {
      await app.db.hfRecipient.create({ data: { roundId: round.id, personId, unitIds: JSON.stringify([unitId]), answered: true } });
      await app.db.hfRating.createMany({
        data: FACTOR_IDS.map((factorId) => ({ roundId: round.id, unitId, token: `tok-${personId}`, factorId, value: factorId === "leadership" ? 2 : 4 })),
      });
    }
  }
  expect(await buildRoundCells(app.db, round.id, 5, new Date("2026-09-15T09:00:00Z"))).not.toBeNull();
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U2", name: "Omsorgen", parentId: "U0" });
  await buildUnit(app.db, { id: "U3", name: "Köket", parentId: "U2" });
  const people: [string, string, "member" | "manager" | "safety_rep"][] = [
    ["chef1", "U1", "manager"],
    ["so1", "U1", "safety_rep"],
    ["chef2", "U2", "manager"],
    ["chef3", "U3", "manager"],
    ...Array.from({ length: 8 }, (_, i) => [`m1_${i}`, "U1", "member"] as [string, string, "member"]),
    ...Array.from({ length: 5 }, (_, i) => [`m2_${i}`, "U2", "member"] as [string, string, "member"]),
    ...Array.from({ length: 3 }, (_, i) => [`m3_${i}`, "U3", "member"] as [string, string, "member"]),
  ];
  for (const [key, unit, role] of people) {
    const person = await buildPerson(app.db, { id: `P-${key}`, displayName: key });
    await assignRole(app.db, person.id, unit, role);
    if (role === "member") members[unit]!.push(person.id);
    const user = teamsUser({ aadObjectId: person.aadObjectId! });
    await app.post(botAdded(user, app.serviceUrl));
    users.set(key, user);
  }
  const schedule = await buildPulseSchedule(app.db, { unitId: "U0", anchorDate: "2026-10-05" });
  for (let t = 0; t < DUE.length; t++) await seedPulse(schedule.id, t);
  await seedRound();
}, 120_000);

afterAll(async () => app?.stop());

describe("falling pulse", () => {
  it("the seeded cells are what the scenario says: U1 released every time, U2 withheld last, U3 never", async () => {
    const cells = await app.db.pulseCell.findMany({ orderBy: { dueAt: "asc" } });
    const series = (unitId: string) => cells.filter((c) => c.unitId === unitId).map((c) => c.reason ?? `${c.goodCount}/${c.respondents}`);
    expect(series("U1")).toEqual(["7/8", "7/8", "7/8", "4/8"]);
    expect(series("U2").at(-1)).toBe("differencing");
    expect(series("U2").slice(0, 3)).toEqual(["6/8", "6/8", "6/8"]);
    expect(new Set(series("U3"))).toEqual(new Set(["fewerThanK"]));
  });

  it("opens one case for U1's chef and one for its skyddsombud, naming the weakest friskfaktor; nothing for U2 or U3", async () => {
    const result = await tickInProcess(app.databaseUrl, "2026-11-23T08:00:30Z");
    expect(result.jobs["nudges.detect"]).toMatchObject({ fallingPulseOpened: 2 });
    const cases = await app.db.nudgeCase.findMany({ orderBy: { ownerId: "asc" } });
    expect(cases.map((c) => [c.signal, c.unitId, c.ownerId, c.subjectPersonId])).toEqual([
      ["falling_pulse", "U1", "P-chef1", null],
      ["falling_pulse", "U1", "P-so1", null],
    ]);
    for (const key of ["chef1", "so1"]) {
      const cards = cardsTo(key);
      expect(cards).toHaveLength(1);
      const text = cardText(cards[0]!);
      expect(text).toContain("Friskpuls har sett 1 ny sak som kan behöva din uppmärksamhet.");
      expect(text).toContain("Pulsen sjunker: Skolan");
      expect(text).toContain("50 % på Skolan svarade Bra eller Mycket bra i den senaste pulsen, mot 88 % tidigare.");
      expect(text).toContain("Svagaste friskfaktorn i senaste rundan: Närvarande, tillitsfullt och engagerat ledarskap.");
      expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
      // A unit's case: no "Personen har slutat", nobody to chat with, nothing about sick leave.
      expect(text).not.toContain("Personen har slutat");
      expect(JSON.stringify(cards[0])).not.toContain("Action.OpenUrl");
      expect(text).not.toContain("Sjukfrånvaro");
    }
    // Each reads what is theirs to do: the chef with the skyddsombud, the skyddsombud with the chef.
    const chefText = cardText(cardsTo("chef1")[0]!);
    expect(chefText).toContain("Ta upp det på nästa APT tillsammans med skyddsombudet.");
    expect(chefText).toContain("Det som varken är planerat eller genomfört efter 14 dagar går till HR-partnern.");
    const soText = cardText(cardsTo("so1")[0]!);
    expect(soText).toContain("Ta upp det på nästa APT tillsammans med chefen.");
    expect(soText).not.toContain("tillsammans med skyddsombudet");
    expect(soText).toContain("Ditt exemplar går inte vidare till HR-partnern.");
    expect(soText).not.toContain("går till HR-partnern.");
    for (const key of ["chef2", "chef3"]) expect(cardsTo(key)).toHaveLength(0);
  }, 240_000);

  it("does not open it again on the next ticks, nor after the case is closed, for the same pulse", async () => {
    await tickInProcess(app.databaseUrl, "2026-11-23T09:00:00Z");
    await app.db.nudgeCase.updateMany({ data: { status: "done", openKey: null, closedAt: new Date("2026-11-23T09:30:00Z") } });
    const result = await tickInProcess(app.databaseUrl, "2026-11-24T08:00:30Z");
    expect(result.jobs["nudges.detect"]).toMatchObject({ fallingPulseOpened: 0 });
    expect(await app.db.nudgeCase.count()).toBe(2);
    expect(cardsTo("chef1")).toHaveLength(1);
  }, 240_000);
});
