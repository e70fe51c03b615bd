// Who stands in where a unit has no skyddsombud (issue 16): the nearest huvudskyddsombud at or
// above it, else the nearest regionalt skyddsombud, and only as the last resort its HR partner —
// roles from the org export, cards as Teams receives them, in Swedish and English.
// Kommunen (HR partner) ├ Äldreomsorg (huvudskyddsombud) ├ Hemtjänst (no skyddsombud)
//                       │                                └ Boende (its own skyddsombud)
//                       ├ Skola (regionalt skyddsombud, English) └ Fritids (no skyddsombud)
//                       └ Kultur (no skyddsombud, nobody above but the HR partner)
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { orgFiles } from "../harness/org-files.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { loadParties } from "../../src/domain/priorities/parties.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";

const clock = manualClock("2026-11-23T09:00:00Z");
let app: TestApp;
const users: Record<string, TeamsUser> = {};
let roundId = "";

const PEOPLE: [id: string, unit: string, role: string, locale?: string][] = [
  ["hr", "U0", "hr_partner"],
  ["hso", "U1", "senior_safety_rep"],
  ["chefA", "U11", "manager"],
  ["chefB", "U12", "manager"],
  ["soB", "U12", "safety_rep"],
  ["rso", "U2", "regional_safety_rep", "en-US"],
  ["chefC", "U21", "manager"],
  ["chefD", "U3", "manager", "en-US"],
  ["mA", "U11", "member"],
  ["mB", "U12", "member"],
  ["mC", "U21", "member"],
  ["mD", "U3", "member"],
];
const aad = new Map(PEOPLE.map(([id]) => [id, randomUUID()]));

const lastCard = (key: string) => app.connector.cardsTo(users[key]!.conversationId).at(-1)!;
const act = async (key: string, verb: string, data: Record<string, unknown>) => {
  const res = await app.post(cardAction(users[key]!, app.serviceUrl, verb, { verb, ...data }));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, any>;
};
const tick = async (iso: string) => {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
};

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  const imported = await importOrg(
    app.db,
    orgFiles({
      units: [
        "unit_id,name,parent_id",
        "U0,Kommunen,",
        "U1,Äldreomsorg,U0",
        "U11,Hemtjänst,U1",
        "U12,Boende,U1",
        "U2,Skola,U0",
        "U21,Fritids,U2",
        "U3,Kultur,U0",
      ],
      people: [
        "person_id,display_name,email,aad_object_id,locale",
        ...PEOPLE.map(([id, , , locale]) => `P-${id},${id},${id}@kommun.se,${aad.get(id)},${locale ?? "sv-SE"}`),
      ],
      assignments: ["person_id,unit_id,role", ...PEOPLE.map(([id, unit, role]) => `P-${id},${unit},${role}`)],
    }),
    { source: "test", clock },
  );
  expect(imported.status).toBe("applied");
  for (const [id, , , locale] of PEOPLE) {
    users[id] = teamsUser({ aadObjectId: aad.get(id)!, locale: locale ?? "sv-SE" });
    await app.post(botAdded(users[id]!, app.serviceUrl));
  }
}, 90_000);

afterAll(async () => app?.stop());

