// Question packs (issue 16), as Teams receives them: the HR partner picks SKR's HME index or the
// Karolinska (KI) items for a schedule on the `pulsschema` card; the pulse card then carries the
// pack's items (HME: statements on a five-point agree scale), and the results card shows them —
// released under the same rules as every other question. In Swedish and English. Dates come from
// the test's clock: the first pulse is START's Monday 09:00 Stockholm, the next two weeks later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { QUESTION_PACKS } from "../../src/domain/pulse/question-bank.js";

const START = DateTime.fromISO("2027-02-01T07:00:00", { zone: "Europe/Stockholm" }); // a Monday morning
const iso = (d: DateTime) => d.toUTC().toISO()!;
const FIRST = START.set({ hour: 9 });
const SECOND = FIRST.plus({ weeks: 2 });

const clock = manualClock(iso(START));
let app: TestApp;
const users: Record<string, TeamsUser> = {};
const aad: Record<string, string> = {};
const MEMBERS = ["m0", "m1", "m2", "m3", "m4", "m5"];
const save = (questionPack: string) => ({
  verb: "schedule.save",
  unitId: "U0",
  weekday: "1",
  intervalWeeks: "2",
  sendTime: "09:00",
  answerWindowDays: "3",
  questionPack,
});
const cards = (key: string, pattern: RegExp) => app.connector.cardsTo(users[key]!.conversationId).filter((c) => pattern.test(cardText(c)));

async function answer(key: string, pulseId: string, questionId: string, value: number) {
  const res = await app.post(
    cardAction(teamsUser({ aadObjectId: aad[key]! }), app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId, value }),
  );
  expect(cardText(res.body.value)).toMatch(/Ditt svar|Your answer/);
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  const people: [string, string, "hr_partner" | "manager" | "safety_rep" | "member", string][] = [
    ["hr", "U0", "hr_partner", "sv-SE"],
    ["chef", "U1", "manager", "sv-SE"],
    ["rep", "U1", "safety_rep", "en-US"],
    ...MEMBERS.map((m, i) => [m, "U1", "member", i === 1 ? "en-US" : "sv-SE"] as [string, string, "member", string]),
  ];
  for (const [key, unit, role, locale] of people) {
    const person = await buildPerson(app.db, { id: `P-${key}`, locale });
    await assignRole(app.db, person.id, unit, role);
    aad[key] = person.aadObjectId!;
    users[key] = teamsUser({ aadObjectId: person.aadObjectId!, locale });
    await app.post(botAdded(users[key]!, app.serviceUrl));
  }
});
afterAll(async () => app?.stop());

