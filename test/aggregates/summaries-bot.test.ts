// Summaries through the bot with the demo org (56 members in 11 units, most under five): every
// member answers a pulse through /api/messages, a tick at a given moment (in process) closes it, and the right
// people get the right cards — with every withheld figure explaining itself, and nothing for
// anyone else. Time: Monday 2026-11-23 09:00 Stockholm is the first pulse; it closes Thursday.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { ORG_DEMO_DIR, readOrgDir } from "../harness/org-files.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { fixedClock } from "../../src/clock.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";

/** Every member (but those `skip` leaves out) answers the core question through /api/messages. */
async function answerAll(pulse: string, answers_: (personId: string) => boolean) {
  const members = await app.db.assignment.findMany({
    where: { role: "member" },
    select: { personId: true, unitId: true },
    distinct: ["personId"],
    orderBy: { personId: "asc" },
  });
  let i = 0;
  for (const m of members) {
    if (!answers_(m.personId)) continue;
    const person = await app.db.person.findUniqueOrThrow({ where: { id: m.personId } });
    const value = m.unitId === "U1.2.1" ? 3 + (i % 3) : 1 + (i % 3); // 3–5 in the school, 1–3 elsewhere
    i++;
    answers.set(m.personId, value);
    const res = await app.post(
      cardAction(teamsUser({ aadObjectId: person.aadObjectId! }), app.serviceUrl, "pulse.answer", {
        verb: "pulse.answer",
        pulseId: pulse,
        questionId: "self_rated_health",
        value,
      }),
    );
    expect(cardText(res.body.value)).toMatch(/Ditt svar|Your answer/);
  }
}

const clock = manualClock("2026-11-23T06:00:00Z");
let app: TestApp;
let pulseId = "";
const users = new Map<string, TeamsUser>();
/** Answer per member: the U1.1.1 preschool mostly good, U1.2.1 mostly not. */
const answers = new Map<string, number>();

/** Summary/overview cards a person received (POSTs), as text. */
const cardsFor = (personId: string) => {
  const user = users.get(personId)!;
  return (
    app.connector.sent
      .filter((s) => s.method === "POST" && s.conversationId === user.conversationId)
      .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
      // The privacy footer is on summary and overview cards only (not on the "no results yet" notice).
      .filter((c) => /Siffror visas bara|Figures are shown only/.test(cardText(c)))
  );
};

/** "Så mår vi" cards a person received. */
const memberCardsFor = (personId: string) => {
  const user = users.get(personId)!;
  return app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === user.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
    .filter((c) => /^(Så mår vi|How we are doing):/.test(cardText(c)));
};

async function tick(iso: string) {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
}

async function install(personId: string, locale = "sv-SE") {
  const person = await app.db.person.findUniqueOrThrow({ where: { id: personId } });
  const user = teamsUser({ aadObjectId: person.aadObjectId!, locale, name: person.displayName });
  await app.post(botAdded(user, app.serviceUrl));
  users.set(personId, user);
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  const imported = await importOrg(app.db, readOrgDir(ORG_DEMO_DIR), { source: "test", clock: fixedClock("2026-11-20T08:00:00Z") });
  expect(imported.status).toBe("applied");
  // Leaders who will read results, an English-speaking skyddsombud, and one member.
  await app.db.person.update({ where: { id: "P000066" }, data: { locale: "en-US" } });
  for (const id of ["P000003", "P000004", "P000011", "P000025", "P000061", "P000001", "P000020"]) await install(id);
  await install("P000066", "en-US");
  // The school's skyddsombud reads English: the released card, its bars, change and trend in English too.
  await app.db.person.update({ where: { id: "P000028" }, data: { locale: "en-US" } });
  await install("P000028", "en-US");
}, 60_000);

afterAll(async () => app?.stop());

