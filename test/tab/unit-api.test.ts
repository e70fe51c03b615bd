// The tab's /me and unit API (issue 17) through the whole app: a token per role, scope from the
// database, figures only as the release rules let them out (JSON and CSV), audit rows, OpenAPI.
// Pulses and rounds are answered through the real paths and built by the real release rules
// (tab-seed.ts); dates derive from now.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { startTabKeys, type TabKeys } from "../harness/tab-tokens.js";
import { buildCase } from "../harness/factories.js";
import { MeResponseSchema, UnitResponseSchema, type UnitResponse } from "../../src/tab/api/schemas.js";
import { proposePriorities } from "../../src/domain/priorities/agreement.js";
import { POSTGRES_IN_RUN } from "../harness/databases.js";
import { DAY, K, seedOrg, type SeededOrg } from "./tab-seed.js";
import { everyObject, parseCsv, tabClient } from "./tab-api-client.js";

const env = (keys: TabKeys) => ({ ...keys.env, MIN_GROUP_SIZE: String(K), SCHEDULER_ENABLED: "false", ANSWER_RETENTION_MONTHS: "18" });

let keys: TabKeys;
let app: TestApp;
let org: SeededOrg;
let api: ReturnType<typeof tabClient>;
const now = new Date();

beforeAll(async () => {
  keys = await startTabKeys();
  app = await startTestApp({ env: env(keys) });
  org = await seedOrg(app.db, now);
  api = tabClient(app, keys);
  // Carl (chef of A) has proposed priorities for A's latest round: the skyddsombud sees it, members do not.
  const proposed = await proposePriorities(app.db, {
    roundId: org.rounds[1]!,
    unitId: org.units.A,
    actorId: org.people.carl.id,
    factorIds: ["leadership", "sam"],
    now: new Date(now.getTime() - DAY),
  });
  expect(proposed.ok).toBe(true);
  // Carl's own open case in A, a closed one, and Bodil's in B.
  await buildCase(app.db, {
    unitId: org.units.A,
    ownerId: org.people.carl.id,
    subjectPersonId: org.members.A[1]!,
    openedAt: new Date(now.getTime() - 3 * DAY),
  });
  await buildCase(app.db, {
    unitId: org.units.A,
    ownerId: org.people.carl.id,
    subjectPersonId: org.members.A[2]!,
    status: "done",
    openedAt: new Date(now.getTime() - 9 * DAY),
    closedAt: new Date(now.getTime() - 8 * DAY),
  });
  await buildCase(app.db, {
    unitId: org.units.B,
    ownerId: org.people.bodil.id,
    subjectPersonId: org.members.B[0]!,
    openedAt: new Date(now.getTime() - 2 * DAY),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await keys?.close();
});

const unitsOf = (body: unknown) => MeResponseSchema.parse(body).units.map((u) => [u.id, u.relation, u.parentId, u.depth]);

describe("GET /api/tab/me", () => {
  it("lists what each role may open, with why, read from the database", async () => {
    const carl = await api.get("/api/tab/me", org.people.carl);
    expect(carl.status).toBe(200);
    expect(MeResponseSchema.parse(carl.body).person).toEqual({ id: org.people.carl.id, name: "Carl Chef", locale: "sv-SE" });
    expect(carl.body.roles).toEqual(["manager"]);
    expect(unitsOf(carl.body)).toEqual([
      ["A", "manager", null, 0],
      ["A1", "manager", "A", 1],
    ]);
    expect(carl.body.areas).toEqual([]);
    // What the page tells a member about their data: the settings in force, not fixed text.
    expect(carl.body.privacy).toEqual({ minGroupSize: K, answerRetentionMonths: 18, absenceRetentionMonths: 13 });

    const sara = await api.get("/api/tab/me", org.people.sara);
    expect(sara.body.person.locale).toBe("en-US");
    expect(unitsOf(sara.body)).toEqual([
      ["A", "safety_rep", null, 0],
      ["A1", "safety_rep", "A", 1],
    ]);

    // Henrik stands in where no skyddsombud is (R, B, A1), not in A, which has Sara.
    const henrik = await api.get("/api/tab/me", org.people.henrik);
    expect(henrik.body.roles).toEqual(["senior_safety_rep"]);
    expect(unitsOf(henrik.body)).toEqual([
      ["R", "stand_in", null, 0],
      ["B", "stand_in", "R", 1],
      ["A1", "stand_in", null, 0],
    ]);

    const hanna = await api.get("/api/tab/me", org.people.hanna);
    expect(unitsOf(hanna.body)).toEqual([
      ["R", "hr_partner", null, 0],
      ["B", "hr_partner", "R", 1],
      ["A", "hr_partner", "R", 1],
      ["A1", "hr_partner", "A", 2],
    ]);
    expect(hanna.body.areas).toEqual([{ id: "R", name: "Kommunen" }]);

    const member = await api.get("/api/tab/me", org.people.a1);
    expect(member.body.roles).toEqual(["member"]);
    expect(unitsOf(member.body)).toEqual([["A", "member", null, 0]]);
  });

  it("follows today's roles: a chef whose assignment ends no longer sees the unit", async () => {
    await app.db.assignment.update({
      where: { personId_unitId_role: { personId: org.people.bodil.id, unitId: org.units.B, role: "manager" } },
      data: { active: false },
    });
    try {
      const bodil = await api.get("/api/tab/me", org.people.bodil);
      expect(bodil.body.roles).toEqual([]);
      expect(bodil.body.units).toEqual([]);
      expect((await api.get("/api/tab/units/B", org.people.bodil)).status).toBe(403);
    } finally {
      await app.db.assignment.update({
        where: { personId_unitId_role: { personId: org.people.bodil.id, unitId: org.units.B, role: "manager" } },
        data: { active: true },
      });
    }
    expect((await api.get("/api/tab/units/B", org.people.bodil)).status).toBe(200);
  });
});

describe("GET /api/tab/units/{unitId}", () => {
  it("gives the chef every question's series (withheld pulses kept with their reason), the profile beside the previous round, the proposal and their own open cases", async () => {
    const res = await api.get("/api/tab/units/A", org.people.carl);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = UnitResponseSchema.parse(res.body);
    expect(page.unit).toEqual({ id: "A", name: "Hemtjänst Norr", path: [{ id: "R", name: "Kommunen" }] });
    expect(page.relation).toBe("manager");
    expect(page.questions.map((q) => q.questionId)).toEqual(["self_rated_health", "presenteeism"]);
    for (const q of page.questions) {
      expect(q.pulses.map((p) => p.pulseId)).toEqual(org.pulses);
      expect(q.pulses.map((p) => p.dueAt)).toEqual([...q.pulses.map((p) => p.dueAt)].sort());
    }
    const core = page.questions[0]!;
    expect(core.text).toBe("Hur bedömer du ditt allmänna hälsotillstånd?");
    expect(core.scale.options[0]).toEqual({ value: 1, label: "Mycket bra" });
    expect(core.scale.goodValues).toEqual([1, 2]);
    // A holds its seven members and the night patrol's two.
    const first = core.pulses[0]!.figure;
    expect(first.released && first.value.respondents).toBe(9);
    expect(page.latestPulse?.id).toBe(org.pulses[2]);
    expect(core.change).toEqual({ released: true, value: 0 });
    expect(page.questions[1]!.change).toBeNull(); // a yes/no question has no share

    const hf = page.healthFactors!;
    expect(hf.round.id).toBe(org.rounds[1]);
    expect(hf.previousRound?.id).toBe(org.rounds[0]);
    expect(hf.respondents).toEqual({ released: true, value: 9 });
    expect(hf.factors).toHaveLength(8);
    expect(hf.factors[0]!.name).toBe("Närvarande, tillitsfullt och engagerat ledarskap");
    expect(hf.factors.every((f) => f.current?.released && f.previous?.released)).toBe(true);
    expect(hf.priorities.proposal).toMatchObject({ factorIds: ["leadership", "sam"], byName: "Carl Chef" });
    expect(hf.priorities.agreed).toBeNull();
    expect(hf.canEdit).toBe(true);

    expect(page.cases).toHaveLength(1);
    expect(page.cases![0]).toMatchObject({ status: "open", subjectName: "Medarbetare a2", signal: "contact_request", escalated: false });
  });

  it("gives a member results, profile and what was agreed: no proposal, no cases, no editing", async () => {
    const res = await api.get("/api/tab/units/A", org.people.a1);
    expect(res.status).toBe(200);
    const page = UnitResponseSchema.parse(res.body);
    expect(page.relation).toBe("member");
    expect(page.questions).toHaveLength(2);
    expect(page.healthFactors?.respondents.released).toBe(true);
    expect(page.healthFactors?.priorities).toEqual({ agreed: null, proposal: null });
    expect(page.healthFactors?.canEdit).toBe(false);
    expect(page.cases).toBeNull();
    expect(res.text).not.toContain("Carl Chef");
  });

  it("gives the skyddsombud the proposal in their language, and no cases", async () => {
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.sara)).body);
    expect(page.relation).toBe("safety_rep");
    expect(page.questions[0]!.text).toBe("How would you rate your general state of health?");
    expect(page.healthFactors?.priorities.proposal?.byName).toBe("Carl Chef");
    expect(page.healthFactors?.canEdit).toBe(true);
    expect(page.cases).toBeNull();
  });

  it("gives the HR partner and the stand-in the units below, each with what they may do there", async () => {
    const hr = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.hanna)).body);
    expect(hr.relation).toBe("hr_partner");
    expect(hr.cases).toBeNull();
    expect(hr.healthFactors?.canEdit).toBe(false);
    const standIn = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.henrik)).body);
    expect(standIn.relation).toBe("stand_in");
    expect(standIn.healthFactors?.canEdit).toBe(true);
    // The chef of B sees B's own cases, not the chef of A's.
    const bodil = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.bodil)).body);
    expect(bodil.cases?.map((c) => c.subjectName)).toEqual(["Medarbetare b1"]);
  });

  it("answers 403 outside the caller's scope and 404 for an unknown unit, and audits neither", async () => {
    const before = await app.db.auditEvent.count({ where: { action: { startsWith: "aggregate.tab" } } });
    const refused: [keyof SeededOrg["people"], string][] = [
      ["carl", "B"], // chef of A, not of B
      ["carl", "R"], // nor of the unit above
      ["a1", "A1"], // a member sees their own unit only
      ["a1", "B"],
      ["henrik", "A"], // A has its own skyddsombud
      ["hanna", "X"], // outside her area
      ["outsider", "A"],
    ];
    for (const [who, unit] of refused) {
      for (const path of [`/api/tab/units/${unit}`, `/api/tab/units/${unit}/figures.csv`]) {
        const res = await api.get(path, org.people[who]);
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(res.body.error).toBe("outsideScope");
        expect(res.text).not.toMatch(/respondents|released/);
      }
    }
    for (const path of ["/api/tab/units/NOPE", "/api/tab/units/NOPE/figures.csv"]) {
      const res = await api.get(path, org.people.hanna);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe("unknownUnit");
    }
    expect(await app.db.auditEvent.count({ where: { action: { startsWith: "aggregate.tab" } } })).toBe(before);
  });

  it("shows no figure of fewer than k people anywhere: a withheld figure is its reason and nothing else", async () => {
    // The night patrol (A1) always has two answerers (k = 3): every pulse and the profile are withheld.
    const night = UnitResponseSchema.parse((await api.get("/api/tab/units/A1", org.people.carl)).body);
    for (const q of night.questions) {
      expect(q.pulses).toHaveLength(3);
      expect(q.pulses.map((p) => p.figure)).toEqual(Array(3).fill({ released: false, reason: "fewerThanK" }));
      expect(q.change).toBeNull();
    }
    expect(night.healthFactors?.respondents).toEqual({ released: false, reason: "fewerThanK" });
    // The preschool's second pulse, one person fewer than the first: withheld by differencing, in its place.
    const preschool = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.hanna)).body);
    expect(preschool.questions[0]!.pulses.map((p) => (p.figure.released ? "released" : p.figure.reason))).toEqual(["released", "differencing", "released"]);
    // Over every page each role can open: released figures stand for k or more people; withheld ones carry only their reason.
    const pages: UnitResponse[] = [];
    for (const who of Object.keys(org.people) as (keyof SeededOrg["people"])[]) {
      const me = MeResponseSchema.parse((await api.get("/api/tab/me", org.people[who])).body);
      for (const unit of me.units) pages.push(UnitResponseSchema.parse((await api.get(`/api/tab/units/${unit.id}`, org.people[who])).body));
    }
    expect(pages.length).toBeGreaterThan(15);
    let withheld = 0;
    for (const page of pages) {
      everyObject(page, (o, path) => {
        if (o.released === false) {
          withheld++;
          expect(Object.keys(o).sort(), path).toEqual(["reason", "released"]);
        }
        for (const field of ["respondents", "rated"]) if (typeof o[field] === "number") expect(o[field], `${path}.${field}`).toBeGreaterThanOrEqual(K);
        if (o.released === true && typeof o.value === "number" && path.endsWith("respondents")) expect(o.value, path).toBeGreaterThanOrEqual(K);
      });
    }
    expect(withheld).toBeGreaterThan(20);
  });

  it("records one audit row per page, by the tab, with ids only", async () => {
    const before = await app.db.auditEvent.findMany({ where: { action: "aggregate.tabUnit", actorId: org.people.sara.id } });
    await api.get("/api/tab/units/A", org.people.sara);
    const after = await app.db.auditEvent.findMany({ where: { action: "aggregate.tabUnit", actorId: org.people.sara.id }, orderBy: { at: "asc" } });
    expect(after).toHaveLength(before.length + 1);
    const row = after.at(-1)!;
    expect(row.subjectType).toBe("unit");
    expect(row.subjectId).toBe("A");
    expect(JSON.parse(row.detail)).toEqual({ pulseId: org.pulses[2], roundId: org.rounds[1], via: "tab" });
  });
});

