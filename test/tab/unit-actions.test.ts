// The two parties' steps from the tab (issue 17): propose, confirm, add and change activities
// through the same domain functions as the cards, refused with the cards' codes (403 not a party,
// 409 a state that does not allow it, 400 a body that does not parse), the other party told
// through the outbox as from the card. Dates derive from now.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { startTabKeys, type TabKeys } from "../harness/tab-tokens.js";
import { ActionResponseSchema, ErrorResponseSchema, UnitResponseSchema } from "../../src/tab/api/schemas.js";
import { DAY, K, seedOrg, type SeededOrg } from "./tab-seed.js";
import { tabClient } from "./tab-api-client.js";

let keys: TabKeys;
let app: TestApp;
let org: SeededOrg;
let api: ReturnType<typeof tabClient>;
const now = new Date();
const day = (days: number) => DateTime.fromJSDate(new Date(now.getTime() + days * DAY), { zone: "Europe/Stockholm" }).toISODate()!;

beforeAll(async () => {
  keys = await startTabKeys();
  app = await startTestApp({ env: { ...keys.env, MIN_GROUP_SIZE: String(K), SCHEDULER_ENABLED: "false" } });
  org = await seedOrg(app.db, now);
  api = tabClient(app, keys);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await keys?.close();
});

/** Unit cards planned to a person for A's latest round (the other party told). */
const unitCardsFor = (personId: string) => app.db.outboxMessage.count({ where: { personId, idempotencyKey: { startsWith: `hf-unit:${org.rounds[1]}:A:` } } });

async function expectRefusal(res: Awaited<ReturnType<typeof api.post>>, status: number, error: string) {
  expect(res.status, res.text).toBe(status);
  const body = ErrorResponseSchema.parse(res.body);
  expect(body.error).toBe(error);
  // Every refusal of the tab's own says why in words (JSON that does not parse is the server's plain 400).
  if (error !== "entity.parse.failed") expect(body.message).toBeTruthy();
}

describe("POST /api/tab/units/{unitId}/priorities", () => {
  it("refuses anyone who is not one of the two parties, and a body that does not parse", async () => {
    const body = { action: "propose", factorIds: ["leadership", "sam"] };
    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.a1, body), 403, "notParty"); // a member
    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.hanna, body), 403, "notParty"); // HR, who may look
    await expectRefusal(await api.post("/api/tab/units/B/priorities", org.people.carl, body), 403, "outsideScope");
    await expectRefusal(await api.post("/api/tab/units/NOPE/priorities", org.people.carl, body), 404, "unknownUnit");
    const bad = await api.post("/api/tab/units/A/priorities", org.people.carl, { action: "vote", factorIds: [] });
    await expectRefusal(bad, 400, "invalidBody");
    expect(bad.body.message).toMatch(/action/);
    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.carl, "{not json"), 400, "entity.parse.failed");
    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.carl, { action: "propose", factorIds: ["nope"] }), 400, "invalid");
    expect(await app.db.priorityStep.count()).toBe(0);
  });

  it("records a proposal, tells the other side, and agrees when the other side confirms that set", async () => {
    const proposed = await api.post("/api/tab/units/A/priorities", org.people.carl, { action: "propose", factorIds: ["sam", "leadership"] });
    expect(proposed.status, proposed.text).toBe(200);
    expect(ActionResponseSchema.parse(proposed.body)).toEqual({ ok: true, agreed: false });
    expect(await unitCardsFor(org.people.sara.id)).toBe(1);
    expect(await unitCardsFor(org.people.carl.id)).toBe(0);

    await expectRefusal(
      await api.post("/api/tab/units/A/priorities", org.people.carl, { action: "confirm", factorIds: ["leadership", "sam"] }),
      409,
      "ownProposal",
    );
    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.sara, { action: "confirm", factorIds: ["leadership"] }), 409, "stale");

    const seen = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.sara)).body).healthFactors!;
    expect(seen.priorities.proposal?.factorIds).toEqual(["leadership", "sam"]);
    const confirmed = await api.post("/api/tab/units/A/priorities", org.people.sara, { action: "confirm", factorIds: seen.priorities.proposal!.factorIds });
    expect(confirmed.body).toEqual({ ok: true, agreed: true });
    // Both sides get the agreed card; the unit's members their result.
    expect(await unitCardsFor(org.people.carl.id)).toBe(1);
    expect(await app.db.outboxMessage.count({ where: { personId: org.people.a1.id, idempotencyKey: { startsWith: "hf-result:" } } })).toBe(1);

    await expectRefusal(await api.post("/api/tab/units/A/priorities", org.people.carl, { action: "propose", factorIds: ["competence"] }), 409, "alreadyAgreed");
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.a1)).body).healthFactors!;
    expect(page.priorities.agreed?.factorIds).toEqual(["leadership", "sam"]);
    expect(page.priorities.agreed?.by).toEqual([
      { name: "Carl Chef", role: "manager" },
      { name: "Sara Skyddsombud", role: "safety_rep" },
    ]);
    expect(page.priorities.proposal).toBeNull();
  });

  it("lets a stand-in agree where the unit has no skyddsombud", async () => {
    await api.post("/api/tab/units/B/priorities", org.people.bodil, { action: "propose", factorIds: ["communication"] });
    const res = await api.post("/api/tab/units/B/priorities", org.people.henrik, { action: "confirm", factorIds: ["communication"] });
    expect(res.body).toEqual({ ok: true, agreed: true });
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.henrik)).body).healthFactors!;
    expect(page.priorities.agreed?.by.map((b) => b.role)).toEqual(["manager", "senior_safety_rep"]);
  });
});

