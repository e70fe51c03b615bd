// A friskfaktor round from start to activities, through /api/messages and the fake connector, with
// time driven by ticks at given moments (the tick's jobs in process). Skolan has a chef, a skyddsombud and six members;
// Förskolan a chef, three members and no skyddsombud (its HR partner is the second party);
// Annan is another area with its own HR partner. Start: Monday 2026-11-23 10:00 Stockholm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";

const clock = manualClock("2026-11-23T09:00:00Z");
let app: TestApp;
const users: Record<string, TeamsUser & { personId: string }> = {};
let roundId = "";

const posted = (key: string) =>
  app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === users[key]!.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: any) => a.content as Record<string, any>));
const lastPosted = (key: string) => posted(key).at(-1)!;
const say = async (key: string, text: string) => {
  const before = app.connector.sent.length;
  await app.post(message(users[key]!, app.serviceUrl, text));
  return app.connector.sent.slice(before).map((s) => s.activity);
};
const act = async (key: string, verb: string, data: Record<string, unknown>) => {
  const res = await app.post(cardAction(users[key]!, app.serviceUrl, verb, { verb, ...data }));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, any>;
};
const ratings = (value: string, overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(FACTOR_IDS.map((id) => [id, value])), ...overrides });
const snapshot = async () => ({
  rounds: await app.db.hfRound.count(),
  ratings: await app.db.hfRating.findMany({ orderBy: { id: "asc" } }),
  steps: await app.db.priorityStep.count(),
  agreements: await app.db.priorityAgreement.count(),
  activities: await app.db.priorityActivity.count(),
});
async function tick(iso: string) {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  await buildUnit(app.db, { id: "U0", name: "Kommunen" });
  await buildUnit(app.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U2", name: "Förskolan", parentId: "U0" });
  await buildUnit(app.db, { id: "U3", name: "Annan", parentId: "U0" });
  const people: [string, string, "member" | "manager" | "safety_rep" | "hr_partner", string?][] = [
    ["chef1", "U1", "manager"],
    ["so1", "U1", "safety_rep", "en-US"],
    ["chef2", "U2", "manager"],
    ["hr", "U0", "hr_partner"],
    ["hr3", "U3", "hr_partner"],
    ...Array.from({ length: 6 }, (_, i) => [`m1_${i}`, "U1", "member"] as [string, string, "member"]),
    ...Array.from({ length: 3 }, (_, i) => [`m2_${i}`, "U2", "member"] as [string, string, "member"]),
  ];
  for (const [key, unit, role, locale] of people) {
    const person = await buildPerson(app.db, { id: `P-${key}`, displayName: key, locale: locale ?? "sv-SE" });
    await assignRole(app.db, person.id, unit, role);
    const user = teamsUser({ aadObjectId: person.aadObjectId!, locale: locale ?? "sv-SE" });
    await app.post(botAdded(user, app.serviceUrl));
    users[key] = { ...user, personId: person.id };
  }
}, 90_000);

afterAll(async () => app?.stop());

