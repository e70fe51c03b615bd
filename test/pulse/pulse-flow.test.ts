// A pulse from schedule to answer, through /api/messages and the fake connector, with time driven
// by the tick's jobs and drain run in process at a given moment (tickInProcess, on the same SQLite file).
// Monday 2026-11-23 09:00 Stockholm (08:00Z) is the first pulse of the default schedule; it closes
// Thursday 2026-11-26 09:00 local; the reminder may go from Wednesday 09:00 local.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { cardAction, cardSubmit, botAdded, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";

const clock = manualClock("2026-11-23T06:00:00Z");
let app: TestApp;
const users: Record<string, TeamsUser & { personId: string }> = {};
let pulseId = "";

/** Pulse cards posted to a person (card updates in place, PUT, are not new messages). */
const pulseCards = (user: TeamsUser) =>
  app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === user.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
    .filter((c) => /Hur mår du|How are you|Påminnelse|Reminder/.test(cardText(c)));

async function tick(iso: string) {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  const root = await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  const school = await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: root.id });
  const care = await buildUnit(app.db, { id: "U2", name: "Hemtjänsten", parentId: root.id });
  const people = [
    { key: "anna", unit: school.id, role: "member" as const, locale: "sv-SE" },
    { key: "bo", unit: school.id, role: "member" as const, locale: "en-US" },
    { key: "cissi", unit: care.id, role: "member" as const, locale: "sv-SE" },
    { key: "chef", unit: school.id, role: "manager" as const, locale: "sv-SE" },
    { key: "left", unit: care.id, role: "member" as const, locale: "sv-SE" },
  ];
  for (const p of people) {
    const person = await buildPerson(app.db, { id: `P-${p.key}`, displayName: p.key, locale: p.locale });
    await assignRole(app.db, person.id, p.unit, p.role);
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale: p.locale });
    await app.post(botAdded(user, app.serviceUrl));
    users[p.key] = { ...user, personId: person.id };
  }
  await app.db.person.update({ where: { id: "P-left" }, data: { active: false } });
}, 60_000);

afterAll(async () => app?.stop());