describe("the stand-in for a missing skyddsombud", () => {
  it("the org export takes huvudskyddsombud and regionalt skyddsombud as roles, and rejects an unknown one", async () => {
    expect(await app.db.assignment.count({ where: { role: { in: ["senior_safety_rep", "regional_safety_rep"] } } })).toBe(2);
    const rejected = await importOrg(
      app.db,
      orgFiles({
        units: ["unit_id,name,parent_id", "U0,Kommunen,"],
        people: ["person_id,display_name,email,aad_object_id,locale", "P-x,x,,,"],
        assignments: ["person_id,unit_id,role", "P-x,U0,huvudskyddsombud"],
      }),
      { source: "test", clock, dryRun: true },
    );
    expect(rejected).toMatchObject({ status: "rejected", problems: [{ file: "assignments.csv", code: "badRole" }] });
  });

  it("is the nearest huvudskyddsombud, else the nearest regionalt skyddsombud, and the HR partner only as the last resort", async () => {
    expect(await loadParties(app.db, "U12")).toEqual({ manager: ["P-chefB"], second: ["P-soB"], secondRole: "safety_rep" });
    expect(await loadParties(app.db, "U11")).toEqual({ manager: ["P-chefA"], second: ["P-hso"], secondRole: "senior_safety_rep" });
    expect(await loadParties(app.db, "U21")).toEqual({ manager: ["P-chefC"], second: ["P-rso"], secondRole: "regional_safety_rep" });
    expect(await loadParties(app.db, "U3")).toEqual({ manager: ["P-chefD"], second: ["P-hr"], secondRole: "hr_partner" });
  });

  it("the profile card says who stands in and why, in Swedish and English", async () => {
    const started = await act("hr", "hf.start", { unitIds: "U11,U12,U21,U3", windowDays: "7" });
    expect(cardText(started)).toContain("Rundan är startad för 4 enheter");
    roundId = (await app.db.hfRound.findFirstOrThrow()).id;
    await tick("2026-11-23T09:01:00Z");
    // A unit's card needs its cell: someone in each unit answers (one person: under k, so no figures).
    for (const m of ["mA", "mB", "mC", "mD"]) {
      await act(m, "hf.rate", { roundId, ...Object.fromEntries(FACTOR_IDS.map((f) => [f, "3"])) });
    }
    await tick("2026-11-30T09:00:30Z");

    const senior = cardText(lastCard("hso"));
    expect(senior).toContain("Friskfaktorer: Hemtjänst");
    expect(senior).toContain("Enheten har inget eget skyddsombud. Huvudskyddsombudet ersätter skyddsombudet i prioriteringarna.");
    expect(senior).toContain("ni båda – chef och huvudskyddsombud (huvudskyddsombudet ersätter skyddsombudet, som enheten saknar) – har bekräftat");
    expect(cardText(lastCard("chefA"))).toContain("Huvudskyddsombudet ersätter skyddsombudet");

    const regional = cardText(lastCard("rso"));
    expect(regional).toContain("Health factors: Fritids");
    expect(regional).toContain(
      "The unit has no safety representative of its own and no senior one. The regional safety representative stands in for the priorities.",
    );

    const hr = cardText(lastCard("chefD"));
    expect(hr).toContain("Health factors: Kultur");
    expect(hr).toContain("The unit has no safety representative, and no senior or regional one. So the HR partner stands in for the priorities.");
    expect(cardText(lastCard("hr"))).toContain("HR-partnern ersätter därför skyddsombudet i prioriteringarna.");

    // A unit with its own skyddsombud says nothing about stand-ins; the huvudskyddsombud gets no card for it.
    expect(cardText(lastCard("soB"))).not.toMatch(/ersätter/);
    expect(app.connector.cardsTo(users.hso!.conversationId).filter((c) => cardText(c).includes("Boende"))).toHaveLength(0);
    for (const key of ["hso", "rso", "chefD", "soB"]) expect(validateAdaptiveCard(lastCard(key))).toEqual([]);
  }, 240_000);

  it("the stand-in proposes and confirms as the second party, recorded under their role; the HR partner is no party where a huvudskyddsombud stands in", async () => {
    await act("chefA", "hf.propose", { roundId, unitId: "U11", proposal: "sam" });
    expect(cardText(await act("hr", "hf.confirm", { roundId, unitId: "U11", factorIds: ["sam"] }))).toContain("Du är inte chef eller skyddsombud");
    expect(cardText(await act("hso", "hf.confirm", { roundId, unitId: "U11", factorIds: ["sam"] }))).toContain("Överenskommet: Hemtjänst");
    const steps = await app.db.priorityStep.findMany({ where: { roundId, unitId: "U11" }, orderBy: { createdAt: "asc" } });
    expect(steps.map((s) => [s.kind, s.actorRole])).toEqual([
      ["propose", "manager"],
      ["confirm", "senior_safety_rep"],
    ]);
  });

  it("a stand-in asking `friskfaktorer` sees the cards of the units they stand in for, and no other", async () => {
    const before = app.connector.cardsTo(users.hso!.conversationId).length;
    const res = await app.post(message(users.hso!, app.serviceUrl, "friskfaktorer"));
    expect(res.status).toBe(200);
    const replies = app.connector.cardsTo(users.hso!.conversationId).slice(before).map(cardText);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Överenskommet: Hemtjänst");
    const regional = app.connector.cardsTo(users.rso!.conversationId).length;
    await app.post(message(users.rso!, app.serviceUrl, "healthfactors"));
    expect(app.connector.cardsTo(users.rso!.conversationId).slice(regional).map(cardText)).toEqual([expect.stringContaining("Health factors: Fritids")]);
  });
});
