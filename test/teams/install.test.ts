import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, botRemoved, installationUpdate, message, teamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

describe("installing the bot in personal scope", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.stop());

  it("stores the conversation reference and welcomes a known Swedish user in Swedish with the group size", async () => {
    const unit = await buildUnit(app.db, { name: "Förskolan Solen" });
    const person = await buildPerson(app.db, { displayName: "Sofia Lundin", locale: "sv-SE" });
    await assignRole(app.db, person.id, unit.id, "member");
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale: "sv-SE" });

    const res = await app.post(botAdded(user, app.serviceUrl));

    expect(res.status).toBe(200);
    const cards = app.connector.cardsTo(user.conversationId);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.version).toBe("1.5");
    const text = cardText(cards[0]!);
    expect(text).toContain("Välkommen till Friskpuls, Sofia Lundin!");
    expect(text).toContain("minst 5 personer");
    expect(text).toContain("Du är registrerad som medarbetare.");
    const ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref).toMatchObject({ personId: person.id, aadObjectId: user.aadObjectId, tenantId: user.tenantId, serviceUrl: app.serviceUrl, active: true });
    expect(JSON.parse(ref.reference).conversation.id).toBe(user.conversationId);
  });

  it("welcomes a user whose org locale is en-US in English, whatever the Teams client says", async () => {
    const person = await buildPerson(app.db, { displayName: "Alex Smith", locale: "en-US" });
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale: "sv-SE" });

    await app.post(botAdded(user, app.serviceUrl));

    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Welcome to Friskpuls, Alex Smith!");
    expect(text).toContain("at least 5 people");
    expect(text).not.toContain("Välkommen");
  });

  it("matches a user by e-mail/UPN from Teams when the Entra object id is not in the org data", async () => {
    const person = await buildPerson(app.db, { displayName: "Olof Sjöberg", email: "olof.sjoberg@exempelkommun.se", aadObjectId: null });
    const user = teamsUser();
    app.connector.addMember({ id: user.userId, userPrincipalName: "Olof.Sjoberg@exempelkommun.se" });

    await app.post(botAdded(user, app.serviceUrl));

    expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("Olof Sjöberg");
    const ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref.personId).toBe(person.id);
  });

  it("tells a user who is not in the org data so, politely, and stores no person link", async () => {
    const user = teamsUser();

    await app.post(botAdded(user, app.serviceUrl));

    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Vi hittar dig inte i organisationens personaldata");
    const ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref.personId).toBeNull();
  });

  it("does not match a deactivated person", async () => {
    const person = await buildPerson(app.db);
    await app.db.person.update({ where: { id: person.id }, data: { active: false } });
    const user = teamsUser({ aadObjectId: person.aadObjectId! });

    await app.post(botAdded(user, app.serviceUrl));

    expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("Vi hittar dig inte");
  });

  it("stores the reference on installationUpdate add without sending a second welcome", async () => {
    const person = await buildPerson(app.db);
    const user = teamsUser({ aadObjectId: person.aadObjectId! });

    const res = await app.post(installationUpdate(user, app.serviceUrl, "add"));

    expect(res.status).toBe(200);
    expect(app.connector.sentTo(user.conversationId)).toHaveLength(0);
    expect(await app.db.conversationRef.count({ where: { conversationId: user.conversationId, personId: person.id } })).toBe(1);
  });

  it("marks the reference inactive on uninstall, and active again on reinstall", async () => {
    const person = await buildPerson(app.db);
    const user = teamsUser({ aadObjectId: person.aadObjectId! });
    await app.post(botAdded(user, app.serviceUrl));

    await app.post(installationUpdate(user, app.serviceUrl, "remove"));
    let ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref.active).toBe(false);
    expect(ref.uninstalledAt).not.toBeNull();

    await app.post(botAdded(user, app.serviceUrl));
    ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref.active).toBe(true);

    await app.post(botRemoved(user, app.serviceUrl));
    ref = await app.db.conversationRef.findUniqueOrThrow({ where: { conversationId: user.conversationId } });
    expect(ref.active).toBe(false);
  });

  it("ignores installs into group chats and channels: the bot is personal-scope only", async () => {
    const user = teamsUser();
    const activity = botAdded(user, app.serviceUrl);
    activity.conversation.conversationType = "groupChat";

    const res = await app.post(activity);

    expect(res.status).toBe(200);
    expect(app.connector.sent).toHaveLength(0);
    expect(await app.db.conversationRef.count()).toBe(0);
  });

  it("replies to an ordinary message it does not understand by pointing at hjälp", async () => {
    const user = teamsUser();
    await app.post(message(user, app.serviceUrl, "vad är klockan"));
    expect(app.connector.sentTo(user.conversationId)[0]!.activity.text).toContain("hjälp");
  });
});

describe("the group size in the welcome card follows MIN_GROUP_SIZE", () => {
  it("says 7 when k is configured as 7", async () => {
    const app = await startTestApp({ env: { MIN_GROUP_SIZE: "7" } });
    try {
      const person = await buildPerson(app.db);
      const user = teamsUser({ aadObjectId: person.aadObjectId! });
      await app.post(botAdded(user, app.serviceUrl));
      expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("minst 7 personer");
    } finally {
      await app.stop();
    }
  });
});