describe("the HME pack", () => {
  it("the HR partner chooses it on the schedule card", async () => {
    await app.post(message(users.hr!, app.serviceUrl, "pulsschema"));
    const form = app.connector.cardsTo(users.hr!.conversationId).at(-1)!;
    expect(cardText(form)).toContain("Frågor: Standard – hälsofrågan och en roterande fråga.");
    expect(JSON.stringify(form)).toContain('"value":"hme"');
    const res = await app.post(cardAction(users.hr!, app.serviceUrl, "schedule.save", save("hme")));
    expect(validateAdaptiveCard(res.body.value)).toEqual([]);
    expect(cardText(res.body.value)).toContain("Frågor: HME (SKR) – hälsofrågan och två av nio påståenden om motivation, ledarskap och styrning per puls.");
    expect((await app.db.pulseSchedule.findFirstOrThrow({ where: { unitId: "U0" } })).questionPack).toBe("hme");
  });

  it("the pulse card carries two of the nine statements on the agree scale (sv and en)", async () => {
    const tick = await tickInProcess(app.databaseUrl, iso(FIRST.plus({ seconds: 30 })));
    expect(tick.jobs["pulse.plan"]).toMatchObject({ pulses: 1 });
    const pulse = await app.db.pulse.findFirstOrThrow();
    expect(JSON.parse(pulse.questionIds)).toEqual(["self_rated_health", ...QUESTION_PACKS.hme.items.slice(0, 2)]);

    const [sv] = cards("m0", /Hur mår du/);
    expect(validateAdaptiveCard(sv!)).toEqual([]);
    const svText = cardText(sv!);
    expect(svText).toContain("Hållbart medarbetarengagemang (HME, SKR): hur väl stämmer påståendet?\n\nMitt arbete känns meningsfullt.");
    expect(svText).toContain("Jag lär nytt och utvecklas i mitt dagliga arbete.");
    for (const label of ["Stämmer mycket bra", "Stämmer ganska bra", "Stämmer delvis", "Stämmer ganska dåligt", "Stämmer mycket dåligt"])
      expect(svText).toContain(label);

    const [en] = cards("m1", /How are you/);
    expect(validateAdaptiveCard(en!)).toEqual([]);
    const enText = cardText(en!);
    expect(enText).toContain("Sustainable employee engagement (HME, SKR): how well does the statement fit?\n\nMy work feels meaningful.");
    expect(enText).toContain("Strongly agree");
  });

  it("the results card shows the items — each released only under the same rules", async () => {
    const pulse = await app.db.pulse.findFirstOrThrow();
    for (const [i, m] of MEMBERS.entries()) {
      await answer(m, pulse.id, "self_rated_health", 2);
      await answer(m, pulse.id, "hme_meaningful", i < 3 ? 5 : 4); // 3 + 3: bars of three or more stand alone in a small group
      if (i < 4) await answer(m, pulse.id, "hme_learning", 3); // four answers: fewer than k = 5
    }
    await tickInProcess(app.databaseUrl, iso(FIRST.plus({ days: 3, seconds: 10 })));

    const [sv] = cards("chef", /^Pulsresultat: Skolan/);
    expect(validateAdaptiveCard(sv!)).toEqual([]);
    const text = cardText(sv!);
    expect(text).toMatch(
      /Mitt arbete känns meningsfullt\.\n6 av 6 svarade\nStämmer mycket bra\n3 \(50\s%\)\nStämmer ganska bra\n3 \(50\s%\)\nStämmer delvis\n0 \(0\s%\)/,
    );
    expect(text).toMatch(/Jag lär nytt och utvecklas i mitt dagliga arbete\.\nFör få svarade \(färre än 5\), så resultatet visas inte\./);

    const [en] = cards("rep", /^Pulse results: Skolan/);
    expect(validateAdaptiveCard(en!)).toEqual([]);
    expect(cardText(en!)).toMatch(/My work feels meaningful\.\n6 of 6 answered\nStrongly agree\n3 \(50\s?%\)/);
    expect(cardText(en!)).toMatch(/I learn new things and develop in my daily work\.\nToo few answered \(fewer than 5\)/);
  }, 60_000);
});

describe("the Karolinska pack", () => {
  it("asks both KI items in every pulse", async () => {
    clock.set(iso(FIRST.plus({ days: 4 })));
    const res = await app.post(cardAction(users.hr!, app.serviceUrl, "schedule.save", save("karolinska")));
    expect(cardText(res.body.value)).toContain("Frågor: Karolinska (KI-måttet)");
    await tickInProcess(app.databaseUrl, iso(SECOND.plus({ seconds: 30 })));
    const pulse = await app.db.pulse.findFirstOrThrow({ orderBy: { dueAt: "desc" } });
    expect(pulse.dueAt.toISOString()).toBe(SECOND.toUTC().toISO({ suppressMilliseconds: false }));
    expect(JSON.parse(pulse.questionIds)).toEqual(["self_rated_health", "presenteeism", "work_environment_problems"]);
    const card = cards("m1", /How are you/).at(-1)!;
    expect(cardText(card)).toContain("In the past seven days, have you had health problems but still chosen to go to work?");
  });
});
