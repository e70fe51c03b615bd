// Issue 16, "Cases written for the person who reads them": every card read as Teams receives it
// (POSTs to /api/messages, the fake connector), in Swedish and English, text and structure.
//
//   U0 Kommunen (HR-partner hr) ─ U1 Skolan: chef1, skyddsombud so1, members m1 (sv), m2 (en), m3, m4
//
// Before Monday 2026-11-23 09:00 (Europe/Stockholm): chef1 has two cases opened 15 days earlier and
// already told (m3's omtankessamtal, Skolan's falling pulse); so1 has their copy of the falling pulse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildCase, buildPerson, buildPulse, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { ConfigError, loadConfig } from "../../src/config.js";

type Node = Record<string, any>;

/** Cards the tests below received, to draw at 360 px at the end. */
const drawn: [string, Node][] = [];
/** Only what this work adds to the pulse card (the pulse card's own layout is drawn by its own tests). */
const part = (card: Node, id: string) => ({
  type: "AdaptiveCard",
  version: "1.5",
  body: (card.body as Node[]).filter((b) => JSON.stringify(b).includes(`"id":"${id}"`)),
});

const SUPPORT_ENV = {
  SUPPORT_OCCUPATIONAL_HEALTH: "Feelgood, 010-123 45 67",
  SUPPORT_OCCUPATIONAL_HEALTH_URL: "https://fhv.example.se/boka",
  SUPPORT_HR: "HR-servicecenter, 08-123 456 00",
};

/** Every node of a card (depth first), to find actions, inputs and containers by what they are. */
function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== "object" || n === null) return;
    out.push(n as Node);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}
const actionsOf = (card: unknown, type: string) => nodes(card).filter((n) => n.type === type);
/** The case containers of a cases card (each has a bold headline), in order. */
const caseBlocks = (card: Node) => (card.body as Node[]).filter((b) => b.type === "Container" && b.items?.some((i: Node) => i.weight === "Bolder" && i.text));
const blockOf = (card: Node, headline: string) => caseBlocks(card).find((b) => b.items.some((i: Node) => i.text === headline))!;
const headlines = (card: Node) => caseBlocks(card).map((b) => b.items.find((i: Node) => i.weight === "Bolder" && !i.color).text as string);