describe("a friskfaktor round", () => {
  it("`friskfaktorer` gives the HR partner a start form for their area and an overview; members do not have it", async () => {
    const [form, overview] = await say("hr", "friskfaktorer");
    const formCard = form!.attachments[0].content;
    expect(cardText(formCard)).toContain("Starta en friskfaktorrunda");
    const unitInput = JSON.stringify(formCard);
    for (const name of ["Kommunen", "Skolan", "Förskolan", "Annan"]) expect(unitInput).toContain(name);
    expect(validateAdaptiveCard(formCard)).toEqual([]);
    expect(cardText(overview!.attachments[0].content)).toContain("Det finns inga friskfaktorrundor i ditt område ännu");
    const member = await say("m1_0", "friskfaktorer");
    expect(member[0]!.text).toContain("Jag förstod inte");
  });

  it("only an HR partner whose area holds the units may start a round; a forged or refused start changes nothing", async () => {
    expect(cardText(await act("chef1", "hf.start", { unitIds: "U1", windowDays: "7" }))).toContain("Bara HR-partner kan starta");
    expect(cardText(await act("hr3", "hf.start", { unitIds: "U1", windowDays: "7" }))).toContain("ingår inte i ditt område");
    expect(cardText(await act("hr", "hf.start", { unitIds: "U1", windowDays: "5" }))).toContain("Inget har sparats"); // not a window we offer
    expect(cardText(await act("hr", "hf.start", { unitIds: "U1", windowDays: "7", startedById: "P-hr3" }))).toContain("Inget har sparats");
    expect(await app.db.hfRound.count()).toBe(0);

    const started = await act("hr", "hf.start", { unitIds: "U1,U2", windowDays: "7" });
    expect(cardText(started)).toMatch(/Rundan är startad för 2 enheter\. 9 medarbetare/);
    roundId = (await app.db.hfRound.findFirstOrThrow()).id;
    expect(cardText(await act("hr", "hf.start", { unitIds: "U2", windowDays: "14" }))).toContain("redan en pågående runda");
    expect(await app.db.hfRound.count()).toBe(1);
  });

  it("the next tick sends every member the rating card once", async () => {
    const first = await tick("2026-11-23T09:01:00Z");
    expect(first.jobs["hf.announce"]).toEqual({ planned: 9 });
    expect((await tick("2026-11-23T09:02:00Z")).jobs["hf.announce"]).toEqual({ planned: 0 });
    const card = lastPosted("m1_0");
    expect(cardText(card)).toContain("Friskfaktorer: hur är det på din arbetsplats?");
    expect(JSON.stringify(card)).toContain("Närvarande, tillitsfullt och engagerat ledarskap");
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(posted("chef1").filter((c) => /hur är det på din arbetsplats/.test(cardText(c)))).toHaveLength(0);
  }, 240_000);

  it("members rate all eight factors in one card, stored without a person id; the card thanks them", async () => {
    for (let i = 0; i < 6; i++) {
      const card = await act(`m1_${i}`, "hf.rate", { roundId, ...ratings(String(2 + (i % 3)), { sam: i < 2 ? "dk" : "4" }) });
      expect(cardText(card)).toContain("Tack! Dina svar är sparade.");
    }
    for (let i = 0; i < 3; i++) await act(`m2_${i}`, "hf.rate", { roundId, ...ratings("3") });
    const rows = await app.db.hfRating.findMany({ where: { roundId } });
    expect(rows).toHaveLength(9 * 8);
    expect(Object.keys(rows[0]!).sort()).toEqual(["factorId", "id", "roundId", "token", "unitId", "value"]);
    expect(JSON.stringify(rows)).not.toMatch(/P-m/);
    // Changing one's mind replaces the ratings rather than adding to them.
    await act("m1_0", "hf.rate", { roundId, ...ratings("5") });
    expect(await app.db.hfRating.count({ where: { roundId } })).toBe(72);
  });

  it("refuses forged and malformed ratings and stores nothing", async () => {
    const before = await snapshot();
    const forged = [
      { key: "chef1", data: { roundId, ...ratings("1") } }, // not a recipient
      { key: "m1_1", data: { roundId, ...ratings("1", { leadership: "7" }) } }, // off the scale
      { key: "m1_1", data: { roundId, ...ratings("1"), personId: "P-m1_2" } }, // extra field
      { key: "m1_1", data: { roundId, leadership: "1" } }, // not all eight
      { key: "m1_1", data: { roundId: "7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4e", ...ratings("1") } }, // another round
    ];
    for (const f of forged) expect(cardText(await act(f.key, "hf.rate", f.data))).toMatch(/Inget har sparats|inget har sparats/);
    expect(await snapshot()).toEqual(before);
  });

  it("at closing, each unit's two parties get its profile — withheld for the unit under k — and the HR partner stands in where there is no skyddsombud", async () => {
    const closed = await tick("2026-11-30T09:00:30Z");
    expect(closed.jobs["hf.close"]).toMatchObject({ closed: 1, built: 1 });
    const school = cardText(lastPosted("chef1"));
    expect(school).toContain("Friskfaktorer: Skolan");
    expect(school).toContain("6 svar");
    expect(school).toMatch(/Systematiskt arbetsmiljöarbete \(SAM\) i vardagen\nMedel 4,2 av 5 · 5 bedömde, 1 vet inte/);
    expect(school).toContain("Svagast:");
    expect(cardText(lastPosted("so1"))).toContain("Health factors: Skolan"); // English for the English reader
    const preschool = cardText(lastPosted("chef2"));
    expect(preschool).toContain("Friskfaktorer: Förskolan");
    expect(preschool).toContain("Färre än 5 personer svarade, så resultatet visas inte.");
    expect(preschool).not.toMatch(/\d+ svar\b|bedömde/);
    expect(cardText(lastPosted("hr"))).toContain("chef och HR-partner (enheten har inget skyddsombud)");
    for (const key of ["chef1", "so1", "chef2", "hr"]) expect(validateAdaptiveCard(lastPosted(key))).toEqual([]);
    expect((await tick("2026-11-30T09:05:00Z")).jobs["hf.close"]).toEqual({ closed: 0, built: 0, profiles: 0 });
  }, 240_000);

  it("a rating after closing is refused with a closed card", async () => {
    const before = await snapshot();
    expect(cardText(await act("m1_2", "hf.rate", { roundId, ...ratings("1") }))).toContain("Friskfaktorrundan är stängd");
    expect(await snapshot()).toEqual(before);
  });

  it("priorities: chef proposes, skyddsombud counter-proposes, chef confirms; each step recorded with who and when", async () => {
    const proposed = await act("chef1", "hf.propose", { roundId, unitId: "U1", proposal: "sam,leadership" });
    expect(cardText(proposed)).toContain("Du har föreslagit:");
    expect(cardText(proposed)).toContain("Väntar på att skyddsombudet bekräftar");
    await tick("2026-11-30T09:10:00Z");
    const toSafetyRep = cardText(lastPosted("so1"));
    expect(toSafetyRep).toContain("chef1 proposes:");
    expect(toSafetyRep).toContain("Confirm the proposal");

    // The chef cannot confirm their own proposal; a stale set is refused.
    expect(cardText(await act("chef1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["leadership", "sam"] }))).toContain("Det är ditt eget förslag");
    expect(cardText(await act("so1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["leadership"] }))).toContain("The proposal has changed");

    await act("so1", "hf.propose", { roundId, unitId: "U1", proposal: "sam" });
    await tick("2026-11-30T09:15:00Z");
    expect(cardText(lastPosted("chef1"))).toContain("so1 föreslår:");
    const agreed = await act("chef1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["sam"] });
    expect(cardText(agreed)).toContain("Överenskommet: Skolan");
    expect(cardText(agreed)).toContain("• Systematiskt arbetsmiljöarbete (SAM) i vardagen");
    const steps = await app.db.priorityStep.findMany({ where: { roundId, unitId: "U1" }, orderBy: { createdAt: "asc" } });
    expect(steps.map((s) => [s.kind, s.actorId, s.actorRole, JSON.parse(s.factorIds)])).toEqual([
      ["propose", "P-chef1", "manager", ["leadership", "sam"]],
      ["counter", "P-so1", "safety_rep", ["sam"]],
      ["confirm", "P-chef1", "manager", ["sam"]],
    ]);
    expect(steps.every((s) => s.createdAt instanceof Date)).toBe(true);
    await tick("2026-11-30T09:20:00Z");
    expect(cardText(lastPosted("so1"))).toContain("Agreed: Skolan");
  }, 240_000);

  it("refuses priority steps from anyone who is not a party, for another unit, or after agreement, changing nothing", async () => {
    const before = await snapshot();
    expect(cardText(await act("so1", "hf.propose", { roundId, unitId: "U2", proposal: "sam" }))).toContain("not the manager or safety representative");
    expect(cardText(await act("m1_0", "hf.propose", { roundId, unitId: "U1", proposal: "sam" }))).toContain("Du är inte chef eller skyddsombud");
    expect(cardText(await act("hr", "hf.propose", { roundId, unitId: "U1", proposal: "sam" }))).toContain("Du är inte chef eller skyddsombud"); // U1 has a skyddsombud
    expect(cardText(await act("chef1", "hf.propose", { roundId, unitId: "U1", proposal: "leadership" }))).toContain("redan överenskomna");
    expect(cardText(await act("chef2", "hf.propose", { roundId, unitId: "U2", proposal: "sam,leadership,communication,competence" }))).toContain(
      "Välj en till tre",
    );
    expect(cardText(await act("chef2", "hf.propose", { roundId, unitId: "U2", proposal: "not_a_factor" }))).toContain("Välj en till tre");
    expect(await snapshot()).toEqual(before);
  });

  it("where there is no skyddsombud, the chef and the HR partner agree", async () => {
    await act("chef2", "hf.propose", { roundId, unitId: "U2", proposal: "prioritisation" });
    const agreed = await act("hr", "hf.confirm", { roundId, unitId: "U2", factorIds: ["prioritisation"] });
    expect(cardText(agreed)).toContain("Överenskommet: Förskolan");
    expect((await app.db.priorityStep.findMany({ where: { unitId: "U2" } })).map((s) => s.actorRole).sort()).toEqual(["hr_partner", "manager"]);
  });

  it("activities for agreed factors; others and past dates are refused", async () => {
    expect(
      cardText(
        await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "leadership", what: "Medarbetarsamtal", owner: "chef1", dueDate: "2026-12-10" }),
      ),
    ).toContain("för de överenskomna friskfaktorerna");
    expect(
      cardText(await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "sam", what: "Skyddsrond", owner: "so1", dueDate: "2026-11-01" })),
    ).toContain("Slutdatumet har redan passerat");
    const added = await act("so1", "hf.activity", {
      roundId,
      unitId: "U1",
      factorId: "sam",
      what: "Skyddsrond varje månad",
      owner: "chef1 och so1",
      dueDate: "2026-12-10",
    });
    expect(cardText(added)).toContain("The activity has been added.");
    expect(cardText(added)).toContain("Skyddsrond varje månad – chef1 och so1, due 2026-12-10");
    expect(await app.db.priorityActivity.count()).toBe(1);
    expect(validateAdaptiveCard(added)).toEqual([]);
    // Issue 16: the confirmation in green, a refusal in the warning colour.
    const notice = (card: Record<string, any>, text: string) => card.body.find((b: any) => b.type === "TextBlock" && b.text === text);
    expect(notice(added, "The activity has been added.")).toMatchObject({ color: "Good" });
    const refused = await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "sam", what: "Skyddsrond", owner: "so1", dueDate: "2026-11-01" });
    expect(notice(refused, "Slutdatumet har redan passerat. Välj ett senare datum.")).toMatchObject({ color: "Attention" });
  });

  it("reminds both parties once when an activity falls due, in office hours", async () => {
    expect((await tick("2026-12-10T06:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0 }); // 07:00 local
    expect((await tick("2026-12-10T08:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 2 });
    expect(cardText(lastPosted("chef1"))).toContain("Aktivitet att följa upp: Skolan");
    expect(cardText(lastPosted("so1"))).toContain("Activity to follow up: Skolan");
    expect((await tick("2026-12-10T09:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0 });
  }, 240_000);

  it("the HR overview shows each unit's state, with response counts only as the group-size rule allows", async () => {
    const [, overview] = await say("hr", "friskfaktorer");
    const text = cardText(overview!.attachments[0].content);
    expect(text).toMatch(/Skolan\naktiviteter planerade · 6 svar/);
    expect(text).toMatch(/Förskolan\növerenskommet · färre än 5 svar/);
    expect(validateAdaptiveCard(overview!.attachments[0].content)).toEqual([]);
    const other = await say("hr3", "friskfaktorer");
    expect(cardText(other[1]!.attachments[0].content)).not.toContain("Skolan");
  });

  it("a chef asking `friskfaktorer` sees their unit's card again", async () => {
    const [card] = await say("chef1", "friskfaktorer");
    expect(cardText(card!.attachments[0].content)).toContain("Överenskommet: Skolan");
  });

  it("logs hold outcomes only, never a rating or a chosen factor", async () => {
    const lines = app.rawLogs.filter((l) => /"event":"hf\./.test(l));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).not.toMatch(/leadership|sam"|prioritisation|"value"|Skyddsrond/);
  });
});
