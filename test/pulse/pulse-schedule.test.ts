// HR partners change when pulses go out, for the units they support; nobody else can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";

const clock = manualClock("2026-11-20T10:00:00Z"); // a Friday
let app: TestApp;
const users: Record<string, TeamsUser> = {};
const save = (unitId: string, fields: Record<string, unknown> = {}) => ({
  verb: "schedule.save",
  unitId,
  weekday: "3",
  intervalWeeks: "1",
  sendTime: "07:30",
  answerWindowDays: "2",
  ...fields,
});

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U2", name: "Hemtjänsten", parentId: "U0" });
  for (const [key, unit, role, locale] of [
    ["hr", "U1", "hr_partner", "sv-SE"],
    ["member1", "U1", "member", "sv-SE"],
    ["member2", "U2", "member", "sv-SE"],
    ["hrEn", "U2", "hr_partner", "en-US"],
  ] as const) {
    const person = await buildPerson(app.db, { id: `P-${key}`, locale });
    await assignRole(app.db, person.id, unit, role);
    users[key] = teamsUser({ aadObjectId: person.aadObjectId!, locale });
    await app.post(botAdded(users[key]!, app.serviceUrl));
  }
});
afterAll(async () => app?.stop());

describe("pulsschema", () => {
  it("shows the HR partner the schedule their unit inherits", async () => {
    await app.post(message(users.hr!, app.serviceUrl, "pulsschema"));
    const card = app.connector.cardsTo(users.hr!.conversationId).at(-1)!;
    expect(cardText(card)).toContain("Pulsschema för Skolan");
    expect(cardText(card)).toContain("var 2:e måndag kl. 09:00, 3 dagar att svara (ärvt från Kommunen)");
  });

  it("is not a command for members", async () => {
    const before = app.connector.cardsTo(users.member1!.conversationId).length;
    await app.post(message(users.member1!, app.serviceUrl, "pulsschema"));
    expect(app.connector.cardsTo(users.member1!.conversationId)).toHaveLength(before);
  });

  it("refuses a change by a member, for another unit or with values off the form, and changes nothing", async () => {
    const attempts = [
      cardAction(users.member1!, app.serviceUrl, "schedule.save", save("U1")),
      cardAction(users.hr!, app.serviceUrl, "schedule.save", save("U2")),
      cardAction(users.hr!, app.serviceUrl, "schedule.save", save("U1", { weekday: "6" })),
      cardAction(users.hr!, app.serviceUrl, "schedule.save", save("U1", { sendTime: "25:00" })),
      cardAction(users.hr!, app.serviceUrl, "schedule.save", save("U1", { role: "hr_partner" })),
    ];
    for (const attempt of attempts) {
      const res = await app.post(attempt);
      expect(cardText(res.body.value)).toContain("Schemat ändrades inte");
    }
    expect(await app.db.pulseSchedule.count({ where: { unitId: { in: ["U1", "U2"] } } })).toBe(0);
    expect(await app.db.auditEvent.count({ where: { action: "pulse.schedule.change" } })).toBe(0);
  });

  it("saves the HR partner's schedule for the subtree, audited, and the next tick follows it", async () => {
    const res = await app.post(cardAction(users.hr!, app.serviceUrl, "schedule.save", save("U1")));
    expect(cardText(res.body.value)).toContain("Sparat.");
    expect(validateAdaptiveCard(res.body.value)).toEqual([]);
    // Issue 16: the success message in green, never in the warning colour.
    expect(res.body.value.body.find((b: any) => b.type === "TextBlock" && b.text.startsWith("Sparat."))).toMatchObject({ color: "Good" });
    expect(cardText(res.body.value)).toContain("Nu: varje onsdag kl. 07:30, 2 dagar att svara.");
    expect(await app.db.pulseSchedule.findFirstOrThrow({ where: { unitId: "U1" } })).toMatchObject({
      weekday: 3,
      intervalWeeks: 1,
      sendTime: "07:30",
      answerWindowDays: 2,
      updatedById: "P-hr",
    });
    expect(await app.db.auditEvent.findFirstOrThrow({ where: { action: "pulse.schedule.change" } })).toMatchObject({ actorId: "P-hr", subjectId: "U1" });

    // Wednesday 2026-11-25 07:30 Stockholm = 06:30Z: only Skolan's member gets the pulse.
    const tick = await tickInProcess(app.databaseUrl, "2026-11-25T06:31:00Z");
    expect(tick.jobs["pulse.plan"]).toMatchObject({ pulses: 1, planned: 1 });
    const pulse = await app.db.pulse.findFirstOrThrow();
    expect(pulse.unitId).toBe("U1");
    expect(pulse.closesAt.toISOString()).toBe("2026-11-27T06:30:00.000Z");
    expect(await app.db.pulseRecipient.findMany({ select: { personId: true } })).toEqual([{ personId: "P-member1" }]);
  }, 30_000);

  it("says Saved in green in English too", async () => {
    const res = await app.post(cardAction(users.hrEn!, app.serviceUrl, "schedule.save", save("U2")));
    expect(validateAdaptiveCard(res.body.value)).toEqual([]);
    const saved = res.body.value.body.find((b: any) => b.type === "TextBlock" && b.text.startsWith("Saved."));
    expect(saved).toMatchObject({ color: "Good" });
    expect(JSON.stringify(res.body.value)).not.toContain("Attention");
  });
});