describe("cases written for the person who reads them", () => {
  const clock = manualClock("2026-11-23T07:30:00Z");
  let app: TestApp;
  const users = new Map<string, TeamsUser>();
  let pulseId = "";
  const opened = new Date("2026-11-08T08:00:00Z");

  const post = async (key: string, activity: unknown) => {
    const res = await app.post(activity);
    expect(res.status, key).toBe(200);
    return res.body?.value as Node;
  };
  const press = (key: string, verb: string, data: Record<string, unknown>) => post(key, cardAction(users.get(key)!, app.serviceUrl, verb, { verb, ...data }));
  const say = async (key: string, text: string) => {
    const before = app.connector.sent.length;
    await post(key, message(users.get(key)!, app.serviceUrl, text));
    const sent = app.connector.sent.slice(before).filter((s) => s.conversationId === users.get(key)!.conversationId);
    return {
      cards: sent.flatMap((s) => (s.activity.attachments ?? []).map((a: Node) => a.content as Node)),
      text: sent.map((s) => s.activity.text ?? "").join("\n"),
    };
  };
  const caseCards = (key: string) => app.connector.cardsTo(users.get(key)!.conversationId).filter((c) => /Tidiga signaler|Early signals/.test(cardText(c)));
  const tick = (iso: string) => tickInProcess(app.databaseUrl, iso, SUPPORT_ENV);

  beforeAll(async () => {
    app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false", ...SUPPORT_ENV } });
    await buildUnit(app.db, { id: "U0", name: "Kommunen" });
    await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
    const people: [string, string, string, "member" | "manager" | "safety_rep" | "hr_partner", string][] = [
      ["hr", "Hanna HR", "U0", "hr_partner", "sv-SE"],
      ["chef1", "Cecilia Chef", "U1", "manager", "sv-SE"],
      ["so1", "Sune Skyddsombud", "U1", "safety_rep", "sv-SE"],
      ["m1", "Maja Medarbetare", "U1", "member", "sv-SE"],
      ["m2", "Mike Member", "U1", "member", "en-US"],
      ["m3", "Mats Medarbetare", "U1", "member", "sv-SE"],
      ["m4", "Mona Medarbetare", "U1", "member", "sv-SE"],
    ];
    for (const [key, name, unit, role, locale] of people) {
      const person = await buildPerson(app.db, { id: `P-${key}`, displayName: name, email: `${key}@exempelkommun.se`, locale });
      await assignRole(app.db, person.id, unit, role);
      const user = teamsUser({ aadObjectId: person.aadObjectId!, name, locale });
      await app.post(botAdded(user, app.serviceUrl));
      users.set(key, user);
    }
    const pulse = await buildPulse(app.db, { unitId: "U1", dueAt: new Date("2026-11-23T07:00:00Z") });
    pulseId = pulse.id;
    await app.db.pulseRecipient.createMany({
      data: ["m1", "m2", "m3", "m4"].map((k) => ({ pulseId, personId: `P-${k}`, unitIds: JSON.stringify(["U1"]) })),
    });
    const told = { notifiedAt: new Date("2026-11-09T08:00:00Z") };
    const sick = await buildCase(app.db, { unitId: "U1", ownerId: "P-chef1", openedAt: opened, signal: "short_sick_leave", subjectPersonId: "P-m3" });
    const detail = { pulseId: "p-old", latestPct: 50, baselinePct: 88, weakestFactor: null };
    const fall = await buildCase(app.db, {
      unitId: "U1",
      ownerId: "P-chef1",
      openedAt: opened,
      signal: "falling_pulse",
      detail: { ...detail, ownerRole: "manager" },
    });
    const soCopy = await buildCase(app.db, {
      unitId: "U1",
      ownerId: "P-so1",
      openedAt: opened,
      signal: "falling_pulse",
      openKey: "falling_pulse:U1:P-so1",
      detail: { ...detail, ownerRole: "safety_rep" },
    });
    await app.db.nudgeCase.updateMany({ where: { id: { in: [sick.id, fall.id, soCopy.id] } }, data: told });
  }, 120_000);

  afterAll(async () => app?.stop());

  it("after Dåligt or Mycket dåligt the answer's card offers the employer's support from configuration — only then, in sv and en", async () => {
    clock.set("2026-11-23T07:40:00Z");
    const poor = await press("m1", "pulse.answer", { pulseId, questionId: "self_rated_health", value: 4 });
    expect(validateAdaptiveCard(poor)).toEqual([]);
    drawn.push(["support sv", part(poor, "support")]);
    const support = nodes(poor).find((n) => n.id === "support")!;
    expect(support).toBeDefined();
    const text = cardText(support);
    expect(text).toContain("Stöd från din arbetsgivare");
    expect(text).toContain("Företagshälsovården: Feelgood, 010-123 45 67");
    expect(text).toContain("HR: HR-servicecenter, 08-123 456 00");
    expect(text).not.toContain("EAP"); // not configured: not offered
    expect(text).toContain("Det här ser bara du.");
    expect(actionsOf(support, "Action.OpenUrl").map((a) => [a.title, a.url])).toEqual([["Företagshälsovården", "https://fhv.example.se/boka"]]);
    // The block sits in the card the person already has, before its footer, after their answer.
    expect(cardText(poor)).toMatch(/Ditt svar: Dåligt[\s\S]*Stöd från din arbetsgivare/);

    const good = await press("m1", "pulse.answer", { pulseId, questionId: "self_rated_health", value: 2 });
    expect(nodes(good).some((n) => n.id === "support")).toBe(false);
    expect(cardText(good)).not.toContain("Stöd från din arbetsgivare");
    expect(nodes(await press("m3", "pulse.answer", { pulseId, questionId: "self_rated_health", value: 3 })).some((n) => n.id === "support")).toBe(false);

    const en = await press("m2", "pulse.answer", { pulseId, questionId: "self_rated_health", value: 5 });
    expect(validateAdaptiveCard(en)).toEqual([]);
    const enText = cardText(nodes(en).find((n) => n.id === "support")!);
    expect(enText).toContain("Support from your employer");
    expect(enText).toContain("Occupational health service: Feelgood, 010-123 45 67");
    expect(enText).toContain("Only you see this.");
    // Nothing about it in the log: no value, no person.
    expect(app.rawLogs.join("\n")).not.toContain("Feelgood");
  });

  it("a contact request says when the chef will hear of it: today, once told, or the next working morning (sv, en)", async () => {
    clock.set("2026-11-23T08:00:00Z"); // Monday 09:00: chef1 has had no case card today
    const asked = await press("m1", "pulse.contact", { pulseId, wanted: true });
    expect(validateAdaptiveCard(asked)).toEqual([]);
    const timing = nodes(asked).find((n) => n.id === "contactTiming")!;
    expect(timing.text).toBe("Din chef får veta det i dag.");
    // Next to the button it is about.
    const contact = (asked.body as Node[]).find((b) => JSON.stringify(b).includes('"verb":"pulse.contact"'))!;
    expect(contact.items.some((i: Node) => i.id === "contactTiming")).toBe(true);

    await tick("2026-11-23T08:00:30Z");
    clock.set("2026-11-23T08:05:00Z");
    expect(nodes(await press("m1", "pulse.contact", { pulseId, wanted: true })).find((n) => n.id === "contactTiming")!.text).toBe(
      "Din chef har fått veta det.",
    );
    // chef1's card for today has gone: the next request is told on Tuesday morning.
    const en = await press("m2", "pulse.contact", { pulseId, wanted: true });
    expect(nodes(en).find((n) => n.id === "contactTiming")!.text).toBe("Your manager will hear of it on Tuesday 24 November from 08:00.");
    const sv = await press("m4", "pulse.contact", { pulseId, wanted: true });
    drawn.push(["contact sv", part(sv, "contactTiming")]);
    expect(nodes(sv).find((n) => n.id === "contactTiming")!.text).toBe("Din chef får veta det tisdag 24 november från kl. 08:00.");
    // Changing an answer keeps the line (and, after Mycket dåligt, the support beside it).
    const changed = await press("m4", "pulse.answer", { pulseId, questionId: "self_rated_health", value: 5 });
    expect(nodes(changed).find((n) => n.id === "contactTiming")!.text).toBe("Din chef får veta det tisdag 24 november från kl. 08:00.");
    expect(nodes(changed).some((n) => n.id === "support")).toBe(true);
    // Withdrawn (not yet told): no line.
    const withdrawn = await press("m4", "pulse.contact", { pulseId, wanted: false });
    expect(nodes(withdrawn).some((n) => n.id === "contactTiming")).toBe(false);
    await press("m4", "pulse.contact", { pulseId, wanted: true });
  }, 120_000);

  it("the chef's card: new things counted in the right plural, contact requests first, a chat link to the person", async () => {
    const first = caseCards("chef1");
    expect(first).toHaveLength(1);
    expect(validateAdaptiveCard(first[0]!)).toEqual([]);
    expect(cardText(first[0]!)).toContain("Friskpuls har sett 1 ny sak som kan behöva din uppmärksamhet.");
    const chat = actionsOf(blockOf(first[0]!, "Maja Medarbetare vill att du hör av dig"), "Action.OpenUrl");
    expect(chat.map((a) => [a.title, a.url])).toEqual([
      ["Skriv till Maja Medarbetare i Teams", "https://teams.microsoft.com/l/chat/0/0?users=m1@exempelkommun.se"],
    ]);

    await tick("2026-11-24T07:00:30Z"); // Tuesday 08:00
    const second = caseCards("chef1").at(-1)!;
    expect(cardText(second)).toContain("Friskpuls har sett 2 nya saker som kan behöva din uppmärksamhet.");
    expect(headlines(second).sort()).toEqual(["Mike Member vill att du hör av dig", "Mona Medarbetare vill att du hör av dig"]);
    clock.set("2026-11-24T07:05:00Z");

    // `ärenden`: every open case, contact requests before the older omtankessamtal and the unit's case.
    const { cards } = await say("chef1", "ärenden");
    expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
    drawn.push(["chef sv", cards[0]!]);
    expect(headlines(cards[0]!)).toEqual([
      "Maja Medarbetare vill att du hör av dig",
      "Mike Member vill att du hör av dig",
      "Mona Medarbetare vill att du hör av dig",
      "Omtankessamtal: Mats Medarbetare",
      "Pulsen sjunker: Skolan",
    ]);
    expect(cardText(cards[0]!)).toContain("Ta upp det på nästa APT tillsammans med skyddsombudet.");
    expect(cardText(cards[0]!)).toContain("går till HR-partnern");
    // Reasons that fit: "Personen har slutat" on a case about a person, never on the unit's case.
    const reasons = (headline: string) =>
      nodes(blockOf(cards[0]!, headline))
        .filter((n) => n.type === "Input.ChoiceSet")
        .flatMap((n) => n.choices.map((c: Node) => c.value));
    expect(reasons("Omtankessamtal: Mats Medarbetare")).toContain("left_unit");
    expect(reasons("Pulsen sjunker: Skolan")).toEqual(["handled_elsewhere", "known_cause", "other"]);
    expect(actionsOf(blockOf(cards[0]!, "Pulsen sjunker: Skolan"), "Action.OpenUrl")).toEqual([]); // nobody to chat with

    await app.db.person.update({ where: { id: "P-chef1" }, data: { locale: "en-US" } });
    const english = (await say("chef1", "cases")).cards[0]!;
    expect(headlines(english).slice(0, 3)).toEqual([
      "Maja Medarbetare would like you to get in touch",
      "Mike Member would like you to get in touch",
      "Mona Medarbetare would like you to get in touch",
    ]);
    expect(cardText(english)).toContain("Chat with Mike Member in Teams");
    drawn.push(["chef en", english]);
    await app.db.person.update({ where: { id: "P-chef1" }, data: { locale: "sv-SE" } });
  }, 240_000);

  it("`ärenden` works for a skyddsombud: only their copy of the unit's case, written for them (sv, en)", async () => {
    const { cards, text } = await say("so1", "ärenden");
    expect(text).not.toContain("förstod inte");
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(validateAdaptiveCard(card)).toEqual([]);
    drawn.push(["skyddsombud sv", card]);
    const all = cardText(card);
    expect(headlines(card)).toEqual(["Pulsen sjunker: Skolan"]);
    expect(all).toContain("Ta upp det på nästa APT tillsammans med chefen.");
    expect(all).not.toContain("tillsammans med skyddsombudet");
    expect(all).toContain("Ditt exemplar går inte vidare till HR-partnern.");
    expect(all).not.toContain("efter 14 dagar går till HR-partnern");
    expect(all).not.toMatch(/Sjukfrånvaro|Omtankessamtal|Maja|Mike|Mats|Mona/); // nothing about a person
    expect(
      nodes(card)
        .filter((n) => n.type === "Input.ChoiceSet")
        .flatMap((n) => n.choices.map((c: Node) => c.value)),
    ).not.toContain("left_unit");

    // A reason that does not fit the case is refused even when forged; one that fits closes it.
    const soCase = await app.db.nudgeCase.findFirstOrThrow({ where: { ownerId: "P-so1" } });
    const forged = await press("so1", "nudge.dismiss", { caseId: soCase.id, slot: 0, caseIds: [soCase.id], reason_0: "left_unit" });
    expect(cardText(forged)).toContain("Välj ett av skälen. Inget har ändrats.");
    expect((await app.db.nudgeCase.findUniqueOrThrow({ where: { id: soCase.id } })).status).toBe("open");

    await app.db.person.update({ where: { id: "P-so1" }, data: { locale: "en-US" } });
    const en = (await say("so1", "cases")).cards[0]!;
    expect(cardText(en)).toContain("Raise it at the next workplace meeting (APT) together with the manager.");
    expect(cardText(en)).toContain("Your copy does not go on to the HR partner.");
    await app.db.person.update({ where: { id: "P-so1" }, data: { locale: "sv-SE" } });
  });

  it("the HR partner's escalation card names the chef and the case's age, never 'new', with buttons that do what it asks", async () => {
    const cards = caseCards("hr");
    expect(cards).toHaveLength(1); // Monday's, with both lapsed cases; not the skyddsombud's copy
    const card = cards[0]!;
    expect(validateAdaptiveCard(card)).toEqual([]);
    drawn.push(["HR sv", card]);
    const text = cardText(card);
    expect(text).toContain("2 ärenden har varken planerats eller genomförts på 14 dagar och har därför kommit till dig som HR-partner.");
    expect(text).not.toMatch(/\bny(a)?\b|ny sak/);
    expect(text).toContain("Inte hanterade på 14 dagar");
    expect(headlines(card)).toEqual(["Omtankessamtal: Mats Medarbetare", "Pulsen sjunker: Skolan"]);
    for (const h of headlines(card)) {
      const block = blockOf(card, h);
      expect(cardText(block)).toContain("Chef: Cecilia Chef · öppet i 15 dagar");
      // What it asks for: get in touch with the chef (a chat link), or mark what is done (the case's verbs).
      expect(actionsOf(block, "Action.OpenUrl").map((a) => [a.title, a.url])).toEqual([
        ["Skriv till Cecilia Chef i Teams", "https://teams.microsoft.com/l/chat/0/0?users=chef1@exempelkommun.se"],
      ]);
      const verbs = actionsOf(block, "Action.Execute").map((a) => a.verb);
      expect(verbs.sort()).toEqual(["nudge.dismiss", "nudge.done", "nudge.plan"]);
      for (const a of actionsOf(block, "Action.Execute")) expect(a.fallback).toMatchObject({ type: "Action.Submit", data: a.data });
      expect(cardText(block)).not.toContain("Överväg ett omtankessamtal"); // the chef's suggestion is the chef's
    }
    expect(
      nodes(blockOf(card, "Pulsen sjunker: Skolan"))
        .find((n) => n.type === "Input.ChoiceSet")!
        .choices.map((c: Node) => c.value),
    ).not.toContain("left_unit");

    // In English, through `cases`.
    await app.db.person.update({ where: { id: "P-hr" }, data: { locale: "en-US" } });
    const en = (await say("hr", "cases")).cards[0]!;
    expect(validateAdaptiveCard(en)).toEqual([]);
    drawn.push(["HR en", en]);
    expect(cardText(en)).toContain("2 cases have been neither planned nor done for 14 days, so they have come to you as HR partner.");
    expect(cardText(en)).toContain("Not handled for 14 days");
    expect(cardText(en)).toContain("Manager: Cecilia Chef · open for 15 days");
    expect(cardText(en)).toContain("Chat with Cecilia Chef in Teams");
    expect(cardText(en)).not.toMatch(/\bnew\b/);
    await app.db.person.update({ where: { id: "P-hr" }, data: { locale: "sv-SE" } });

    // Pressing them works: "Genomfört" on the omtankessamtal, straight from the card's own data.
    const done = actionsOf(blockOf(card, "Omtankessamtal: Mats Medarbetare"), "Action.Execute").find((a) => a.verb === "nudge.done")!;
    const after = await press("hr", "nudge.done", done.data);
    expect(validateAdaptiveCard(after)).toEqual([]);
    expect(cardText(after)).toContain("Sparat: genomfört.");
    expect(cardText(after)).toContain("Genomfört – tack!");
    const sick = await app.db.nudgeCase.findFirstOrThrow({ where: { signal: "short_sick_leave" } });
    expect(sick.status).toBe("done");
    const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: "case.status", subjectId: sick.id } });
    expect([audit.actorId, JSON.parse(audit.detail)]).toEqual(["P-hr", { status: "done", as: "hr_partner" }]);

    // "Inte aktuellt" on the unit's case, with the reason picked in the card's own input.
    const fall = blockOf(card, "Pulsen sjunker: Skolan");
    const dismiss = actionsOf(fall, "Action.Execute").find((a) => a.verb === "nudge.dismiss")!;
    const input = nodes(fall).find((n) => n.type === "Input.ChoiceSet")!;
    const dismissed = await press("hr", "nudge.dismiss", { ...dismiss.data, [input.id]: "known_cause" });
    expect(cardText(dismissed)).toContain("Inte aktuellt: Känd orsak, inget att följa upp");
    expect((await app.db.nudgeCase.findFirstOrThrow({ where: { signal: "falling_pulse", ownerId: "P-chef1" } })).status).toBe("not_relevant");

    // Not escalated (the chef's fresh contact requests): the HR partner cannot touch them.
    const fresh = await app.db.nudgeCase.findFirstOrThrow({ where: { signal: "contact_request", subjectPersonId: "P-m1" } });
    const refused = await press("hr", "nudge.done", { caseId: fresh.id, caseIds: [fresh.id] });
    expect(cardText(refused)).toContain("Det här ärendet är inte ditt. Inget har ändrats.");
    expect((await app.db.nudgeCase.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("open");
  }, 120_000);

  itAtWidth(
    "every one of these cards fits a 360 px phone: nothing cut off, nothing past the edge",
    async () => {
      expect(drawn.map(([name]) => name)).toEqual(["support sv", "contact sv", "chef sv", "chef en", "skyddsombud sv", "HR sv", "HR en"]);
      for (const [name, card] of drawn) {
        expect(card.body.length, name).toBeGreaterThan(0);
        expect((await renderCardAt(card, { width: 360 })).problems, name).toEqual([]);
        // What a button opens (a date, the reasons) must fit too.
        for (const shown of actionsOf(card, "Action.ShowCard"))
          expect((await renderCardAt({ ...shown.card, version: "1.5" }, { width: 360 })).problems, `${name}: ${shown.title}`).toEqual([]);
      }
    },
    120_000,
  );
});

