import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, botRemoved, installationUpdate, message, teamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
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

/** The card's buttons as Teams receives them: title and the chat command an imBack types. */
const imBackButtons = (card: Record<string, any>) =>
  (card.actions ?? []).map((a: any) => ({ type: a.type, title: a.title, imBack: a.data?.msteams?.type === "imBack" ? a.data.msteams.value : undefined }));

describe("the welcome card is honest about data and tells each role what it will receive (issue 16)", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => app.stop());

  async function welcome(roles: ("member" | "manager" | "safety_rep" | "hr_partner")[], locale: "sv-SE" | "en-US") {
    const unit = await buildUnit(app.db, { name: "Hemtjänst Norr" });
    const person = await buildPerson(app.db, { displayName: "Kim Berg", locale });
    for (const role of roles) await assignRole(app.db, person.id, unit.id, role);
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale });
    await app.post(botAdded(user, app.serviceUrl));
    const cards = app.connector.cardsTo(user.conversationId);
    expect(cards).toHaveLength(1);
    expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
    return cards[0]!;
  }

  it("tells an employee in Swedish about sick leave from the HR system, the chef and the HR-partner after 14 days, and the pseudonym", async () => {
    const card = await welcome(["member"], "sv-SE");
    const text = cardText(card);
    expect(text).toContain("Sjukfrånvaro från HR-systemet");
    expect(text).toContain("Friskpuls får dina sjukfrånvarotillfällen (första och sista dag) från HR-systemet.");
    expect(text).toContain("fler än 3 tillfällen på 12 månader får din chef ett kort");
    expect(text).toContain("efter 14 dagar får din HR-partner samma kort");
    expect(text).toContain("aldrig datum, orsak, diagnos eller dina svar");
    expect(text).toContain("raderas efter 13 månader");
    expect(text).toContain("Dina svar sparas under en pseudonym");
    expect(text).toContain("Svaren är alltså inte anonyma");
    expect(text).not.toMatch(/Som chef får du|Som skyddsombud får du|Som HR-partner får du/);
    expect(text).toContain("Friskpuls ställer några korta frågor");
    expect(imBackButtons(card)).toEqual([
      { type: "Action.Submit", title: "Visa hjälpen", imBack: "hjälp" },
      { type: "Action.Submit", title: "Om dina uppgifter", imBack: "om" },
    ]);
  });

  it("says the same in English", async () => {
    const card = await welcome(["member"], "en-US");
    const text = cardText(card);
    expect(text).toContain("Sick leave from the HR system");
    expect(text).toContain("more than 3 occasions in 12 months, your manager gets a card");
    expect(text).toContain("after 14 days, your HR partner gets the same card");
    expect(text).toContain("never dates, causes, diagnoses or your answers");
    expect(text).toContain("Your answers are stored under a pseudonym");
    expect(text).toContain("therefore not anonymous");
    expect(imBackButtons(card)).toEqual([
      { type: "Action.Submit", title: "Show help", imBack: "help" },
      { type: "Action.Submit", title: "About your data", imBack: "about" },
    ]);
  });

  it("tells a chef who is also an employee what a chef receives: summaries, early-signal cards, friskfaktorer", async () => {
    const card = await welcome(["member", "manager"], "sv-SE");
    const roleBoxes = card.body.filter((b: any) => b.type === "Container" && b.style === "emphasis").map((b: any) => cardText(b));
    expect(roleBoxes).toHaveLength(1);
    expect(roleBoxes[0]).toContain("Som chef får du");
    expect(roleBoxes[0]).toContain("minst 5 personer står bakom");
    expect(roleBoxes[0]).toContain("upprepad korttidsfrånvaro hos en medarbetare");
    expect(roleBoxes[0]).toContain("går till HR-partnern");
    expect(cardText(card)).toContain("Du är registrerad som medarbetare, chef.");
  });

  it("tells a skyddsombud and an HR-partner who answer no pulses what they receive, in Swedish and English", async () => {
    const rep = await welcome(["safety_rep"], "sv-SE");
    expect(cardText(rep)).toContain("Du får inga pulsfrågor själv");
    expect(cardText(rep)).not.toContain("Friskpuls ställer några korta frågor");
    expect(cardText(rep)).toContain("Som skyddsombud får du");
    expect(cardText(rep)).toContain("Du får inga kort om enskilda personer");
    const hr = await welcome(["hr_partner"], "en-US");
    expect(cardText(hr)).toContain("You do not get pulse questions yourself");
    expect(cardText(hr)).toContain("As an HR partner you receive");
    expect(cardText(hr)).toContain("cases a manager has not planned or done within 14 days");
    expect(cardText(hr)).toContain("(type **schedule**)");
  });

  it("a tap on a welcome button runs the command: imBack arrives as the typed word", async () => {
    const card = await welcome(["member"], "sv-SE");
    const person = await app.db.person.findFirstOrThrow({ where: { displayName: "Kim Berg" } });
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale: "sv-SE" });
    await app.post(message(user, app.serviceUrl, imBackButtons(card)[1].imBack));
    expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("Om Friskpuls och dina uppgifter");
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