describe("a scheduled pulse", () => {
  it("creates the default schedule without back-dating, then reaches every active member of the subtree once", async () => {
    const first = await tick("2026-11-23T06:00:00Z"); // 07:00 local: default schedule created, nothing due yet
    expect(first.jobs["pulse.plan"]).toEqual({ pulses: 0, planned: 0 });
    const schedule = await app.db.pulseSchedule.findFirstOrThrow();
    expect(schedule).toMatchObject({ unitId: "U0", weekday: 1, intervalWeeks: 2, sendTime: "09:00", answerWindowDays: 3, timeZone: "Europe/Stockholm" });

    const due = await tick("2026-11-23T08:00:30Z");
    expect(due.jobs["pulse.plan"]).toEqual({ pulses: 1, planned: 3 });
    for (const key of ["anna", "bo", "cissi"]) expect(pulseCards(users[key]!)).toHaveLength(1);
    for (const key of ["chef", "left"]) expect(pulseCards(users[key]!)).toHaveLength(0);

    const card = pulseCards(users.anna!)[0]!;
    expect(card.version).toBe("1.5");
    expect(cardText(card)).toContain("Hur bedömer du ditt allmänna hälsotillstånd?");
    expect(cardText(pulseCards(users.bo!)[0]!)).toContain("How would you rate your general state of health?");
    const pulse = await app.db.pulse.findFirstOrThrow();
    pulseId = pulse.id;
    expect(JSON.parse(pulse.questionIds)).toHaveLength(2);

    await tick("2026-11-23T08:05:00Z"); // again: nothing twice
    expect(pulseCards(users.anna!)).toHaveLength(1);
    expect(await app.db.pulse.count()).toBe(1);
  }, 60_000);

  it("stores a tap without a person id and replaces the card in place; a changed answer replaces the first", async () => {
    const anna = users.anna!;
    const res = await app.post(cardAction(anna, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 2 }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(res.body.value)).toContain("Ditt svar: Bra");

    const rows = await app.db.pulseAnswer.findMany({ where: { pulseId } });
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(["id", "pulseId", "questionId", "token", "unitId", "value"]);
    expect(rows[0]).toMatchObject({ unitId: "U1", questionId: "self_rated_health", value: 2 });
    expect(JSON.stringify(rows)).not.toContain(anna.personId);
    expect(await app.db.pulseRecipient.findUniqueOrThrow({ where: { pulseId_personId: { pulseId, personId: anna.personId } } })).toMatchObject({
      answered: true,
    });

    const changed = await app.post(
      cardAction(anna, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 4 }),
    );
    expect(cardText(changed.body.value)).toContain("Ditt svar: Dåligt");
    const after = await app.db.pulseAnswer.findMany({ where: { pulseId } });
    expect(after.map((r) => r.value)).toEqual([4]);

    // The rotating question too: then the card thanks and says who sees what.
    const pulse = await app.db.pulse.findUniqueOrThrow({ where: { id: pulseId } });
    const rotating = JSON.parse(pulse.questionIds)[1];
    const value = rotating === "presenteeism" || rotating === "work_environment_problems" ? 2 : 3;
    const done = await app.post(cardAction(anna, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: rotating, value }));
    expect(cardText(done.body.value)).toContain("Tack för dina svar!");
    expect(cardText(done.body.value)).toContain("minst 5 personer");
  });

  it("accepts the Action.Submit fallback and updates the card through the connector", async () => {
    const cissi = users.cissi!;
    await app.post(cardSubmit(cissi, app.serviceUrl, { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 1 }, "card-activity-1"));
    const update = app.connector.sent.find((s) => s.method === "PUT" && s.conversationId === cissi.conversationId);
    expect(update?.activityId).toBe("card-activity-1");
    expect(cardText(update!.activity.attachments[0].content)).toContain("Ditt svar: Mycket bra");
    expect(await app.db.pulseAnswer.count({ where: { pulseId, unitId: "U2" } })).toBe(1);
  });

  it("refuses forged and malformed payloads with a clear card and stores nothing", async () => {
    const before = await app.db.pulseAnswer.findMany({ orderBy: { id: "asc" } });
    const chef = users.chef!;
    const forged = [
      cardAction(chef, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 1 }), // not a recipient
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", {
        verb: "pulse.answer",
        pulseId: "7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4e",
        questionId: "self_rated_health",
        value: 1,
      }), // another pulse
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 7 }), // off the scale
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "sick_leave_days", value: 1 }), // not in this pulse
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", {
        verb: "pulse.answer",
        pulseId,
        questionId: "self_rated_health",
        value: 1,
        personId: users.anna!.personId,
      }), // extra field
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: "1" }), // wrong type
      cardAction({ ...users.bo!, aadObjectId: "00000000-0000-0000-0000-000000000000" }, app.serviceUrl, "pulse.answer", {
        verb: "pulse.answer",
        pulseId,
        questionId: "self_rated_health",
        value: 1,
      }), // unknown user
    ];
    for (const activity of forged) {
      const res = await app.post(activity);
      expect(res.status).toBe(200);
      expect(cardText(res.body.value)).not.toContain("Ditt svar");
    }
    // A new activity id: the same one again would be a replay (ADR 0012), answered without a card.
    expect(cardText((await app.post({ ...forged[0]!, id: "f:forged-again" })).body.value)).toContain("Svaret kunde inte tas emot");
    expect(await app.db.pulseAnswer.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await app.db.pulseRecipient.count({ where: { pulseId, answered: true } })).toBe(2);
  });

  it("records a contact request apart from the answers", async () => {
    const bo = users.bo!;
    const res = await app.post(cardAction(bo, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId, wanted: true }));
    expect(cardText(res.body.value)).toContain("Your manager will learn that you want to be contacted");
    expect(await app.db.contactRequest.findMany()).toMatchObject([{ personId: bo.personId, sourceRef: `pulse:${pulseId}` }]);
    expect(await app.db.pulseAnswer.count({ where: { pulseId, unitId: "U1" } })).toBe(2); // anna's two answers only
    // Withdrawn while the pulse is open, and asked for again: the card follows each time.
    const withdrawn = await app.post(cardAction(bo, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId, wanted: false }));
    expect(cardText(withdrawn.body.value)).toContain("I want my manager to get in touch");
    expect(cardText(withdrawn.body.value)).not.toContain("Your manager will learn that you want to be contacted");
    expect(await app.db.contactRequest.count()).toBe(0);
    const again = await app.post(cardAction(bo, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId, wanted: true }));
    expect(cardText(again.body.value)).toContain("Undo: my manager need not get in touch");
    expect(await app.db.contactRequest.count()).toBe(1);
  });

  it("reminds non-respondents once, only within weekday office hours", async () => {
    expect((await tick("2026-11-25T06:30:00Z")).jobs["pulse.remind"]).toEqual({ reminders: 0 }); // 07:30 local: too early
    const remind = await tick("2026-11-25T08:10:00Z"); // Wednesday 09:10 local
    expect(remind.jobs["pulse.remind"]).toEqual({ reminders: 1 });
    expect(pulseCards(users.bo!).map((c) => cardText(c))).toEqual([expect.stringContaining("How are you?"), expect.stringContaining("Reminder: how are you?")]);
    expect(pulseCards(users.anna!)).toHaveLength(1);
    expect(pulseCards(users.cissi!)).toHaveLength(1);
    expect((await tick("2026-11-25T12:00:00Z")).jobs["pulse.remind"]).toEqual({ reminders: 0 });
    expect(pulseCards(users.bo!)).toHaveLength(2);
  }, 60_000);

  it("closes at the end of the window and then refuses answers, saying it is closed", async () => {
    const closed = await tick("2026-11-26T08:00:10Z");
    expect(closed.jobs["pulse.close"]).toEqual({ closed: 1 });
    const before = await app.db.pulseAnswer.count();
    const res = await app.post(
      cardAction(users.bo!, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value: 1 }),
    );
    expect(cardText(res.body.value)).toContain("The pulse is closed"); // bo reads English
    expect(await app.db.pulseAnswer.count()).toBe(before);
  }, 60_000);
});
