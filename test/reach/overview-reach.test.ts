// HR partners see their area's reach on the overview card: one line, counts of people at the
// level of the area (never who), in Swedish and English.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { overviewCardJson } from "../../src/teams/cards/summary-card.js";
import { release } from "../../src/domain/aggregates/released.js";
import type { SubtreeOverview } from "../../src/domain/aggregates/read-subtree-overview.js";
import { readAreaReach } from "../../src/domain/reach/read-reach.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

const total = release({
  respondents: 40,
  invited: 44,
  distribution: [10, 15, 10, 4, 1].map((count, i) => ({ values: [i + 1], count, pct: (100 * count) / 40 })),
  merged: false,
  sharePct: 62.5,
});
const overview: SubtreeOverview = {
  root: { id: "U1", name: "Socialförvaltningen" },
  pulse: { id: "p", dueAt: new Date("2026-11-02T08:00:00Z"), closesAt: new Date("2026-11-05T08:00:00Z") },
  total,
  rows: [],
};
const options = { k: 5, timeZone: "Europe/Stockholm" };

describe("reach on the HR overview", () => {
  it.each([
    ["sv-SE", "Nås i Teams: 412 av 430 (96\u00a0%)"],
    ["en-US", "Reachable in Teams: 412 of 430 (96%)"],
  ] as const)("shows one line with the area's reach (%s), and the card stays valid", (locale, line) => {
    const card = overviewCardJson(overview, { ...options, locale }, { members: 430, reachable: 412 });
    expect(cardText(card).split("\n")).toContain(line);
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it("shows no line when nobody has a role in the area", () => {
    expect(cardText(overviewCardJson(overview, { ...options, locale: "sv-SE" }, { members: 0, reachable: 0 }))).not.toContain("Nås i Teams");
  });

  describe("counted for the HR partner's subtree", () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await createSqliteTestDb();
    });
    afterEach(async () => t.cleanup());

    it("counts each person once across the subtree, and only those with an active conversation as reachable", async () => {
      await buildUnit(t.db, { id: "U0" });
      await buildUnit(t.db, { id: "U1", parentId: "U0" });
      await buildUnit(t.db, { id: "U1.1", parentId: "U1" });
      await buildUnit(t.db, { id: "U2", parentId: "U0" });
      const at = new Date();
      for (let i = 1; i <= 6; i++) {
        const p = await buildPerson(t.db, { id: `P${i}` });
        await assignRole(t.db, p.id, i <= 2 ? "U1" : i <= 5 ? "U1.1" : "U2", "member");
        if (i % 2 === 1) {
          await t.db.conversationRef.create({
            data: {
              conversationId: `a:${i}`,
              userId: `29:${i}`,
              serviceUrl: "https://smba.example",
              channelId: "msteams",
              reference: "{}",
              installedAt: at,
              personId: p.id,
              active: i !== 5,
            },
          });
        }
      }
      await assignRole(t.db, "P3", "U1", "safety_rep"); // in two units of the area: once
      expect(await readAreaReach(t.db, "U1")).toEqual({ members: 5, reachable: 2 });
      expect(await readAreaReach(t.db, "U0")).toEqual({ members: 6, reachable: 2 });
    });
  });
});
