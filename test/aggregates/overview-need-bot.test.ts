// The HR overview as Teams receives it ("Chefsstöd", issue 16): after two pulses, the HR partner's
// card names what every figure is and ranks units by need — a steep fall and a share far below
// the area, an escalated case, a low response rate, an open case — with counts only and no
// names, in Swedish and in English. Dates come from the test's clock: the first pulse is the
// schedule's first Monday 09:00 Stockholm after START; the second two weeks later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { assignRole, buildCase, buildPerson, buildUnit } from "../harness/factories.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { POSTGRES_IN_RUN } from "../harness/databases.js";

const START = DateTime.fromISO("2026-11-23T07:00:00", { zone: "Europe/Stockholm" }); // a Monday, before 09:00
const at = (d: DateTime) => d.toUTC().toISO()!;
const FIRST = START.set({ hour: 9, minute: 0 });
const SECOND = FIRST.plus({ weeks: 2 });

const clock = manualClock(at(START));
let app: TestApp;
const users = new Map<string, TeamsUser>();
/** unit → member ids (aadObjectId per person). */
const members = new Map<string, { id: string; aad: string; name: string }[]>();

const UNITS = [
  { id: "A", name: "Förskolan Solen", size: 10 },
  { id: "B", name: "Skolan Månen", size: 10 },
  { id: "C", name: "Hemtjänsten Stjärnan", size: 12 },
  { id: "D", name: "Biblioteket Norr", size: 10 },
];

async function tick(d: DateTime) {
  clock.set(at(d));
  return tickInProcess(app.databaseUrl, at(d));
}

async function install(personId: string, aad: string, locale: string) {
  const user = teamsUser({ aadObjectId: aad, locale });
  await app.post(botAdded(user, app.serviceUrl));
  users.set(personId, user);
}

/** value(unit, index) → the answer, or null for no answer. */
async function answerPulse(value: (unit: string, i: number) => number | null) {
  const pulse = await app.db.pulse.findFirstOrThrow({ orderBy: { dueAt: "desc" } });
  for (const [unit, people] of members) {
    for (const [i, p] of people.entries()) {
      const v = value(unit, i);
      if (v === null) continue;
      const res = await app.post(
        cardAction(teamsUser({ aadObjectId: p.aad }), app.serviceUrl, "pulse.answer", {
          verb: "pulse.answer",
          pulseId: pulse.id,
          questionId: "self_rated_health",
          value: v,
        }),
      );
      expect(res.status).toBe(200);
    }
  }
}

const overviewsFor = (personId: string) =>
  app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === users.get(personId)!.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
    .filter((c) => /^(Översikt|Overview):/.test(cardText(c)));

