// Holiday pauses (issue 16), as Teams receives them: the HR partner gives the schedule pauses
// (weeks 52–1 over the new year) on the `pulsschema` card, a unit's chef pauses their own unit,
// and a pulse that falls in a pause is not planned — nothing is sent — while the cards say when
// the next pulse comes, in Swedish and English. Every date is derived from the test's clock
// (START); the default schedule is every other Monday 09:00 Stockholm from START's week.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { formatDayTime } from "../../src/i18n/dates.js";
import { collectPersonRecord } from "../../src/domain/records/person-record.js";

const ZONE = "Europe/Stockholm";
// A Monday morning in ISO week 51 of a year whose last week is 53 (2026): the schedule's next
// pulses fall in weeks 53 and 2.
const START = DateTime.fromISO("2026-12-14T10:00:00", { zone: ZONE });
const iso = (d: DateTime) => d.toUTC().toISO()!;
const pulseAt = (weeksAfterStart: number) => START.plus({ weeks: weeksAfterStart }).set({ hour: 9, minute: 0, second: 0 });
const IN_NEW_YEAR = pulseAt(2); // week 53: paused by "v52-1"
const AFTER_NEW_YEAR = pulseAt(4); // week 2
const LATER = pulseAt(6);
const when = (d: DateTime, locale: "sv-SE" | "en-US") => formatDayTime(d.toJSDate(), locale, ZONE);

const clock = manualClock(iso(START));
let app: TestApp;
const users: Record<string, TeamsUser> = {};
const lastCard = (key: string) => app.connector.cardsTo(users[key]!.conversationId).at(-1)!;
const saveSchedule = (fields: Record<string, unknown> = {}) => ({
  verb: "schedule.save",
  unitId: "U0",
  weekday: "1",
  intervalWeeks: "2",
  sendTime: "09:00",
  answerWindowDays: "3",
  pauses: "v52-1",
  questionPack: "standard",
  unitPauseFrom: "",
  unitPauseUntil: "",
  ...fields,
});

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U2", name: "Hemtjänsten", parentId: "U0" });
  await buildUnit(app.db, { id: "U2.1", name: "Hemtjänsten natt", parentId: "U2" });
  for (const [key, unit, role, locale] of [
    ["hr", "U0", "hr_partner", "sv-SE"],
    ["hrEn", "U0", "hr_partner", "en-US"],
    ["chef1", "U1", "manager", "en-US"],
    ["chef2", "U2", "manager", "sv-SE"],
    ["member1", "U1", "member", "sv-SE"],
    ["member2", "U2", "member", "sv-SE"],
    ["member21", "U2.1", "member", "sv-SE"],
  ] as const) {
    const person = await buildPerson(app.db, { id: `P-${key}`, locale });
    await assignRole(app.db, person.id, unit, role);
    users[key] = teamsUser({ aadObjectId: person.aadObjectId!, locale });
    await app.post(botAdded(users[key]!, app.serviceUrl));
  }
});
afterAll(async () => app?.stop());

describe("holiday pause in the schedule", () => {
  it("the HR partner's card says when the next pulse comes", async () => {
    await app.post(message(users.hr!, app.serviceUrl, "pulsschema"));
    const card = lastCard("hr");
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain(`Nästa puls: ${when(IN_NEW_YEAR, "sv-SE")}.`);
    expect(text).toContain("Inga uppehåll i schemat.");
    expect(JSON.stringify(card)).toContain('"label":"Uppehåll i schemat (inga pulser)"');
  });

  it("refuses pauses it cannot read, and changes nothing", async () => {
    const res = await app.post(cardAction(users.hr!, app.serviceUrl, "schedule.save", saveSchedule({ pauses: "v60, midsommar" })));
    expect(cardText(res.body.value)).toContain('Uppehållet "v60" gick inte att läsa');
    expect((await app.db.pulseSchedule.findFirstOrThrow({ where: { unitId: "U0" } })).pausePeriods).toBe("[]");
  });

  it("saves weeks 52–1 as a pause: the card moves the next pulse past the new year", async () => {
    const res = await app.post(cardAction(users.hr!, app.serviceUrl, "schedule.save", saveSchedule()));
    const card = res.body.value;
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain("Sparat.");
    expect(text).toContain("Uppehåll i schemat: v52-1.");
    expect(text).toContain(`Nästa puls: ${when(AFTER_NEW_YEAR, "sv-SE")}.`);
    expect(await app.db.auditEvent.count({ where: { action: "pulse.schedule.change", actorId: "P-hr" } })).toBe(1);
    // The form's empty unit-pause dates on a unit without a pause change nothing there.
    expect(await app.db.auditEvent.count({ where: { action: { startsWith: "pulse.unitPause" } } })).toBe(0);
  });

  it("the English HR partner reads the same in English", async () => {
    await app.post(message(users.hrEn!, app.serviceUrl, "schedule"));
    const text = cardText(lastCard("hrEn"));
    expect(text).toContain("Pauses in the schedule: w52-1.");
    expect(text).toContain(`Next pulse: ${when(AFTER_NEW_YEAR, "en-US")}.`);
  });

  it("a pulse that falls in the pause is not planned, and nothing is sent", async () => {
    const before = app.connector.sent.length;
    const tick = await tickInProcess(app.databaseUrl, iso(IN_NEW_YEAR.plus({ seconds: 30 })));
    expect(tick.jobs["pulse.plan"]).toMatchObject({ pulses: 0, planned: 0, paused: 1 });
    expect(await app.db.pulse.count()).toBe(0);
    expect(app.connector.sent.slice(before).filter((s) => s.method === "POST")).toEqual([]);
  });
});