describe("summaries after a pulse closes", () => {
  it("plans the pulse, then every member answers through the bot", async () => {
    await tick("2026-11-23T06:00:00Z");
    expect((await tick("2026-11-23T08:00:30Z")).jobs["pulse.plan"].pulses).toBe(1);
    pulseId = (await app.db.pulse.findFirstOrThrow()).id;
    await answerAll(pulseId, () => true);
    expect(await app.db.pulseParticipation.count({ where: { pulseId } })).toBe(answers.size);
    expect(answers.size).toBe(55); // 56 member rows; one person is in two units
  }, 240_000);

  it("sends nothing before the pulse closes, and `resultat` has nothing yet", async () => {
    const before = app.connector.sent.length;
    const res = await app.post(message(users.get("P000004")!, app.serviceUrl, "resultat"));
    expect(res.status).toBe(200);
    const reply = app.connector.sent
      .slice(before)
      .map((s) => cardText(s.activity.attachments?.[0]?.content ?? {}) + (s.activity.text ?? ""))
      .join("\n");
    expect(reply).toContain("Det finns inga resultat för Förskolan Centrum ännu");
    expect(cardsFor("P000004")).toHaveLength(0);
  });

  it("after closing, the preschool's chef and skyddsombud get its summary with figures, trend and comparison", async () => {
    const result = await tick("2026-11-26T08:00:10Z");
    expect(result.jobs["pulse.close"]).toEqual({ closed: 1 });
    expect(result.jobs["pulse.summarize"].built).toBe(1);

    const inPreschool = new Set((await app.db.assignment.findMany({ where: { role: "member", unitId: "U1.1.1" } })).map((a) => a.personId));
    const preschool = [...answers].filter(([id]) => inPreschool.has(id));
    const good = preschool.filter(([, v]) => v <= 2).length;
    for (const leader of ["P000004", "P000011"]) {
      const cards = cardsFor(leader);
      expect(cards).toHaveLength(1);
      const text = cardText(cards[0]!);
      expect(text).toContain("Pulsresultat: Förskolan Centrum");
      // Participation beside the figure: everyone the pulse went to in the preschool answered.
      expect(text).toMatch(new RegExp(`^${preschool.length} av ${inPreschool.size} svarade$`, "m"));
      // sv-SE writes "70 %" with a no-break space.
      expect(text).toMatch(new RegExp(`\\b${Math.round((100 * good) / preschool.length)}\\s%\\ssvarade Bra eller Mycket bra`));
      expect(text).toContain("Exempelkommun:"); // the whole municipality for comparison
      expect(cards[0]!.version).toBe("1.5");
      expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
      // The distribution as bars: one per answer option (20 respondents: exact), each with its count beside it.
      const bars = findAll(cards[0]!, (n) => n.type === "ColumnSet" && n.minHeight === "8px");
      expect(bars).toHaveLength(5);
      expect(text).toMatch(new RegExp(`^Bra\\n${preschool.filter(([, v]) => v === 2).length} \\(\\d+\\s%\\)$`, "m"));
      // The first pulse: no change to show yet, no trend.
      expect(text).not.toMatch(/▲|▼|Utveckling/);
    }
  }, 240_000);

  it("members get 'Så mår vi' with their unit's released figure, or one line why (in their language), through the outbox", async () => {
    const inPreschool = new Set((await app.db.assignment.findMany({ where: { role: "member", unitId: "U1.1.1" } })).map((a) => a.personId));
    const preschool = [...answers].filter(([id]) => inPreschool.has(id));
    const good = preschool.filter(([, v]) => v <= 2).length;
    const member = memberCardsFor("P000020");
    expect(member).toHaveLength(1);
    expect(validateAdaptiveCard(member[0]!)).toEqual([]);
    expect(cardText(member[0]!).split("\n")).toEqual([
      "Så mår vi: Förskolan Centrum",
      "Pulsen 23 nov. 2026",
      `${Math.round((100 * good) / preschool.length)}\u00a0% svarade Bra eller Mycket bra på frågan om hälsan.`,
      `${preschool.length} av ${inPreschool.size} svarade`,
      "Din chef och ditt skyddsombud ser samma siffror för gruppen. Ingen kan se vad du har svarat.",
    ]);
    // A member who is also skyddsombud gets both cards; the chef, who is no member, only the summary.
    expect(memberCardsFor("P000011")).toHaveLength(1);
    expect(memberCardsFor("P000004")).toHaveLength(0);
    // Äldreboende is withheld: its English-speaking member is told why, with no figure.
    const english = cardText(memberCardsFor("P000066")[0]!);
    expect(english).toContain("How we are doing: Äldreboende Centrum");
    expect(english).toContain("The result is not shown this time, so that nobody can work out individual answers.");
    expect(english).not.toMatch(/%|\d+ of \d+/);
    // A released unit in English: the school's skyddsombud is also one of its members.
    const school = memberCardsFor("P000028");
    expect(school).toHaveLength(1);
    expect(cardText(school[0]!)).toMatch(
      /^How we are doing: Grundskolan Centrum\nPulse of 23 Nov 2026\n\d+% answered Good or Very good to the health question\.\n13 of 13 answered\n/,
    );
    // One outbox message per member and unit (56 member rows: one person is in two units), under its own kind.
    expect(await app.db.outboxMessage.count({ where: { kind: "memberResult" } })).toBe(56);
  });

  it("a unit under k gets a summary that says why, with no figure at all", async () => {
    // P000025 is chef of Grundskolan (13 members) and of Funktionsstöd boende (4): one card each.
    const cards = cardsFor("P000025");
    expect(cards.map((c) => cardText(c).split("\n")[0])).toEqual(
      expect.arrayContaining(["Pulsresultat: Grundskolan Centrum", "Pulsresultat: Funktionsstöd boende Centrum"]),
    );
    expect(cards).toHaveLength(2);
    const text = cardText(cards.find((c) => cardText(c).startsWith("Pulsresultat: Funktionsstöd"))!);
    expect(text).toContain("För få svarade (färre än 5), så resultatet visas inte.");
    expect(text).not.toMatch(/\d+ svar\b/);
    const json = JSON.stringify(cards.find((c) => cardText(c).startsWith("Pulsresultat: Funktionsstöd")));
    expect(json).not.toMatch(/Någorlunda|Dåligt|Mycket dåligt|"facts"/); // no distribution
  });

  it("a unit that would be isolated by subtraction from the municipality explains that instead (in English for an English reader)", async () => {
    // U4–U7 have one member each, so the municipality minus its other shown units would be 4
    // people; the smallest shown unit (Äldreboende, 6) is withheld to protect them.
    const text = cardText(cardsFor("P000061")[0]!);
    expect(text).toContain("Visas inte, så att ingen kan räkna fram enskildas svar genom att jämföra med andra siffror.");
    const english = cardText(cardsFor("P000066")[0]!);
    expect(english).toContain("Pulse results: Äldreboende Centrum");
    expect(english).toContain("Not shown, so that nobody can work out individual answers by comparing with other figures.");
    expect(english).not.toMatch(/\d+ of \d+ answered|▲|▼/);
  });

  it("the HR partner gets one overview of their förvaltning, sorted by need, withheld units last with the reason", async () => {
    const cards = cardsFor("P000001");
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]!);
    expect(text).toContain("Översikt: Barn- och utbildningsförvaltningen");
    expect(text).toMatch(/^Nås i Teams: \d+ av \d+ \(\d+\u00a0%\)$/m); // the area's reach (issue 19)
    const lines = text.split("\n");
    const school = lines.indexOf("Grundskolan Centrum");
    const preschool = lines.indexOf("Förskolan Centrum");
    expect(school).toBeGreaterThan(-1);
    expect(school).toBeLessThan(preschool); // Grundskolan has the lower share: first
  });

  it("members and people who lead nothing get no summary", async () => {
    expect(cardsFor("P000020")).toHaveLength(0);
  });

  it("an employee asking for `resultat` is told it is for leaders and sees no unit", async () => {
    const before = app.connector.sent.length;
    await app.post(message(users.get("P000020")!, app.serviceUrl, "resultat"));
    const sent = app.connector.sent.slice(before);
    expect(sent).toHaveLength(1);
    const text = cardText(sent[0]!.activity.attachments[0].content);
    expect(text).toContain("Resultat visas för chefer, skyddsombud och hr-partner");
    expect(text).not.toMatch(/Centrum|svar\b|%/);
  });

  it("a manager asking for `resultat` gets the same summary again, and it is audited", async () => {
    const before = app.connector.sent.length;
    await app.post(message(users.get("P000004")!, app.serviceUrl, "resultat"));
    const text = app.connector.sent
      .slice(before)
      .map((s) => cardText(s.activity.attachments[0].content))
      .join("\n");
    expect(text).toContain("Pulsresultat: Förskolan Centrum");
    const audits = await app.db.auditEvent.findMany({ where: { actorId: "P000004", action: "aggregate.unitSummary" } });
    expect(audits.map((a) => `${a.subjectId} ${JSON.parse(a.detail).via}`).sort()).toEqual(["U1.1.1 command", "U1.1.1 proactive"]);
    expect(audits.every((a) => !/"value"|"counts"|share/.test(a.detail))).toBe(true);
  });

  it("ticking again sends nothing twice", async () => {
    const before = app.connector.sent.length;
    const again = await tick("2026-11-26T09:00:00Z");
    expect(again.jobs["pulse.summarize"]).toEqual({ built: 0, summaries: 0 });
    expect(app.connector.sent.length).toBe(before);
  }, 240_000);

  it("no card sent by the bot ever carries an individual answer or the list of who answered", async () => {
    const everything = JSON.stringify(app.connector.sent.map((s) => s.activity));
    for (const id of answers.keys()) expect(everything).not.toContain(id);
    expect(app.rawLogs.join("\n")).not.toMatch(/"value":\s*\d|"answers"/);
  });

  it("targets set with the CLI appear as progress in the next summary", async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "targets", "set", "U0", "2026=+2", "2027=+3", "2028=+3"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: app.databaseUrl, LOG_LEVEL: "silent" },
    });
    expect(stdout).toContain("baseline 2025");
    const before = app.connector.sent.length;
    await app.post(message(users.get("P000004")!, app.serviceUrl, "resultat"));
    const text = app.connector.sent
      .slice(before)
      .map((s) => cardText(s.activity.attachments[0].content))
      .join("\n");
    expect(text).toContain("Mål 2026");
    expect(text).toContain("inget redovisat resultat för 2025");
  }, 240_000);

  it("two weeks later: one preschool member skips, so the preschool is withheld; the school shows its trend as a chart", async () => {
    await tick("2026-12-07T08:00:30Z");
    const second = await app.db.pulse.findFirstOrThrow({ where: { id: { not: pulseId } } });
    const skipper = (
      await app.db.assignment.findFirstOrThrow({ where: { role: "member", unitId: "U1.1.1", personId: { not: "P000005" } }, orderBy: { personId: "asc" } })
    ).personId;
    await answerAll(second.id, (personId) => personId !== skipper);
    const sentBefore = cardsFor("P000004").length;
    const closed = await tick("2026-12-10T08:00:10Z");
    expect(closed.jobs["pulse.summarize"].built).toBe(1);

    // The preschool: 19 of the same 20. Its figure minus last time's would be about one person.
    const preschool = cardsFor("P000004").slice(sentBefore);
    expect(preschool).toHaveLength(1);
    const text = cardText(preschool[0]!);
    // The reason says it protects others, not that someone came or went (issue 14).
    expect(text).toContain("Visas inte, så att ingen kan räkna fram enskildas svar genom att jämföra med andra siffror.");
    expect(text).not.toMatch(/\b19 svar|sedan sist|fallit bort|tillkommit|▲|▼/);
    // The withheld pulse keeps its place in the trend, saying why in a few words.
    expect(text).toMatch(/^23 nov\. 2026: \d+\s% \(20 av 20 svarade\)\n7 dec\. 2026: visas inte, skyddar enskilda$/m);
    // Its members hear that there is no figure this time.
    const member = memberCardsFor("P000020").at(-1)!;
    expect(cardText(member)).toContain("Resultatet visas inte den här gången, så att ingen kan räkna fram enskildas svar.");
    expect(cardText(member)).not.toMatch(/%/);

    // The school: the same 13 answered both times: shown, with a two-point trend.
    const school = cardsFor("P000025")
      .filter((c) => cardText(c).startsWith("Pulsresultat: Grundskolan"))
      .at(-1)!;
    const chart = JSON.stringify(school);
    expect(chart).toContain('"type":"Chart.Line"');
    expect(chart).toMatch(/"fallback":\{"type":"Container"/); // Chart.Line has an iOS bug: always a fallback
    const line = findElement(school, "Chart.Line")!;
    expect(line.data[0].values).toHaveLength(2);
    // Time on x (weeks: the pulses are two weeks apart), per cent on y.
    expect(line.data[0].values.map((v: { x: number }) => v.x)).toEqual([0, 2]);
    expect(line).toMatchObject({ yMin: 0, yMax: 100, yAxisTitle: "Andel Bra eller Mycket bra (%)", xAxisTitle: "Veckor från 23 nov. 2026" });
    // The fallback says the same in text, with participation.
    expect(cardText(line.fallback)).toMatch(/^23 nov\. 2026: \d+\s% \(13 av 13 svarade\)\n7 dec\. 2026: \d+\s% \(13 av 13 svarade\)$/);
    // The change since the last pulse, beside the headline.
    expect(cardText(school)).toMatch(/^(▲ \d+ procentenhete?r?|▼ \d+ procentenhete?r?|Oförändrat) sedan 23 nov\. 2026$/m);
    // A small unit (13): no bar of one or two people anywhere.
    expect(cardText(school)).not.toMatch(/^[12] \(/m);

    // The same card in English for the school's skyddsombud.
    const english = cardsFor("P000028").at(-1)!;
    const en = cardText(english);
    expect(en).toContain("Pulse results: Grundskolan Centrum");
    expect(en).toMatch(/^\d+% answered Good or Very good$/m);
    expect(en).toMatch(/^13 of 13 answered$/m);
    expect(en).toMatch(/^(▲ \d+ percentage points?|▼ \d+ percentage points?|Unchanged) since 23 Nov 2026$/m);
    expect(en).not.toMatch(/^[12] \(/m);
    const enLine = findElement(english, "Chart.Line")!;
    expect(enLine).toMatchObject({ yMin: 0, yMax: 100, yAxisTitle: "Share Good or Very good (%)", xAxisTitle: "Weeks from 23 Nov 2026" });
    expect(cardText(enLine.fallback)).toMatch(/^23 Nov 2026: \d+% \(13 of 13 answered\)\n7 Dec 2026: \d+% \(13 of 13 answered\)$/);
    expect(findAll(english, (n) => n.type === "ColumnSet" && n.minHeight === "8px").length).toBeGreaterThan(0);
    expect(validateAdaptiveCard(english).filter((p) => !/Chart\.Line/.test(p))).toEqual([]);
    expect(validateAdaptiveCard(school).filter((p) => !/Chart\.Line/.test(p))).toEqual([]);

    // The förvaltning still equals its two schools, one of them withheld now: the difference rule
    // must keep U1 (33) from showing next to Grundskolan (13), or U1 − school = the preschool.
    const cells = await app.db.pulseCell.findMany({
      where: { pulseId: second.id, questionId: "self_rated_health", unitId: { in: ["U1", "U1.1.1", "U1.2.1"] } },
      orderBy: { unitId: "asc" },
    });
    const shown = cells.filter((c) => c.released).map((c) => c.unitId);
    // "N av M svarade" follows the cell: the invited count is stored with released cells only.
    const all = await app.db.pulseCell.findMany({ where: { pulseId: second.id } });
    expect(all.filter((c) => !c.released).every((c) => c.invited === null && c.respondents === null)).toBe(true);
    expect(all.filter((c) => c.released).every((c) => c.invited !== null && c.invited >= c.respondents!)).toBe(true);
    expect(shown).not.toEqual(expect.arrayContaining(["U1", "U1.2.1"]));
  }, 240_000);
});

function findAll(node: unknown, pred: (n: Record<string, any>) => boolean, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, pred, out));
  else if (node && typeof node === "object") {
    if (pred(node as Record<string, any>)) out.push(node as Record<string, any>);
    Object.values(node).forEach((n) => findAll(n, pred, out));
  }
  return out;
}

function findElement(node: unknown, type: string): any {
  if (Array.isArray(node)) return node.map((n) => findElement(n, type)).find(Boolean);
  if (!node || typeof node !== "object") return undefined;
  if ((node as { type?: string }).type === type) return node;
  return Object.values(node)
    .map((n) => findElement(n, type))
    .find(Boolean);
}
