// `mina uppgifter` / `my data` over /api/messages with the fake connector: the person gets their
// own extract in their 1:1 chat only — a summary card, then the document in text parts — holding
// their own answers and nobody else's data; audited; never in a group chat; nothing in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { MANAGER, MEMBERS, SECRET, emailOf, nameOf, seedRecords } from "./seed-records.js";
import { MAX_PART_CHARS, packParts } from "../../src/teams/commands/my-data.js";

const NOW = new Date(Date.now() - (Date.now() % 60_000));
let app: TestApp;
const users = new Map<string, TeamsUser>();

beforeAll(async () => {
  app = await startTestApp({ env: { ANSWER_TOKEN_SECRET: SECRET, SCHEDULER_ENABLED: "false" } });
  await seedRecords(app.db, NOW);
  await app.db.person.update({ where: { id: "P-bo" }, data: { locale: "en-US" } });
  for (const id of [...MEMBERS, MANAGER]) {
    const person = await app.db.person.findUniqueOrThrow({ where: { id } });
    users.set(id, teamsUser({ aadObjectId: person.aadObjectId!, locale: person.locale, name: person.displayName }));
  }
}, 60_000);
afterAll(async () => app?.stop());

const texts = (user: TeamsUser) =>
  app.connector
    .sentTo(user.conversationId)
    .map((s) => s.activity.text)
    .filter((t): t is string => typeof t === "string");

describe("mina uppgifter / my data", () => {
  it("sends Anna a summary card and her whole extract, with her answers and nobody else's data, and audits it", async () => {
    const anna = users.get("P-anna")!;
    expect((await app.post(message(anna, app.serviceUrl, "Mina uppgifter"))).status).toBe(200);
    const [card] = app.connector.cardsTo(anna.conversationId);
    expect(validateAdaptiveCard(card!)).toEqual([]);
    const summary = cardText(card!);
    expect(summary).toContain("Dina uppgifter i Friskpuls");
    expect(summary).toContain("Pulser: 2 (dina svar: 4)");
    expect(summary).toContain("Sjukfrånvarotillfällen: 2");
    const document = texts(anna).join("\n");
    expect(document).toContain("**Registerutdrag från Friskpuls**");
    expect(document).toContain("Hur bedömer du ditt allmänna hälsotillstånd? – ditt svar: Mycket bra");
    expect(document).toContain("2026-03-02 – 2026-03-03");
    for (const other of [...MEMBERS, MANAGER].filter((id) => id !== "P-anna")) {
      const everything = JSON.stringify(app.connector.sentTo(anna.conversationId));
      expect(everything).not.toContain(nameOf(other));
      expect(everything).not.toContain(emailOf(other));
      expect(everything).not.toContain(other);
    }
    const events = await app.db.auditEvent.findMany({ where: { action: "person.export" } });
    expect(events).toEqual([expect.objectContaining({ actorId: "P-anna", subjectId: "P-anna" })]);
    expect(JSON.parse(events[0]!.detail)).toEqual({ via: "chat", formats: ["markdown"] });
  });

  it("answers Bo in English to my data, with his own answers", async () => {
    const bo = users.get("P-bo")!;
    await app.post(message(bo, app.serviceUrl, "my data"));
    expect(cardText(app.connector.cardsTo(bo.conversationId)[0]!)).toContain("Your data in Friskpuls");
    const document = texts(bo).join("\n");
    expect(document).toContain("**Register extract from Friskpuls**");
    expect(document).toContain("How would you rate your general state of health? – your answer: Good");
    expect(document).not.toContain(nameOf("P-anna"));
  });

  it("never sends an extract into a group chat, and tells someone outside the org data there is none", async () => {
    const cecilia = users.get("P-cecilia")!;
    const inGroup = message(cecilia, app.serviceUrl, "mina uppgifter");
    (inGroup.conversation as { conversationType: string }).conversationType = "groupChat";
    await app.post(inGroup);
    const sent = app.connector.sentTo(cecilia.conversationId);
    expect(sent).toHaveLength(1);
    expect(cardText(sent[0]!.activity.attachments[0].content)).toContain("bara i din egen chatt");
    expect(JSON.stringify(sent)).not.toContain("Registerutdrag från");

    const stranger = teamsUser();
    await app.post(message(stranger, app.serviceUrl, "mina uppgifter"));
    expect(cardText(app.connector.cardsTo(stranger.conversationId)[0]!)).toContain("Du finns inte i organisationens personaldata");
    expect(await app.db.auditEvent.count({ where: { action: "person.export" } })).toBe(2); // Anna's and Bo's only
  });

  it("audits a manager's look at cases (each case, for the person it is about) and at a unit's profile", async () => {
    const maria = users.get(MANAGER)!;
    await app.post(message(maria, app.serviceUrl, "ärenden"));
    await app.post(message(maria, app.serviceUrl, "friskfaktorer"));
    const views = await app.db.auditEvent.findMany({ where: { actorId: MANAGER, action: { in: ["case.view", "aggregate.hfProfile"] } } });
    const cases = await app.db.nudgeCase.findMany({ select: { id: true } });
    expect(
      views
        .filter((v) => v.action === "case.view")
        .map((v) => v.subjectId)
        .sort(),
    ).toEqual(cases.map((c) => c.id).sort());
    expect(views.filter((v) => v.action === "aggregate.hfProfile").map((v) => [v.subjectType, v.subjectId, JSON.parse(v.detail).via])).toEqual([
      ["unit", "U1", "command"],
    ]);
    // Bo's next extract shows that his case was looked at (by whom is the employer's log, not his extract).
    const bo = users.get("P-bo")!;
    const before = app.connector.sentTo(bo.conversationId).length;
    await app.post(message(bo, app.serviceUrl, "my data"));
    const document = app.connector
      .sentTo(bo.conversationId)
      .slice(before)
      .map((s) => s.activity.text ?? "")
      .join("\n");
    expect(document).toContain("case.view (about you)");
    expect(document).not.toContain(nameOf(MANAGER));
  });

  it("logged which command ran, never what the extract held", () => {
    const log = app.rawLogs.join("\n");
    expect(log).toContain('"command":"myData"');
    for (const word of ["Mycket bra", "2026-03-02", "self_rated_health", "Registerutdrag", ...MEMBERS.map(nameOf), ...MEMBERS.map(emailOf)])
      expect(log).not.toContain(word);
  });
});

describe("packParts", () => {
  it("keeps every line, in order, in parts no longer than the limit", () => {
    const sections = ["a".repeat(50), Array.from({ length: 40 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n"), "b".repeat(30)];
    const parts = packParts(sections, 200);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
    expect(parts.join("\n").replace(/\n+/g, "\n")).toBe(sections.join("\n"));
    expect(packParts(["short", "also short"], MAX_PART_CHARS)).toEqual(["short\n\nalso short"]);
  });
});
