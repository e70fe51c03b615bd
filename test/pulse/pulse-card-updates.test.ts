// Issue 16: the pulse cards a person has stay in step. An answer on the reminder updates the first
// card in place (its activity id is the one the outbox recorded on delivery), and the other way
// round; every open card carries a Universal Actions refresh for its one person, and a refresh
// after the window answers with the closed card. Through /api/messages and the fake connector,
// time driven by ticks. Monday 2026-11-23 09:00 Stockholm: the pulse; Wednesday 09:10: the reminder;
// Thursday 09:00: closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText, type SentActivity } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";

const clock = manualClock("2026-11-23T06:00:00Z");
let app: TestApp;
const users: Record<string, TeamsUser & { personId: string }> = {};
let pulseId = "";

async function tick(iso: string) {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
}

/** New messages (POST) carrying a card, to one person. */
const posted = (user: TeamsUser): SentActivity[] =>
  app.connector.sent.filter((s) => s.method === "POST" && s.conversationId === user.conversationId && s.activity.attachments?.length);
const cardOf = (s: SentActivity) => s.activity.attachments[0].content as Record<string, any>;
const updates = (user: TeamsUser) => app.connector.sent.filter((s) => s.method === "PUT" && s.conversationId === user.conversationId);

/** Teams' automatic refresh: an adaptiveCard/action invoke with the card's refresh action. */
function refreshOf(user: TeamsUser, card: Record<string, any>, replyToId?: string) {
  const activity = cardAction(user, app.serviceUrl, card.refresh.action.verb, card.refresh.action.data, replyToId);
  return { ...activity, value: { ...activity.value, trigger: "automatic" } };
}

const hasButtons = (card: Record<string, any>) => JSON.stringify(card).includes('"Action.Execute","title"');

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  for (const [key, locale] of [
    ["anna", "sv-SE"],
    ["bo", "en-US"],
  ] as const) {
    const person = await buildPerson(app.db, { id: `P-${key}`, displayName: key, locale });
    await assignRole(app.db, person.id, "U0", "member");
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale });
    await app.post(botAdded(user, app.serviceUrl));
    users[key] = { ...user, personId: person.id };
  }
  const chef = await buildPerson(app.db, { id: "P-chef", displayName: "chef" });
  await assignRole(app.db, chef.id, "U0", "manager");
  users.chef = { ...teamsUser({ aadObjectId: chef.aadObjectId! }), personId: chef.id };
  await app.post(botAdded(users.chef, app.serviceUrl));
}, 60_000);

afterAll(async () => app?.stop());

