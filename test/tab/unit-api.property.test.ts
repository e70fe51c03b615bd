// The tab's API attacked (issue 17, DESIGN.md "Privacy rules"): random small organisations and
// pulse histories (answers held constant across the window: the attacker's best case) are answered
// through recordPulseAnswer and built by buildPulseCells; then one viewer (an HR partner, a chef, a
// skyddsombud or a member, of a random unit) fetches everything they can reach: /me, every
// /units/{id}, every figures.csv and /overview. From all the released figures together — with the viewer's
// own answer if they answered — nobody's answer can be computed (window-algebra.ts), every released
// figure is the truth about k or more people, and a withheld one is nothing but its reason.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DateTime } from "luxon";
import type { Db } from "../../src/db/client.js";
import { MeResponseSchema, OverviewResponseSchema, UnitResponseSchema } from "../../src/tab/api/schemas.js";
import { startTestApp } from "../harness/start-app.js";
import { startTabKeys } from "../harness/tab-tokens.js";
import { describeScenario, materialize, truthOf, windowScenario, type ObservedCell, type Scenario } from "../aggregates/differencing-model.js";
import { checkWindowIsolation } from "../aggregates/window-algebra.js";
import { DAY, runPulse } from "./tab-seed.js";
import { everyObject, parseCsv, tabClient } from "./tab-api-client.js";

const VIEWER_KINDS = ["hr_partner", "manager", "safety_rep", "member"] as const;

const arb = fc.record({
  spec: windowScenario({ maxUnits: 6, maxCohorts: 5, maxCohortSize: 5, maxPulses: 3 }).filter(
    (spec) => materialize(spec).pulses.reduce((n, p) => n + p.answers.length, 0) <= 70,
  ),
  viewer: fc.record({ kind: fc.constantFrom(...VIEWER_KINDS), seed: fc.nat({ max: 1000 }) }),
});

async function seedScenario(db: Db, scenario: Scenario, now: Date): Promise<string[]> {
  await db.unit.createMany({ data: scenario.units.map((u) => ({ id: u.id, name: `Enhet ${u.id}`, parentId: u.parentId })) });
  await db.person.createMany({ data: scenario.personIds.map((id) => ({ id, displayName: id, aadObjectId: crypto.randomUUID() })) });
  const memberships = new Set(scenario.pulses.flatMap((p) => p.recipients.flatMap((r) => r.unitIds.map((u) => `${r.personId}\u0000${u}`))));
  await db.assignment.createMany({
    data: [...memberships].map((m) => {
      const [personId, unitId] = m.split("\u0000") as [string, string];
      return { personId, unitId, role: "member" };
    }),
  });
  const schedule = await db.pulseSchedule.create({ data: { unitId: scenario.rootId, anchorDate: "2026-01-05", rotatingQuestions: "[]" } });
  const pulseIds: string[] = [];
  for (const [t, pulse] of scenario.pulses.entries()) {
    for (const u of scenario.unitsAt[t]!) await db.unit.update({ where: { id: u.id }, data: { parentId: u.parentId } });
    const dueAt = new Date(now.getTime() - (scenario.pulses.length - t) * 14 * DAY - DAY);
    pulseIds.push(
      await runPulse(db, {
        scheduleId: schedule.id,
        rootUnitId: scenario.rootId,
        dueAt,
        questionIds: pulse.questionIds,
        recipients: pulse.recipients,
        answers: pulse.answers,
        k: scenario.k,
      }),
    );
  }
  return pulseIds;
}

const key = (t: number, q: string, u: string) => `${t}\u0000${q}\u0000${u}`;