describe("a pause for one unit", () => {
  it("the chef gets the unit's pause form (not the schedule form), with the next pulse", async () => {
    clock.set(iso(IN_NEW_YEAR.plus({ days: 1 })));
    await app.post(message(users.chef2!, app.serviceUrl, "pulsschema"));
    const card = lastCard("chef2");
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text.split("\n")[0]).toBe("Uppehåll för Hemtjänsten");
    expect(text).toContain(`Nästa puls: ${when(AFTER_NEW_YEAR, "sv-SE")}.`);
    const json = JSON.stringify(card);
    expect(json).toContain('"id":"unitPauseFrom"');
    expect(json).not.toContain('"id":"weekday"');
    expect(json).not.toContain('"verb":"schedule.save"');
  });

  it("nobody else may pause a unit: not another unit's chef, not a member", async () => {
    const pause = { verb: "schedule.pause", unitId: "U1", unitPauseFrom: AFTER_NEW_YEAR.toISODate(), unitPauseUntil: AFTER_NEW_YEAR.toISODate() };
    for (const who of ["chef2", "member1"]) {
      const res = await app.post(cardAction(users[who]!, app.serviceUrl, "schedule.pause", pause));
      expect(cardText(res.body.value)).toContain("Bara enhetens chef eller en HR-partner för enheten kan ändra uppehållet");
    }
    expect(await app.db.unitPause.count()).toBe(0);
  });

  it("the chef pauses their unit over the next pulse: the card says it and moves the next pulse", async () => {
    const res = await app.post(
      cardAction(users.chef2!, app.serviceUrl, "schedule.pause", {
        verb: "schedule.pause",
        unitId: "U2",
        unitPauseFrom: AFTER_NEW_YEAR.minus({ days: 1 }).toISODate(),
        unitPauseUntil: AFTER_NEW_YEAR.plus({ days: 5 }).toISODate(),
      }),
    );
    const card = res.body.value;
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain("Sparat. Inga pulser når enheten under uppehållet.");
    expect(text).toContain(`Nästa puls: ${when(LATER, "sv-SE")}.`);
    expect(text).toContain(
      `Uppehåll för Hemtjänsten: ${AFTER_NEW_YEAR.minus({ days: 1 }).setLocale("sv-SE").toFormat("d LLLL yyyy")} till och med ${AFTER_NEW_YEAR.plus({ days: 5 }).setLocale("sv-SE").toFormat("d LLLL yyyy")}.`,
    );
    expect(await app.db.auditEvent.count({ where: { action: "pulse.unitPause.set", actorId: "P-chef2", subjectId: "U2" } })).toBe(1);
    // The chef's register extract lists the pause they set.
    const record = await collectPersonRecord(app.db, "x".repeat(32), "P-chef2", clock.now());
    expect(record!.actions.unitPausesSet).toEqual([
      expect.objectContaining({ unitId: "U2", fromDate: AFTER_NEW_YEAR.minus({ days: 1 }).toISODate(), toDate: AFTER_NEW_YEAR.plus({ days: 5 }).toISODate() }),
    ]);
  });

  it("an English chef of another unit still sees the next pulse on the schedule", async () => {
    await app.post(message(users.chef1!, app.serviceUrl, "schedule"));
    const text = cardText(lastCard("chef1"));
    expect(text.split("\n")[0]).toBe("Pause for Skolan");
    expect(text).toContain(`Next pulse: ${when(AFTER_NEW_YEAR, "en-US")}.`);
    expect(text).toContain("No pause for Skolan itself.");
  });

  it("the pulse goes out, but not to the paused unit or the units below it", async () => {
    const tick = await tickInProcess(app.databaseUrl, iso(AFTER_NEW_YEAR.plus({ seconds: 30 })));
    expect(tick.jobs["pulse.plan"]).toMatchObject({ pulses: 1 });
    const recipients = await app.db.pulseRecipient.findMany({ select: { personId: true }, orderBy: { personId: "asc" } });
    expect(recipients).toEqual([{ personId: "P-member1" }]);
    expect(app.connector.cardsTo(users.member1!.conversationId).filter((c) => /Hur mår du/.test(cardText(c)))).toHaveLength(1);
    expect(app.connector.cardsTo(users.member2!.conversationId).filter((c) => /Hur mår du/.test(cardText(c)))).toEqual([]);
    expect(app.connector.cardsTo(users.member21!.conversationId).filter((c) => /Hur mår du/.test(cardText(c)))).toEqual([]);
  });

  it("with both dates empty the chef removes the pause", async () => {
    const res = await app.post(
      cardAction(users.chef2!, app.serviceUrl, "schedule.pause", { verb: "schedule.pause", unitId: "U2", unitPauseFrom: "", unitPauseUntil: "" }),
    );
    expect(cardText(res.body.value)).toContain("Sparat. Enheten får pulser enligt schemat igen.");
    expect(await app.db.unitPause.count()).toBe(0);
  });

  it("an HR partner covering the unit (assigned above it) may pause it too, in English", async () => {
    clock.set(iso(AFTER_NEW_YEAR.plus({ days: 1 })));
    const res = await app.post(
      cardAction(users.hrEn!, app.serviceUrl, "schedule.pause", {
        verb: "schedule.pause",
        unitId: "U1",
        unitPauseFrom: LATER.toISODate(),
        unitPauseUntil: LATER.toISODate(),
      }),
    );
    expect(validateAdaptiveCard(res.body.value)).toEqual([]);
    const text = cardText(res.body.value);
    expect(text).toContain("Saved. No pulses reach the unit during the pause.");
    expect(text).toContain(`Next pulse: ${when(LATER.plus({ weeks: 2 }), "en-US")}.`);
  });
});