describe("support after a poor answer, not configured", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ clock: manualClock("2026-11-23T08:00:00Z"), env: { SCHEDULER_ENABLED: "false" } });
  }, 60_000);
  afterAll(async () => app?.stop());

  it("shows the line about HR (sv, en) and no buttons", async () => {
    await buildUnit(app.db, { id: "U1", name: "Skolan" });
    const pulse = await buildPulse(app.db, { unitId: "U1", dueAt: new Date("2026-11-23T07:00:00Z") });
    for (const [key, locale, expected] of [
      ["sv", "sv-SE", "Om du vill prata med någon om hur du mår kan du alltid vända dig till HR eller till din chef."],
      ["en", "en-US", "If you would like to talk to someone about how you are, you can always turn to HR or to your manager."],
    ] as const) {
      const person = await buildPerson(app.db, { id: `P-${key}`, locale });
      await assignRole(app.db, person.id, "U1", "member");
      await app.db.pulseRecipient.create({ data: { pulseId: pulse.id, personId: person.id, unitIds: JSON.stringify(["U1"]) } });
      const user = teamsUser({ aadObjectId: person.aadObjectId!, locale });
      await app.post(botAdded(user, app.serviceUrl));
      const res = await app.post(
        cardAction(user, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId: pulse.id, questionId: "self_rated_health", value: 5 }),
      );
      const card = res.body.value as Node;
      expect(validateAdaptiveCard(card)).toEqual([]);
      const support = nodes(card).find((n) => n.id === "support")!;
      expect(cardText(support)).toContain(expected);
      expect(actionsOf(support, "Action.OpenUrl")).toEqual([]);
    }
  });

  it("refuses support settings that are not what they should be", () => {
    const load = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: "test", DATABASE_URL: "file:./x.db", ...env });
    expect(load({ SUPPORT_HR_URL: "http://intranat.example.se/hr" })).toThrow(ConfigError);
    expect(load({ SUPPORT_HR_URL: "http://intranat.example.se/hr" })).toThrow(/SUPPORT_HR_URL: must be an https:\/\/ address/);
    expect(load({ SUPPORT_EAP: "x".repeat(201) })).toThrow(/SUPPORT_EAP: must be at most 200 characters/);
    expect(load({ SUPPORT_EAP: "Falck, 020-12 34 56", SUPPORT_HR_URL: "https://intranat.example.se/hr" })().support).toEqual({
      eap: { text: "Falck, 020-12 34 56", url: undefined },
      hr: { text: undefined, url: "https://intranat.example.se/hr" },
    });
    expect(load({ SUPPORT_HR: "  " })().support).toEqual({});
  });
});