describe("GET /api/tab/units/{unitId}/figures.csv", () => {
  it("gives the released figures for Swedish Excel: BOM, semicolons, decimal commas, a row per pulse and question, headers in the reader's language", async () => {
    const before = await app.db.auditEvent.count({ where: { action: "aggregate.tabFiguresCsv", actorId: org.people.hanna.id } });
    const res = await api.get("/api/tab/units/B/figures.csv", org.people.hanna);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="friskpuls-Forskolan-Sol-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''friskpuls-F%C3%B6rskolan%20Sol-/,
    );
    // fetch's text() drops the BOM; the bytes keep it.
    const raw = new Uint8Array(
      await (
        await fetch(`${app.url}/api/tab/units/B/figures.csv`, { headers: { authorization: `Bearer ${await keys.mint({ oid: org.people.hanna.oid })}` } })
      ).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.text.replace(/^\uFEFF/, ""));
    expect(rows[0]!.slice(0, 6)).toEqual(["Datum", "Fråga", "Svarande", "Fick pulsen", "Andel Bra eller Mycket bra (%)", "Visas inte"]);
    expect(rows.every((r) => r.length === 21)).toBe(true);
    expect(rows).toHaveLength(1 + 3 * 2);
    // Matches the JSON the same person is shown.
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/B", org.people.hanna)).body);
    const core = page.questions[0]!.pulses;
    const coreRows = rows.slice(1).filter((r) => r[1] === "Hur bedömer du ditt allmänna hälsotillstånd?");
    expect(coreRows.map((r) => r[0])).toEqual(core.map((p) => p.dueAt.slice(0, 10)));
    coreRows.forEach((r, i) => {
      const f = core[i]!.figure;
      if (f.released) {
        expect(r[2]).toBe(String(f.value.respondents));
        expect(r[4]).toBe(String(f.value.sharePct).replace(".", ","));
        expect(r[5]).toBe("");
        expect(r[6]).toBe("Mycket bra – Bra");
      } else {
        expect(r[5]).toMatch(/^Visas inte: /);
        expect(r.slice(2, 5).concat(r.slice(6))).toEqual(Array(18).fill(""));
      }
    });
    expect(await app.db.auditEvent.count({ where: { action: "aggregate.tabFiguresCsv", actorId: org.people.hanna.id } })).toBe(before + 2);
  });

  it("writes decimal commas for Swedish readers and points for English ones", async () => {
    // A: nine answerers, so shares and bars come in thirds.
    const sv = parseCsv((await api.get("/api/tab/units/A/figures.csv", org.people.carl)).text.replace(/^\uFEFF/, ""));
    const en = parseCsv((await api.get("/api/tab/units/A/figures.csv", org.people.sara)).text.replace(/^\uFEFF/, ""));
    const page = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.carl)).body);
    const first = page.questions[0]!.pulses[0]!.figure;
    if (!first.released) throw new Error("A's first pulse should be released");
    const share = first.value.sharePct!;
    expect(Number.isInteger(share)).toBe(false);
    expect(sv[1]![4]).toBe(share.toFixed(1).replace(".", ","));
    expect(en[1]![4]).toBe(share.toFixed(1));
  });

  it("holds nothing but reasons for a unit of fewer than k, and speaks English to an English reader", async () => {
    const res = await api.get("/api/tab/units/A1/figures.csv", org.people.sara);
    const rows = parseCsv(res.text.replace(/^\uFEFF/, ""));
    expect(rows[0]!.slice(0, 3)).toEqual(["Date", "Question", "Respondents"]);
    expect(rows).toHaveLength(7);
    for (const r of rows.slice(1)) {
      expect(r[5]).toMatch(/fewer than 3/i);
      expect(r.filter((cell, i) => i !== 0 && i !== 1 && i !== 5 && cell !== "")).toEqual([]);
      expect(r.join(";")).not.toMatch(/;\d+;/);
    }
  });
});

