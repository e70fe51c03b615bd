// The one way proactive cards are planned: each recipient's language (the default where we do not
// speak theirs), one rendering per equal card, the same message every flow planned before, unknown
// people and null cards left out, not-installed people recorded as unreachable, keys idempotent.
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import type { Db } from "../../src/db/client.js";
import { pulseCardKey, summaryKey } from "../../src/delivery/outbox-keys.js";
import { planCards, rememberCards, sendCardsToPeople, type CardSendDeps } from "../../src/delivery/send-cards-to-people.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { buildPerson, seedInstalledPeople } from "../harness/factories.js";

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.cleanup()));
});

const now = new Date("2026-12-03T09:00:00Z");

async function setup(): Promise<{ db: Db; deps: CardSendDeps; installed: string[] }> {
  const t = await createSqliteTestDb();
  open.push(t);
  const installed = (await seedInstalledPeople(t.db, 2, "https://smba.example.test/emea/")).map((p) => p.personId);
  await t.db.person.update({ where: { id: installed[1]! }, data: { locale: "en-GB", timeZone: "Europe/London" } });
  await buildPerson(t.db, { id: "P-not-installed", locale: "fi-FI" });
  return { db: t.db, deps: { db: t.db, clock: fixedClock(now.toISOString()), defaultLocale: "sv-SE" }, installed };
}

describe("sendCardsToPeople", () => {
  it("renders in each person's language and plans the message every flow planned before", async () => {
    const { db, deps, installed } = await setup();
    const seen: string[] = [];
    const result = await sendCardsToPeople(deps, {
      to: [...installed, "P-not-installed", "P-unknown"],
      key: (personId) => pulseCardKey("pulse-1", personId),
      render: (person) => {
        seen.push(`${person.personId}:${person.locale}:${person.timeZone}`);
        return { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: person.locale }] };
      },
      notBefore: now,
    });
    expect(result).toEqual({ planned: 3, alreadyPlanned: 0 });
    expect(seen).toEqual([`${installed[0]}:sv-SE:Europe/Stockholm`, `${installed[1]}:en-US:Europe/London`, "P-not-installed:sv-SE:Europe/Stockholm"]);

    const rows = await db.outboxMessage.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((r) => [r.idempotencyKey, r.kind, r.personId, r.status])).toEqual([
      ["pulse:pulse-1:P-not-installed", "pulse", "P-not-installed", "unreachable"],
      [`pulse:pulse-1:${installed[0]}`, "pulse", installed[0], "pending"],
      [`pulse:pulse-1:${installed[1]}`, "pulse", installed[1], "pending"],
    ]);
    // The payload string is what the jobs stored before this module: existing rows and new ones alike.
    expect(rows[1]!.payload).toBe(
      JSON.stringify({
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "sv-SE" }] },
          },
        ],
      }),
    );
    expect(rows[1]!.conversationRefId).not.toBeNull();
    expect(rows[0]!.conversationRefId).toBeNull();

    // Again: the same keys plan nothing.
    const again = await sendCardsToPeople(deps, {
      to: installed,
      key: (p) => pulseCardKey("pulse-1", p),
      render: () => ({ type: "AdaptiveCard" }),
      notBefore: now,
    });
    expect(again).toEqual({ planned: 0, alreadyPlanned: 2 });
  });

  it("leaves out null cards, takes addressees with more than a person id, and a per-person notBefore", async () => {
    const { deps, installed } = await setup();
    const to = [
      { personId: installed[0]!, unitId: "U1", view: "unitSummary" as const },
      { personId: installed[0]!, unitId: "U2", view: "subtreeOverview" as const },
      { personId: installed[1]!, unitId: "U1", view: "unitSummary" as const },
    ];
    const planned = await planCards(deps, {
      to,
      key: (a) => summaryKey(a.view, "pulse-1", a.unitId, a.personId),
      render: (_person, a) => (a.unitId === "U2" ? null : { type: "AdaptiveCard", unit: a.unitId }),
      notBefore: (person) => new Date(now.getTime() + (person.locale === "en-US" ? 3_600_000 : 0)),
    });
    expect(planned.map((p) => [p.to.unitId, p.message.idempotencyKey, p.message.kind, p.message.notBefore.toISOString()])).toEqual([
      ["U1", `unitSummary:pulse-1:U1:${installed[0]}`, "unitSummary", "2026-12-03T09:00:00.000Z"],
      ["U1", `unitSummary:pulse-1:U1:${installed[1]}`, "unitSummary", "2026-12-03T10:00:00.000Z"],
    ]);
  });

  it("renders each equal card once", () => {
    const once = rememberCards();
    let renders = 0;
    const render = (locale: string) => once(["view", locale], () => ({ n: ++renders }));
    expect([render("sv-SE"), render("sv-SE"), render("en-US"), render("sv-SE")]).toEqual([{ n: 1 }, { n: 1 }, { n: 2 }, { n: 1 }]);
  });
});