describe("the tab API, attacked by one viewer fetching everything they can reach", () => {
  it("lets nobody's answer be computed from all it releases together (JSON and CSV)", async () => {
    const keys = await startTabKeys();
    const seen = { runs: 0, released: 0, withheld: 0, overviewAreas: 0, overviewCells: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(arb, async ({ spec, viewer }) => {
          const scenario = materialize(spec);
          const truth = truthOf(scenario);
          const app = await startTestApp({ env: { ...keys.env, MIN_GROUP_SIZE: String(scenario.k), SCHEDULER_ENABLED: "false" } });
          try {
            const now = new Date();
            const pulseIds = await seedScenario(app.db, scenario, now);
            // The viewer: a member who answered (knows their own answer), or someone holding a role on a random unit.
            let oid: string;
            // An HR partner at the root sees the whole organisation: the strongest attacker of the overview.
            const unit = viewer.kind === "hr_partner" ? scenario.rootId : scenario.units[viewer.seed % scenario.units.length]!.id;
            if (viewer.kind === "member") {
              const members = [...new Set(scenario.pulses.flatMap((p) => p.recipients.map((r) => r.personId)))].sort();
              if (members.length === 0) return;
              const person = await app.db.person.findUniqueOrThrow({ where: { id: members[viewer.seed % members.length]! } });
              oid = person.aadObjectId!;
            } else {
              oid = crypto.randomUUID();
              await app.db.person.create({ data: { id: "VIEWER", displayName: "Viewer", aadObjectId: oid } });
              await app.db.assignment.create({ data: { personId: "VIEWER", unitId: unit, role: viewer.kind } });
            }
            const api = tabClient(app, keys);
            const me = MeResponseSchema.parse((await api.get("/api/tab/me", { oid })).body);
            expect(me.units.length).toBeGreaterThan(0);
            const observed: ObservedCell[] = [];
            const problems: string[] = [];
            /** (pulse, question, unit) → respondents, as the unit pages released them. */
            const onPages = new Map<string, number>();
            for (const { id: unitId } of me.units) {
              const res = await api.get(`/api/tab/units/${unitId}`, { oid });
              expect(res.status).toBe(200);
              const page = UnitResponseSchema.parse(res.body);
              everyObject(page, (o, path) => {
                if (o.released === false && Object.keys(o).sort().join() !== "reason,released")
                  problems.push(`${unitId} ${path}: withheld figure carries ${JSON.stringify(o)}`);
              });
              const shownInJson = new Map<string, number>();
              for (const q of page.questions) {
                for (const p of q.pulses) {
                  const t = pulseIds.indexOf(p.pulseId);
                  const people = truth.respondents.get(key(t, q.questionId, unitId)) ?? new Set<string>();
                  if (!p.figure.released) {
                    observed.push({ t, questionId: q.questionId, unitId, released: false, reason: p.figure.reason, figures: null });
                    continue;
                  }
                  const v = p.figure.value;
                  onPages.set(key(t, q.questionId, unitId), v.respondents);
                  shownInJson.set(`${DateTime.fromISO(p.dueAt, { zone: "Europe/Stockholm" }).toISODate()}\u0000${q.text}`, v.respondents);
                  // The figure is the truth about exactly the cell's people, and there are k or more of them.
                  if (people.size < scenario.k) problems.push(`${unitId}/${q.questionId} pulse ${t}: released for ${people.size} < k people`);
                  if (v.respondents !== people.size) problems.push(`${unitId}/${q.questionId} pulse ${t}: shows ${v.respondents}, truth ${people.size}`);
                  const counts: Record<string, number> = {};
                  for (const person of people) {
                    const value = truth.values.get(key(t, q.questionId, person))!;
                    counts[value] = (counts[value] ?? 0) + 1;
                  }
                  for (const band of v.distribution) {
                    const expected = band.values.reduce((sum, value) => sum + (counts[value] ?? 0), 0);
                    if (band.count !== expected)
                      problems.push(`${unitId}/${q.questionId} pulse ${t}: bar ${band.values} shows ${band.count}, truth ${expected}`);
                  }
                  const good = q.scale.goodValues.reduce((sum, value) => sum + (counts[value] ?? 0), 0);
                  observed.push({
                    t,
                    questionId: q.questionId,
                    unitId,
                    released: true,
                    reason: null,
                    figures: {
                      respondents: v.respondents,
                      counts: Object.fromEntries(v.distribution.map((b) => [b.values.join("-"), b.count])),
                      goodCount: good,
                    },
                  });
                }
              }
              // The CSV holds the same released figures and nothing more.
              const csv = await api.get(`/api/tab/units/${unitId}/figures.csv`, { oid });
              expect(csv.status).toBe(200);
              const rows = parseCsv(csv.text.replace(/^\uFEFF/, "")).slice(1);
              expect(rows).toHaveLength(page.questions.reduce((n, q) => n + q.pulses.length, 0));
              for (const r of rows) {
                const shown = shownInJson.get(`${r[0]}\u0000${r[1]}`);
                if (shown === undefined) {
                  if (r.some((cell, i) => i > 1 && i !== 5 && cell !== "") || r[5] === "")
                    problems.push(`${unitId} CSV: withheld row with figures: ${r.join(";")}`);
                } else if (r[2] !== String(shown) || r[5] !== "") problems.push(`${unitId} CSV: ${r.join(";")} but JSON shows ${shown}`);
              }
            }
            // The overview (HR partners' areas) releases nothing the unit pages do not: each released
            // heatmap cell is the same cell, with the same people, as on that unit's page.
            const overview = OverviewResponseSchema.parse((await api.get("/api/tab/overview", { oid })).body);
            if (viewer.kind !== "hr_partner" && overview.areas.length > 0) problems.push(`a ${viewer.kind} was given an area overview`);
            for (const area of overview.areas) {
              seen.overviewAreas++;
              const t = area.pulse ? pulseIds.indexOf(area.pulse.id) : -1;
              for (const row of area.rows) {
                row.cells.forEach((cell, i) => {
                  if (!cell.released) return;
                  seen.overviewCells++;
                  const questionId = area.questions[i]!.questionId;
                  const onPage = onPages.get(key(t, questionId, row.unit.id));
                  if (onPage !== cell.value.respondents)
                    problems.push(`overview ${row.unit.id}/${questionId} pulse ${t}: ${cell.value.respondents} people, the unit page ${onPage ?? "withheld"}`);
                });
              }
            }
            const released = observed.filter((c) => c.released);
            seen.runs++;
            seen.released += released.length;
            seen.withheld += observed.length - released.length;
            const leaks = checkWindowIsolation(scenario, released, { perViewer: false });
            const all = [...problems, ...leaks];
            if (all.length > 0) {
              throw new Error(`${all.slice(0, 5).join("\n")}\n--- viewer ${viewer.kind} of ${unit} ---\n${describeScenario(scenario)}`);
            }
          } finally {
            await app.stop();
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      await keys.close();
    }
    // Not vacuous: the viewers were shown figures, and withheld ones.
    expect(seen.runs).toBeGreaterThan(15);
    expect(seen.released).toBeGreaterThan(20);
    expect(seen.withheld).toBeGreaterThan(5);
    expect(seen.overviewAreas).toBeGreaterThan(0);
  }, 240_000);
});