describe("GET /api/tab/openapi.json", () => {
  it("lists the unit API's paths with their methods", async () => {
    const doc = (await (await fetch(`${app.url}/api/tab/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(doc.paths["/api/tab/me"]!)).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/tab/units/{unitId}"]!)).toEqual(["get"]);
    expect(doc.paths["/api/tab/units/{unitId}/figures.csv"]!.get.responses["200"].content).toHaveProperty(["text/csv; charset=utf-8"]);
    for (const path of ["/api/tab/units/{unitId}/priorities", "/api/tab/units/{unitId}/activities", "/api/tab/activities/{activityId}"]) {
      expect(doc.paths[path]!.post.requestBody.required, path).toBe(true);
      expect(Object.keys(doc.paths[path]!.post.responses), path).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404", "409"]));
    }
  });
});

describe.skipIf(!POSTGRES_IN_RUN)("on PostgreSQL", () => {
  it("gives the same unit page as on SQLite", async () => {
    const pgKeys = await startTabKeys();
    const pg = await startTestApp({ env: env(pgKeys), database: "postgres" });
    try {
      const pgOrg = await seedOrg(pg.db, now);
      const pgApi = tabClient(pg, pgKeys);
      const there = UnitResponseSchema.parse((await pgApi.get("/api/tab/units/A", pgOrg.people.sara)).body);
      const here = UnitResponseSchema.parse((await api.get("/api/tab/units/A", org.people.sara)).body);
      const comparable = (p: UnitResponse) => ({
        unit: p.unit,
        relation: p.relation,
        questions: p.questions.map((q) => ({ ...q, pulses: q.pulses.map((x) => ({ dueAt: x.dueAt, figure: x.figure })) })),
        factors: p.healthFactors?.factors,
        respondents: p.healthFactors?.respondents,
        canEdit: p.healthFactors?.canEdit,
      });
      expect(comparable(there)).toEqual(comparable(here));
      expect((await pgApi.get("/api/tab/units/B", pgOrg.people.carl)).status).toBe(403);
      expect((await pgApi.get("/api/tab/units/A1/figures.csv", pgOrg.people.carl)).status).toBe(200);
    } finally {
      await pg.stop();
      await pgKeys.close();
    }
  }, 120_000);
});