beforeAll(async () => {
  // PostgreSQL where the run has it (the case counts filter on NULLs); the pause and pack tests run on SQLite.
  app = await startTestApp({ clock, database: POSTGRES_IN_RUN ? "postgres" : "sqlite", env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Exempelkommun" });
  for (const u of UNITS) {
    await buildUnit(app.db, { id: u.id, name: u.name, parentId: "U0" });
    const people = [];
    for (let i = 0; i < u.size; i++) {
      const p = await buildPerson(app.db, { id: `${u.id}-${i}`, displayName: `Medarbetare ${u.id}${i}` });
      await assignRole(app.db, p.id, u.id, "member");
      people.push({ id: p.id, aad: p.aadObjectId!, name: p.displayName });
    }
    members.set(u.id, people);
    const chef = await buildPerson(app.db, { id: `${u.id}-chef`, displayName: `Chef ${u.id}` });
    await assignRole(app.db, chef.id, u.id, "manager");
  }
  for (const [id, locale] of [
    ["HR-sv", "sv-SE"],
    ["HR-en", "en-US"],
  ] as const) {
    const hr = await buildPerson(app.db, { id, displayName: `HR ${id}`, locale });
    await assignRole(app.db, hr.id, "U0", "hr_partner");
    await install(hr.id, hr.aadObjectId!, locale);
  }
}, 60_000);

afterAll(async () => app?.stop());

describe("HR overview: where support is needed", () => {
  it("first pulse: only the low response rate stands out, and every figure says what it is", async () => {
    await tick(START);
    expect((await tick(FIRST.plus({ seconds: 30 }))).jobs["pulse.plan"].pulses).toBe(1);
    // A, B, D: everyone answers Bra/Mycket bra; C: the same five of twelve answer each time.
    await answerPulse((unit, i) => (unit === "C" ? (i < 5 ? 2 : null) : 1 + (i % 2)));
    await tick(FIRST.plus({ days: 3, seconds: 10 }));
    const [card] = overviewsFor("HR-sv");
    expect(card).toBeDefined();
    expect(validateAdaptiveCard(card!)).toEqual([]);
    const text = cardText(card!);
    expect(text).toContain("Så läser du siffrorna. Andel: hur stor del som svarade Bra eller Mycket bra");
    expect(text).toMatch(/^Hela området: 100\s% svarade Bra eller Mycket bra · 35 svar · svarsfrekvens 83\s%$/m);
    const need = text.slice(text.indexOf("Chefsstöd"), text.indexOf("Alla enheter"));
    expect(need).toContain("Hemtjänsten Stjärnan");
    expect(need).toMatch(/Svarsfrekvens\n42\s%/);
    expect(need).toMatch(/Därför: låg svarsfrekvens \(42\s%\)/);
    for (const other of ["Förskolan Solen", "Skolan Månen", "Biblioteket Norr"]) expect(need).not.toContain(other);
  }, 240_000);

  it("second pulse: a steep fall, an escalated case, a low response rate and an open case rank in that order (sv)", async () => {
    const opened = FIRST.plus({ days: 4 }).toJSDate();
    const escalated = await buildCase(app.db, { unitId: "B", ownerId: "B-chef", openedAt: opened, signal: "short_sick_leave", subjectPersonId: "B-3" });
    await app.db.nudgeCase.update({ where: { id: escalated.id }, data: { escalatedAt: SECOND.minus({ days: 1 }).toJSDate() } });
    await buildCase(app.db, { unitId: "D", ownerId: "D-chef", openedAt: opened, signal: "falling_pulse", status: "planned" });
    // A sick-leave case that has not escalated stays with C's chef: not counted for HR.
    await buildCase(app.db, { unitId: "C", ownerId: "C-chef", openedAt: opened, signal: "short_sick_leave", subjectPersonId: "C-7" });
    await tick(SECOND.plus({ seconds: 30 }));
    // A falls: 4 of 10 Bra/Mycket bra (it was 10 of 10). The others answer as before.
    await answerPulse((unit, i) => (unit === "C" ? (i < 5 ? 2 : null) : unit === "A" ? (i < 4 ? 2 : 4) : 1 + (i % 2)));
    await tick(SECOND.plus({ days: 3, seconds: 10 }));
    const cards = overviewsFor("HR-sv");
    expect(cards).toHaveLength(2);
    const card = cards[1]!;
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    const need = text.slice(text.indexOf("Chefsstöd: här kan stöd behövas först"), text.indexOf("Alla enheter"));
    // Equal need and share (the open case, the low response rate): by name.
    const order = ["Förskolan Solen", "Skolan Månen", "Biblioteket Norr", "Hemtjänsten Stjärnan"].map((n) => need.indexOf(n));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(need).toMatch(/Förskolan Solen\nAndel Bra eller Mycket bra\n40\s% \(10 svar\)\nFörändring sedan förra pulsen\n[−-]60 p\.e\./);
    expect(need).toMatch(/Därför: [^\n]*andelen föll 60 p\.e\.; andelen ligger 43 p\.e\. under hela området/);
    expect(need).toMatch(/Skolan Månen[\s\S]*Ärenden\n1 öppet ärende, varav 1 eskalerat till HR\nDärför: ärenden har eskalerats till HR/);
    expect(need).toMatch(/Biblioteket Norr[\s\S]*Ärenden\n1 öppet ärende\nDärför: öppna ärenden/);
    expect(need).toMatch(/Hemtjänsten Stjärnan[\s\S]*Ärenden\ninga öppna\nDärför: låg svarsfrekvens/);
    // The list of all units carries the change too; counts only, never a name.
    expect(text).toMatch(/^Förskolan Solen\n40\s% \(10 svar\) · [−-]60 p\.e\.$/m);
    expect(text).not.toMatch(/Medarbetare|Chef [A-D]/);
  }, 240_000);

  it("the English HR partner gets the same ranking in English", async () => {
    const card = overviewsFor("HR-en")[1]!;
    expect(validateAdaptiveCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain("How to read the figures. Share: the share who answered Good or Very good");
    const need = text.slice(text.indexOf("Manager support: where support may be needed first"), text.indexOf("All units"));
    expect(need.indexOf("Förskolan Solen")).toBeLessThan(need.indexOf("Skolan Månen"));
    expect(need).toMatch(/Change since the previous pulse\n[−-]60 pp/);
    expect(need).toMatch(/Why: [^\n]*the share fell 60 pp; the share is 43 pp below the whole area/);
    expect(need).toMatch(/1 open case, 1 of them escalated to HR\nWhy: cases were escalated to HR/);
    expect(need).toMatch(/Response rate\n42%/);
  });
});
