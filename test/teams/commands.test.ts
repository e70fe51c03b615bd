import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { message, teamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

describe("chat commands hjälp/help and om/about", () => {
  let app: TestApp;
  let unitId: string;
  beforeAll(async () => {
    app = await startTestApp();
    unitId = (await buildUnit(app.db, { name: "Hemtjänst Norr" })).id;
  });
  afterAll(async () => app.stop());

  async function userWithRoles(roles: ("member" | "manager" | "safety_rep" | "hr_partner")[], locale = "sv-SE") {
    const person = await buildPerson(app.db, { locale });
    for (const role of roles) await assignRole(app.db, person.id, unitId, role);
    return teamsUser({ aadObjectId: person.aadObjectId!, locale });
  }

  it("answers hjälp for a member with what a member can do and the commands, in Swedish", async () => {
    const user = await userWithRoles(["member"]);
    const res = await app.post(message(user, app.serviceUrl, "hjälp"));
    expect(res.status).toBe(200);
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Det här kan du göra i Friskpuls");
    expect(text).toContain("Som medarbetare");
    expect(text).not.toContain("Som chef");
    expect(text).toContain("hjälp");
    expect(text).toContain("om");
  });

  it("shows a manager who is also a member both roles' abilities, with k", async () => {
    const user = await userWithRoles(["member", "manager"]);
    await app.post(message(user, app.serviceUrl, "Hjälp!"));
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Som medarbetare");
    expect(text).toContain("Som chef");
    expect(text).toContain("minst 5 har svarat");
  });

  it("answers help in English for an en-US person, with the English command words", async () => {
    const user = await userWithRoles(["hr_partner"], "en-US");
    await app.post(message(user, app.serviceUrl, "<p>help</p>"));
    const card = app.connector.cardsTo(user.conversationId)[0]!;
    const text = cardText(card);
    expect(text).toContain("What you can do in Friskpuls");
    expect(text).toContain("As HR partner");
    const facts = card.body.find((b: any) => b.type === "FactSet").facts.map((f: any) => f.title);
    expect(facts).toEqual(["help", "about", "results", "healthfactors", "cases", "schedule", "my data"]); // schedule: HR partners only
  });

  it("tells someone outside the org data that they cannot answer questions", async () => {
    const user = teamsUser();
    await app.post(message(user, app.serviceUrl, "hjälp"));
    expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("Du finns inte i organisationens personaldata");
  });

  it("answers om with the privacy summary: k, no individual answers, retention", async () => {
    const user = await userWithRoles(["member"]);
    await app.post(message(user, app.serviceUrl, "om"));
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("minst 5 personer");
    expect(text).toContain("färre än 5");
    expect(text).toContain("Ingen kan se vad en enskild person har svarat");
    expect(text).toContain("24 månader");
  });

  it("never uses roles claimed in the activity: a member who sends channelData roles is still a member", async () => {
    const user = await userWithRoles(["member"]);
    const activity = message(user, app.serviceUrl, "hjälp") as Record<string, any>;
    activity.channelData.roles = ["hr_partner"];
    activity.from.role = "manager";
    await app.post(activity);
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).not.toContain("Som hr-partner");
    expect(text).not.toContain("Som chef");
  });
});