describe("activities", () => {
  let activityId = "";

  it("adds one for an agreed factor, and refuses others, past dates and non-parties", async () => {
    const input = { factorId: "leadership", what: "Veckomöte med återkoppling", owner: "Carl", dueDate: day(14) };
    await expectRefusal(await api.post("/api/tab/units/A/activities", org.people.a1, input), 403, "notParty");
    await expectRefusal(await api.post("/api/tab/units/A/activities", org.people.sara, { ...input, factorId: "competence" }), 409, "factorNotAgreed");
    await expectRefusal(await api.post("/api/tab/units/A/activities", org.people.sara, { ...input, dueDate: day(-2) }), 400, "pastDue");
    await expectRefusal(await api.post("/api/tab/units/A/activities", org.people.sara, { ...input, what: "" }), 400, "invalidBody");
    await expectRefusal(await api.post("/api/tab/units/A1/activities", org.people.henrik, input), 409, "notAgreed"); // the stand-in there
    const before = await unitCardsFor(org.people.carl.id);
    const res = await api.post("/api/tab/units/A/activities", org.people.sara, input);
    expect(res.status, res.text).toBe(200);
    activityId = ActionResponseSchema.parse(res.body).activityId!;
    expect(activityId).toBeTruthy();
    expect(await unitCardsFor(org.people.carl.id)).toBe(before + 1);
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.a1)).body).healthFactors!;
    expect(page.activities).toEqual([
      {
        id: activityId,
        factorId: "leadership",
        what: input.what,
        owner: "Carl",
        dueDate: input.dueDate,
        status: "planned",
        overdue: false,
        originalDueDate: null,
        doneOn: null,
      },
    ]);
  });

  it("is postponed, edited and marked done by either party; refused for others, unknown ids and twice done", async () => {
    const path = `/api/tab/activities/${activityId}`;
    await expectRefusal(await api.post(path, org.people.a1, { kind: "done" }), 403, "notParty");
    await expectRefusal(await api.post(path, org.people.bodil, { kind: "done" }), 403, "notParty");
    await expectRefusal(await api.post("/api/tab/activities/7b0c9c1e-0000-4000-8000-000000000000", org.people.carl, { kind: "done" }), 404, "unknownActivity");
    await expectRefusal(await api.post(path, org.people.carl, { kind: "postpone" }), 400, "invalidBody");
    await expectRefusal(await api.post(path, org.people.carl, { kind: "postpone", dueDate: day(-1) }), 400, "pastDue");

    expect((await api.post(path, org.people.carl, { kind: "postpone", dueDate: day(30) })).body).toEqual({ ok: true });
    expect((await api.post(path, org.people.sara, { kind: "edit", what: "Veckomöte", owner: "Sara" })).body).toEqual({ ok: true });
    let page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.carl)).body).healthFactors!;
    expect(page.activities[0]).toMatchObject({ what: "Veckomöte", owner: "Sara", dueDate: day(30), status: "postponed", overdue: false });
    // A postponement keeps the first date, for the SAM record.
    expect(page.activities[0]).toMatchObject({ originalDueDate: day(14), doneOn: null });

    expect((await api.post(path, org.people.carl, { kind: "done" })).body).toEqual({ ok: true });
    await expectRefusal(await api.post(path, org.people.sara, { kind: "done" }), 409, "alreadyDone");
    page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.carl)).body).healthFactors!;
    expect(page.activities[0]).toMatchObject({ status: "done", overdue: false, originalDueDate: null, doneOn: day(0) });
    // Sara was told of each of Carl's changes, Carl of Sara's.
    expect(await app.db.outboxMessage.count({ where: { personId: org.people.sara.id, idempotencyKey: { contains: `activity-${activityId}-` } } })).toBe(2);
    expect(await app.db.outboxMessage.count({ where: { personId: org.people.carl.id, idempotencyKey: { contains: `activity-${activityId}-` } } })).toBe(1);
  });

  it("flags an activity past its due date that is not done as overdue", async () => {
    await app.db.priorityActivity.create({
      data: {
        roundId: org.rounds[1]!,
        unitId: "A",
        factorId: "sam",
        what: "Skyddsrond",
        owner: "Sara",
        dueDate: day(-3),
        createdById: org.people.sara.id,
        createdAt: now,
      },
    });
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.a1)).body).healthFactors!;
    expect(page.activities.find((a) => a.what === "Skyddsrond")).toMatchObject({ status: "planned", overdue: true });
  });
});