describe("pulse cards stay in step (issue 16)", () => {
  it("sends each open card with a refresh for its one person; the outbox knows the card's activity id", async () => {
    await tick("2026-11-23T06:00:00Z"); // 07:00 local: the default schedule is created, nothing due yet
    await tick("2026-11-23T08:00:30Z");
    pulseId = (await app.db.pulse.findFirstOrThrow()).id;
    for (const key of ["anna", "bo"]) {
      const user = users[key]!;
      const [sent] = posted(user).slice(-1);
      const card = cardOf(sent!);
      expect(validateAdaptiveCard(card)).toEqual([]);
      expect(card.refresh).toEqual({
        action: { type: "Action.Execute", verb: "pulse.refresh", data: { verb: "pulse.refresh", pulseId } },
        userIds: [user.userId],
      });
      const row = await app.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: `pulse:${pulseId}:${user.personId}` } });
      expect(row.activityId).toBe(sent!.activityId);
    }
    // One date format: the deadline in the footer.
    expect(cardText(cardOf(posted(users.anna!).at(-1)!))).toContain("Du kan ändra dina svar till och med torsdag 26 november 2026 kl. 09:00.");
    expect(cardText(cardOf(posted(users.bo!).at(-1)!))).toContain("You can change your answers until Thursday, November 26, 2026 at 09:00.");
  }, 60_000);

  it("an answer on the reminder updates the first card in place, in Swedish", async () => {
    expect((await tick("2026-11-25T08:10:00Z")).jobs["pulse.remind"]).toEqual({ reminders: 2 });
    const anna = users.anna!;
    const [first, reminder] = posted(anna).slice(-2);
    expect(cardText(cardOf(reminder!))).toContain("Påminnelse: hur mår du?");
    expect(cardOf(reminder!).refresh).toMatchObject({ action: { data: { pulseId, reminder: true } }, userIds: [anna.userId] });

    const res = await app.post(
      cardAction(anna, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 2 }, reminder!.activityId),
    );
    // The pressed reminder is replaced by the invoke's answer and stays the reminder…
    expect(cardText(res.body.value)).toContain("Påminnelse: hur mår du?");
    expect(cardText(res.body.value)).toContain("Ditt svar: Bra");
    // …and the first card is updated in place through the connector; the pressed one is not written
    // again (the invoke's answer replaces it).
    const put = updates(anna);
    expect(put.map((p) => p.activityId)).toEqual([first!.activityId]);
    const updated = put.find((p) => p.activityId === first!.activityId)!.activity.attachments[0].content;
    expect(validateAdaptiveCard(updated)).toEqual([]);
    expect(cardText(updated)).toContain("Hur mår du?");
    expect(cardText(updated)).not.toContain("Påminnelse");
    expect(cardText(updated)).toContain("Ditt svar: Bra");
    expect(updated.refresh).toMatchObject({ action: { verb: "pulse.refresh" }, userIds: [anna.userId] });
  }, 60_000);

  it("an answer on the first card updates the reminder in place, in English", async () => {
    const bo = users.bo!;
    const [first, reminder] = posted(bo).slice(-2);
    await app.post(
      cardAction(bo, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 1 }, first!.activityId),
    );
    const put = updates(bo);
    expect(put.map((p) => p.activityId)).toEqual([reminder!.activityId]);
    expect(cardText(put[0]!.activity.attachments[0].content)).toContain("Reminder: how are you?");
    expect(cardText(put[0]!.activity.attachments[0].content)).toContain("Your answer: Very good");
  });

  it("a tap on a card the outbox does not know updates no other card", async () => {
    const before = updates(users.bo!).length;
    await app.post(cardAction(users.bo!, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId, wanted: false }, "unknown-activity"));
    await app.post(cardAction(users.bo!, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId, wanted: false }));
    expect(updates(users.bo!).length).toBe(before);
  });

  it("refresh shows the person's card as it stands: answers given on the other card", async () => {
    const anna = users.anna!;
    const first = cardOf(posted(anna).at(-2)!); // as Teams still holds it: no answer on it
    expect(cardText(first)).not.toContain("Ditt svar:");
    const res = await app.post(refreshOf(anna, first));
    expect(res.status).toBe(200);
    expect(validateAdaptiveCard(res.body.value)).toEqual([]);
    expect(cardText(res.body.value)).toContain("Ditt svar: Bra");
    expect(cardText(res.body.value)).toContain("Hur mår du?");
    expect(res.body.value.refresh.userIds).toEqual([anna.userId]);
    const reminder = cardOf(posted(anna).at(-1)!);
    expect(cardText((await app.post(refreshOf(anna, reminder))).body.value)).toContain("Påminnelse: hur mår du?");
    expect(await app.db.pulseAnswer.count({ where: { pulseId } })).toBe(2); // a refresh stores nothing…
    expect(updates(anna)).toHaveLength(1); // …and writes no card: Teams shows the invoke's answer
  });

  it("someone else's refresh gets the refusal, not the person's answers", async () => {
    const card = cardOf(posted(users.anna!).at(-2)!);
    const res = await app.post(refreshOf(users.chef!, card));
    expect(cardText(res.body.value)).toContain("Svaret kunde inte tas emot");
    expect(cardText(res.body.value)).not.toContain("Ditt svar:");
  });

  it("after the window a card viewed refreshes to the closed card, without buttons or refresh (sv and en)", async () => {
    await tick("2026-11-26T08:00:10Z");
    for (const [key, title, text] of [
      ["anna", "Pulsen är stängd", "Ditt svar: Bra"],
      ["bo", "The pulse is closed", "Your answer: Very good"],
    ] as const) {
      const user = users[key]!;
      const res = await app.post(refreshOf(user, cardOf(posted(user).at(-2)!)));
      const closed = res.body.value;
      expect(validateAdaptiveCard(closed)).toEqual([]);
      expect(cardText(closed)).toContain(title);
      expect(cardText(closed)).toContain(text);
      expect(hasButtons(closed)).toBe(false);
      expect(closed.refresh).toBeUndefined();
    }
  }, 60_000);
});
