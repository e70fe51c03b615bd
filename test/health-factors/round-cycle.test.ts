// A friskfaktor round from start to activities, through /api/messages and the fake connector, with
// time driven by ticks at given moments (the tick's jobs in process). Skolan has a chef, a skyddsombud and six members;
// Förskolan a chef, three members and no skyddsombud (its HR partner is the second party);
// Annan is another area with its own HR partner. Start: Monday 2026-11-23 10:00 Stockholm.
// so1 and the member m1_5 read English; everyone else Swedish. Cards are read as Teams receives them.
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
/** One tap per factor on the rating card; `skip` leaves factors untapped. Returns the last card. */
const tapAll = async (key: string, values: Record<string, string>, skip: string[] = []) => {
  let card: Record<string, any> = {};
  for (const id of FACTOR_IDS) if (!skip.includes(id)) card = await act(key, "hf.rate", { roundId, factorId: id, value: values[id]! });
  return card;
};
/** Every element of a card (body, nested containers, columns, show cards), flattened. */
const elements = (card: unknown): Record<string, any>[] => {
  const out: Record<string, any>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== "object" || n === null) return;
    out.push(n as Record<string, any>);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
};
const inputValue = (card: unknown, id: string) => elements(card).find((e) => typeof e.type === "string" && e.type.startsWith("Input.") && e.id === id)?.value;
const kinds = async (kind: string) => app.db.outboxMessage.count({ where: { kind } });
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
    ...Array.from({ length: 6 }, (_, i) => [`m1_${i}`, "U1", "member", i === 5 ? "en-US" : undefined] as [string, string, "member", string?]),
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
    expect(cardText(card)).toContain("1. Närvarande, tillitsfullt och engagerat ledarskap");
    // Each factor explained in a line of everyday words.
    expect(cardText(card)).toContain("Vi får vara med och påverka hur arbetet planeras och görs.");
    expect(cardText(card)).toContain("När det är för mycket att göra får vi hjälp att välja vad som kan vänta.");
    expect(validateAdaptiveCard(card)).toEqual([]);
    // One tap per factor: five buttons side by side and "Vet inte", each sending one factor's value; nothing to fill in and send.
    const taps = elements(card).filter((e) => e.type === "Action.Execute");
    expect(taps).toHaveLength(8 * 6);
    expect(elements(card).some((e) => typeof e.type === "string" && e.type.startsWith("Input."))).toBe(false);
    const participation = elements(card)
      .filter((e) => e.type === "ActionSet")
      .flatMap((set) => set.actions)
      .filter((a: any) => a.data.factorId === "participation");
    expect(participation.map((a: any) => a.title)).toEqual(["1", "2", "3", "4", "5", "Vet inte"]);
    expect(participation[3].data).toEqual({ verb: "hf.rate", roundId, factorId: "participation", value: "4" });
    expect(participation[3].fallback).toMatchObject({ type: "Action.Submit", data: participation[3].data });
    expect(cardText(card)).toContain("1 = Inte alls, 5 = Helt och hållet");
    const english = cardText(lastPosted("m1_5"));
    expect(english).toContain("Health factors: how is your workplace?");
    expect(english).toContain("We take part in and influence how the work is planned and done.");
    expect(english).toContain("Don't know");
    expect(posted("chef1").filter((c) => /hur är det på din arbetsplats/.test(cardText(c)))).toHaveLength(0);
  }, 240_000);

  it("members rate with one tap per factor, each tap stored at once without a person id; the card marks the choice and thanks them at the end", async () => {
    const first = await act("m1_0", "hf.rate", { roundId, factorId: "leadership", value: "4" });
    expect(cardText(first)).toContain("Ditt svar: 4");
    expect(cardText(first)).toContain("1 av 8 klara.");
    expect(cardText(first)).not.toContain("Tack!");
    const chosen = elements(first).filter((e) => e.type === "Action.Execute" && e.data.factorId === "leadership");
    expect(chosen.map((a) => a.style)).toEqual(["default", "default", "default", "positive", "default", "default"]);
    expect(validateAdaptiveCard(first)).toEqual([]);
    // The first tap wrote the person's eight rows (seven not chosen yet), so a cell never holds half a person.
    expect(await app.db.hfRating.count({ where: { roundId } })).toBe(8);

    const values = (i: number) => ratings(String(2 + (i % 3)), { sam: "4", ...(i === 2 || i === 3 ? { prioritisation: "dk" } : {}) });
    for (let i = 0; i < 6; i++) {
      // m1_1 never taps "sam": not chosen by the close counts as "Vet inte".
      const card = await tapAll(`m1_${i}`, values(i), i === 1 ? ["sam"] : []);
      if (i === 1) expect(cardText(card)).toContain("7 av 8 klara.");
      else expect(cardText(card)).toContain(i === 5 ? "Thank you! Your answers are saved." : "Tack! Dina svar är sparade.");
    }
    // A card sent before the one-tap card (all eight at once) still counts.
    for (let i = 0; i < 3; i++) await act(`m2_${i}`, "hf.rate", { roundId, ...ratings("3") });
    const rows = await app.db.hfRating.findMany({ where: { roundId } });
    expect(rows).toHaveLength(9 * 8);
    expect(Object.keys(rows[0]!).sort()).toEqual(["factorId", "id", "roundId", "token", "unitId", "value"]);
    expect(JSON.stringify(rows)).not.toMatch(/P-m/);
    // Changing one's mind replaces a rating rather than adding one.
    await tapAll("m1_0", ratings("5"));
    expect(await app.db.hfRating.count({ where: { roundId } })).toBe(72);
  }, 60_000);

  it("refuses forged and malformed ratings and stores nothing", async () => {
    const before = await snapshot();
    const forged = [
      { key: "chef1", data: { roundId, ...ratings("1") } }, // not a recipient
      { key: "m1_1", data: { roundId, ...ratings("1", { leadership: "7" }) } }, // off the scale
      { key: "m1_1", data: { roundId, ...ratings("1"), personId: "P-m1_2" } }, // extra field
      { key: "m1_1", data: { roundId, leadership: "1" } }, // not all eight
      { key: "m1_1", data: { roundId: "7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4e", ...ratings("1") } }, // another round
      { key: "m1_1", data: { roundId, factorId: "sam", value: "0" } }, // "not chosen" is not a value one can send
      { key: "m1_1", data: { roundId, factorId: "not_a_factor", value: "3" } },
      { key: "m1_1", data: { roundId, factorId: "sam", value: "3", leadership: "1" } },
      { key: "chef1", data: { roundId, factorId: "sam", value: "3" } }, // not a recipient
    ];
    for (const f of forged) expect(cardText(await act(f.key, "hf.rate", f.data))).toMatch(/Inget har sparats|inget har sparats/);
    expect(await snapshot()).toEqual(before);
  });

  it("at closing, each unit's two parties get its profile — withheld for the unit under k — and the HR partner stands in where there is no skyddsombud", async () => {
    const closed = await tick("2026-11-30T09:00:30Z");
    expect(closed.jobs["hf.close"]).toMatchObject({ closed: 1, built: 1 });
    const schoolCard = lastPosted("chef1");
    const school = cardText(schoolCard);
    expect(school).toContain("Friskfaktorer: Skolan");
    expect(school).toContain("6 svar");
    expect(school).toContain("Svagast först.");
    // Weakest first, each with a bar for its mean and the figures; six raters are too few for the 1–5 distribution.
    expect(school).toMatch(/Närvarande, tillitsfullt och engagerat ledarskap\n███████░░░ 3,5\nMedel 3,5 av 5 · 6 bedömde, 0 vet inte\n/);
    expect(school).toMatch(/Systematiskt arbetsmiljöarbete \(SAM\) i vardagen\n████████░░ 4,2\nMedel 4,2 av 5 · 5 bedömde, 1 vet inte/);
    const list = school.slice(school.indexOf("Svagast först.")); // the factors, after the summary lines
    const order = ["Närvarande, tillitsfullt", "Kompetensutveckling och", "Systematiskt arbetsmiljöarbete", "Prioritering av arbetsuppgifter"].map((n) =>
      list.indexOf(n),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // A factor most could not rate is said so, not dropped.
    expect(school).toMatch(/Prioritering av arbetsuppgifter vid hög arbetsbelastning\nMånga svarade Vet inte: färre än 5 bedömde den här friskfaktorn/);
    expect(elements(schoolCard).find((e) => e.fontType === "Monospace")).toBeTruthy();
    expect(school).toContain("Svagast:");
    const so1 = cardText(lastPosted("so1")); // English for the English reader
    expect(so1).toContain("Health factors: Skolan");
    expect(so1).toContain("Weakest first.");
    // Six raters: no distribution beside the mean (issue 16: a count of one would invite guessing, and the
    // mean would undo merged bars); the card says why.
    expect(so1.match(/The 1–5 distribution is shown when at least 20 have rated/g)).toHaveLength(1); // once, not per factor
    expect(school.match(/Fördelningen 1–5 visas när minst 20 har bedömt/g)).toHaveLength(1);
    expect(so1).not.toMatch(/Answers 1–5: \d/);
    expect(so1).toContain("Many answered Don't know: fewer than 5 rated this health factor");
    const preschool = cardText(lastPosted("chef2"));
    expect(preschool).toContain("Friskfaktorer: Förskolan");
    expect(preschool).toContain("Färre än 5 personer svarade, så resultatet visas inte.");
    expect(preschool).not.toMatch(/\d+ svar\b|bedömde|█/);
    const standIn = cardText(lastPosted("hr"));
    expect(standIn).toContain("HR-partnern ersätter därför skyddsombudet i prioriteringarna.");
    expect(standIn).toContain("chef och HR-partner (HR-partnern ersätter skyddsombudet");
    expect(standIn).not.toContain("stand-in");
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
    const toSafetyRepCard = lastPosted("so1");
    const toSafetyRep = cardText(toSafetyRepCard);
    // A request to act, in the title.
    expect(toSafetyRepCard.body[0].text).toBe("Your answer is needed: priorities for Skolan");
    expect(toSafetyRep).toContain("chef1 proposes:");
    expect(toSafetyRep).toContain("Confirm the proposal");
    const choices = elements(toSafetyRepCard).find((e) => e.id === "proposal");
    expect(choices).toMatchObject({ type: "Input.ChoiceSet", label: "Or propose something else (1–3):", style: "expanded", isMultiSelect: true, wrap: true });

    // The chef cannot confirm their own proposal; a stale set is refused.
    expect(cardText(await act("chef1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["leadership", "sam"] }))).toContain("Det är ditt eget förslag");
    expect(cardText(await act("so1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["leadership"] }))).toContain("The proposal has changed");

    const countered = await act("so1", "hf.propose", { roundId, unitId: "U1", proposal: "sam,communication" });
    expect(countered.body[0].text).toBe("Health factors: Skolan"); // waiting for the other side: nothing to answer
    expect(cardText(countered)).toContain(
      "Changed from the previous proposal:\n+ added: Well-developed communication and feedback\n− removed: Present, trusting and engaged leadership",
    );
    await tick("2026-11-30T09:15:00Z");
    const toChefCard = lastPosted("chef1");
    expect(toChefCard.body[0].text).toBe("Ditt svar behövs: prioriteringar för Skolan");
    const toChef = cardText(toChefCard);
    expect(toChef).toContain("so1 föreslår:");
    expect(toChef).toContain(
      "Ändrat mot förra förslaget:\n+ lagt till: Välutvecklad kommunikation och feedback\n− tagit bort: Närvarande, tillitsfullt och engagerat ledarskap",
    );
    expect(validateAdaptiveCard(toChefCard)).toEqual([]);
    const agreed = await act("chef1", "hf.confirm", { roundId, unitId: "U1", factorIds: ["communication", "sam"] });
    expect(cardText(agreed)).toContain("Överenskommet: Skolan");
    expect(cardText(agreed)).toContain("• Systematiskt arbetsmiljöarbete (SAM) i vardagen");
    const steps = await app.db.priorityStep.findMany({ where: { roundId, unitId: "U1" }, orderBy: { createdAt: "asc" } });
    expect(steps.map((s) => [s.kind, s.actorId, s.actorRole, JSON.parse(s.factorIds)])).toEqual([
      ["propose", "P-chef1", "manager", ["leadership", "sam"]],
      ["counter", "P-so1", "safety_rep", ["communication", "sam"]],
      ["confirm", "P-chef1", "manager", ["communication", "sam"]],
    ]);
    expect(steps.every((s) => s.createdAt instanceof Date)).toBe(true);
    await tick("2026-11-30T09:20:00Z");
    expect(cardText(lastPosted("so1"))).toContain("Agreed: Skolan");
  }, 240_000);

  it("once agreed, each member of the unit gets its released profile and the agreed priorities, once, in their language", async () => {
    expect(await kinds("hf-result")).toBe(6);
    const card = lastPosted("m1_0");
    const text = cardText(card);
    expect(card.body[0].text).toBe("Det här gör vi: friskfaktorer på Skolan");
    expect(text).toContain("Så svarade vi");
    expect(text).toContain("6 svar");
    expect(text).toMatch(/Närvarande, tillitsfullt och engagerat ledarskap\n███████░░░ 3,5/);
    expect(text).toContain("Många svarade Vet inte: färre än 5 bedömde den här friskfaktorn");
    expect(text).toMatch(/Det här ska vi stärka\n• Välutvecklad kommunikation och feedback\n• Systematiskt arbetsmiljöarbete \(SAM\) i vardagen/);
    expect(text).toContain("Aktiviteterna bestäms nu – ni pratar om dem på nästa APT.");
    expect(text).toContain("Att vara med och påverka är i sig en friskfaktor.");
    expect(elements(card).some((e) => typeof e.type === "string" && e.type.startsWith("Action."))).toBe(false);
    expect(validateAdaptiveCard(card)).toEqual([]);
    const english = cardText(lastPosted("m1_5"));
    expect(english).toContain("What we will do: health factors at Skolan");
    expect(english).toContain("How we answered");
    expect(english).toContain("Taking part and having a say is itself a health factor.");
    // Only the unit's own members; their views audited as the parties' are.
    expect(posted("m2_0").filter((c) => /Det här gör vi/.test(cardText(c)))).toHaveLength(0);
    expect(await app.db.auditEvent.count({ where: { actorId: "P-m1_0", action: "aggregate.hfProfile" } })).toBe(1);
    // Idempotent: nothing planned twice.
    await tick("2026-11-30T09:25:00Z");
    expect(await kinds("hf-result")).toBe(6);
    expect(posted("m1_0").filter((c) => /Det här gör vi/.test(cardText(c)))).toHaveLength(1);
  }, 60_000);

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
    // Its members get the priorities, but no figure: the unit is under k.
    await tick("2026-11-30T09:30:00Z");
    const toMember = cardText(lastPosted("m2_0"));
    expect(toMember).toContain("Det här gör vi: friskfaktorer på Förskolan");
    expect(toMember).toContain("Färre än 5 personer svarade, så resultatet visas inte.");
    expect(toMember).toContain("• Prioritering av arbetsuppgifter vid hög arbetsbelastning");
    expect(toMember).not.toMatch(/\d+ svar\b|bedömde|█|Svar 1–5/);
  }, 60_000);

  it("activities for agreed factors; others, past dates and empty fields are refused with what was typed kept; the other party is told of a new one", async () => {
    expect(
      cardText(
        await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "leadership", what: "Medarbetarsamtal", owner: "chef1", dueDate: "2026-12-10" }),
      ),
    ).toContain("för de överenskomna friskfaktorerna");
    // The clock says 2026-11-30: the day before is refused, and the form comes back as it was typed.
    const past = await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "sam", what: "Skyddsrond", owner: "so1", dueDate: "2026-11-29" });
    expect(cardText(past)).toContain("Datumet har redan passerat. Välj i dag eller ett senare datum");
    expect([inputValue(past, "factorId"), inputValue(past, "what"), inputValue(past, "owner"), inputValue(past, "dueDate")]).toEqual([
      "sam",
      "Skyddsrond",
      "so1",
      "2026-11-29",
    ]);
    const empty = await act("so1", "hf.activity", { roundId, unitId: "U1", factorId: "communication", what: "Veckobrev", owner: " ", dueDate: "2026-12-04" });
    expect(cardText(empty)).toContain("Fill in what will be done, who is responsible and a date. What you typed is still below.");
    expect([inputValue(empty, "factorId"), inputValue(empty, "what"), inputValue(empty, "dueDate")]).toEqual(["communication", "Veckobrev", "2026-12-04"]);
    expect(await app.db.priorityActivity.count()).toBe(0);

    const added = await act("so1", "hf.activity", {
      roundId,
      unitId: "U1",
      factorId: "sam",
      what: "Skyddsrond varje månad",
      owner: "chef1 och so1",
      dueDate: "2026-12-10",
    });
    expect(cardText(added)).toContain("The activity has been added. The other party is told.");
    expect(cardText(added)).toContain("Skyddsrond varje månad – chef1 och so1, due December 10, 2026");
    expect(cardText(added)).toContain("Planned");
    expect(inputValue(added, "what")).toBe(""); // a fresh form after success
    expect(validateAdaptiveCard(added)).toEqual([]);
    // Issue 16: the confirmation in green, a refusal in the warning colour.
    const notice = (card: Record<string, any>, text: string) => card.body.find((b: any) => b.type === "TextBlock" && b.text === text);
    expect(notice(added, "The activity has been added. The other party is told.")).toMatchObject({ color: "Good" });
    const refused = await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "sam", what: "Skyddsrond", owner: "so1", dueDate: "2026-11-01" });
    expect(notice(refused, "Datumet har redan passerat. Välj i dag eller ett senare datum – det du skrev finns kvar.")).toMatchObject({ color: "Attention" });
    // Today is allowed.
    await act("chef1", "hf.activity", { roundId, unitId: "U1", factorId: "communication", what: "Veckobrev", owner: "chef1", dueDate: "2026-11-30" });
    expect(await app.db.priorityActivity.count()).toBe(2);

    await tick("2026-11-30T09:40:00Z");
    const toChef = posted("chef1").filter((c) => cardText(c).includes("so1 har lagt till en aktivitet."));
    expect(toChef).toHaveLength(1);
    expect(cardText(toChef[0]!)).toContain("Skyddsrond varje månad – chef1 och so1, klart 10 december 2026");
    expect(posted("so1").filter((c) => cardText(c).includes("chef1 has added an activity."))).toHaveLength(1);
    // The one due today is reminded of at once, in office hours.
    expect(cardText(lastPosted("chef1"))).toContain("Den här aktiviteten ska vara klar i dag.");
  }, 60_000);

  it("an activity is marked done, postponed to a new date (not a past one) or edited, by either party; the other party sees the change", async () => {
    const [weekly, round] = await app.db.priorityActivity.findMany({ orderBy: { dueDate: "asc" } });
    const [reply] = await say("chef1", "friskfaktorer");
    const card = reply!.attachments[0].content;
    // Each open activity has its buttons: done, postpone (a date), edit (what, owner) — inputs named per slot.
    const buttons = elements(card).filter((e) => e.type === "Action.Execute" && e.verb === "hf.activityChange");
    expect(buttons.map((b) => [b.title, b.data.kind, b.data.slot])).toEqual([
      ["Klar", "done", 0],
      ["Spara nytt datum", "postpone", 0],
      ["Spara ändringen", "edit", 0],
      ["Klar", "done", 1],
      ["Spara nytt datum", "postpone", 1],
      ["Spara ändringen", "edit", 1],
    ]);
    expect(
      elements(card)
        .filter((e) => e.type === "Action.ShowCard")
        .map((e) => e.title),
    ).toEqual(["Skjut upp", "Ändra", "Skjut upp", "Ändra"]);
    expect(inputValue(card, "dueDate_1")).toBe("2026-12-10");

    const change = (key: string, activityId: string, slot: number, kind: string, inputs: Record<string, string> = {}) =>
      act(key, "hf.activityChange", { activityId, slot, kind, ...inputs });
    const pastDate = await change("so1", weekly!.id, 0, "postpone", { dueDate_0: "2026-11-20", what: "", owner: "" });
    expect(cardText(pastDate)).toContain("That date has already passed.");
    expect(await app.db.priorityActivity.findUniqueOrThrow({ where: { id: weekly!.id } })).toMatchObject({ dueDate: "2026-11-30", status: "planned" });
    expect(cardText(await change("m1_0", weekly!.id, 0, "done"))).toContain("Du är inte chef eller skyddsombud");
    expect(cardText(await change("so1", weekly!.id, 0, "done", { personId: "P-chef1" }))).toContain("Nothing was saved"); // a key no card has
    expect(cardText(await change("so1", "7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4e", 0, "done"))).toContain("We cannot find that activity");
    expect(await app.db.priorityActivity.count({ where: { status: { not: "planned" } } })).toBe(0);

    const postponed = await change("so1", weekly!.id, 0, "postpone", { dueDate_0: "2026-12-10" });
    expect(cardText(postponed)).toContain("The activity is postponed. The other party is told.");
    expect(cardText(postponed)).toContain("Postponed to December 10, 2026 (first due November 30, 2026)");
    const edited = await change("chef1", round!.id, 1, "edit", { what_1: "Skyddsrond varannan vecka", owner_1: "so1" });
    expect(cardText(edited)).toContain("Aktiviteten är ändrad.");
    expect(cardText(edited)).toMatch(
      /Skyddsrond varannan vecka – so1, klart 10 december 2026 \(Systematiskt arbetsmiljöarbete \(SAM\) i vardagen\)\nPlanerad · ändrad 30 november 2026/,
    );
    expect(validateAdaptiveCard(edited)).toEqual([]);
    await tick("2026-11-30T09:45:00Z");
    expect(cardText(lastPosted("chef1"))).toContain("so1 har skjutit upp en aktivitet.");
    expect(cardText(lastPosted("so1"))).toContain("chef1 has edited an activity.");
  }, 60_000);

  it("the members hear the activities once, the day after the first was added, in office hours", async () => {
    expect((await tick("2026-12-01T06:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0, membersTold: 0 }); // 07:00 local
    expect((await tick("2026-12-01T08:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0, membersTold: 6 });
    const card = lastPosted("m1_0");
    const text = cardText(card);
    expect(card.body[0].text).toBe("Det här gör vi: friskfaktorer på Skolan");
    expect(text).toContain("Nu är aktiviteterna planerade.");
    expect(text).toContain("• Skyddsrond varannan vecka – so1, klart 10 december 2026 (Systematiskt arbetsmiljöarbete (SAM) i vardagen)");
    expect(text).toContain("• Veckobrev – chef1, klart 10 december 2026");
    expect(text).not.toContain("Aktiviteterna bestäms nu");
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(cardText(lastPosted("m1_5"))).toContain("The activities are now planned.");
    // Förskolan has none: nothing to tell. Once only.
    expect((await tick("2026-12-01T09:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0, membersTold: 0 });
    expect(await kinds("hf-result")).toBe(6 + 3 + 6);
  }, 60_000);

  it("on the due day both parties are reminded once that it ska vara klar i dag, with done and postpone on the card; a postponed one again on its new date", async () => {
    expect((await tick("2026-12-10T06:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0, membersTold: 0 }); // 07:00 local
    expect((await tick("2026-12-10T08:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 4, membersTold: 0 });
    const reminder = lastPosted("chef1");
    expect(cardText(reminder)).toContain("Aktivitet att följa upp: Skolan");
    expect(cardText(reminder)).toContain("Den här aktiviteten ska vara klar i dag.");
    expect(cardText(lastPosted("so1"))).toContain("This activity is due today.");
    expect(validateAdaptiveCard(reminder)).toEqual([]);
    const [done, postpone] = reminder.actions;
    expect([done.title, done.data.kind]).toEqual(["Klar", "done"]);
    expect([postpone.type, postpone.title]).toEqual(["Action.ShowCard", "Skjut upp"]);
    expect((await tick("2026-12-10T09:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 0, membersTold: 0 });

    // Pressed on the reminder: done for one, a new date for the other.
    const weekly = await app.db.priorityActivity.findFirstOrThrow({ where: { what: "Veckobrev" } });
    const round = await app.db.priorityActivity.findFirstOrThrow({ where: { what: { startsWith: "Skyddsrond" } } });
    const markedDone = await act("chef1", "hf.activityChange", { ...done.data, activityId: round.id });
    expect(cardText(markedDone)).toContain("Aktiviteten är markerad som klar.");
    expect(cardText(markedDone)).toContain("Klar (10 december 2026)");
    await act("so1", "hf.activityChange", { ...postpone.card.actions[0].data, activityId: weekly.id, dueDate_0: "2026-12-15" });
    expect((await tick("2026-12-15T08:00:00Z")).jobs["hf.activities"]).toEqual({ reminders: 2, membersTold: 0 });
    expect(cardText(lastPosted("chef1"))).toContain("Veckobrev – chef1, klart 15 december 2026");
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
