// The pulse card is a valid Adaptive Card 1.5 in Swedish and English, in every state, as the
// `adaptivecards` library (the reference renderer's object model) parses and validates it.
import { describe, expect, it } from "vitest";
import { pulseCardJson, pulseCardText, refusedPulseCard } from "../../src/teams/cards/pulse-card.js";
import type { PulseView } from "../../src/domain/pulse/record-answer.js";
import { listKeys } from "../../src/i18n/index.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { translatorFor } from "../../src/i18n/index.js";

const validate = validateAdaptiveCard;

const base: PulseView = {
  pulseId: "0b0c7c1e-3d4a-4b5c-8d6e-9f0a1b2c3d4e",
  questionIds: ["self_rated_health", "workload"],
  closesAt: new Date("2026-11-26T08:00:00Z"),
  open: true,
  answers: {},
  contactRequested: false,
};

const states: [string, PulseView][] = [
  ["new", base],
  ["half answered", { ...base, answers: { self_rated_health: 2 } }],
  ["answered, contact asked", { ...base, answers: { self_rated_health: 2, workload: 4 }, contactRequested: true }],
  ["closed", { ...base, open: false, answers: { self_rated_health: 1 } }],
];

describe.each(["sv-SE", "en-US"] as const)("pulse card (%s)", (locale) => {
  it.each(states)("is valid Adaptive Card 1.5 when %s", (_name, view) => {
    const card = pulseCardJson(view, { locale, minGroupSize: 5, timeZone: "Europe/Stockholm" });
    expect(card.version).toBe("1.5");
    expect(validate(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/\$\{|pulse\.(card|questions|scales)\./); // every placeholder and key resolved
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
  });

  it("has a thank-you only when every question is answered and no buttons once closed", () => {
    const text = (v: PulseView) => JSON.stringify(pulseCardJson(v, { locale, minGroupSize: 5, timeZone: "Europe/Stockholm" }));
    expect(text(states[1]![1])).not.toContain(locale === "sv-SE" ? "Tack för dina svar" : "Thank you for answering");
    expect(text(states[2]![1])).toContain(locale === "sv-SE" ? "Tack för dina svar" : "Thank you for answering");
    expect(text(states[3]![1])).not.toContain("Action.Execute");
  });

  it.each(states)("as JSON text is the same card, with the one person's refresh when open (%s)", (_name, view) => {
    const options = { locale, minGroupSize: 5, timeZone: "Europe/Stockholm", refreshFor: "29:person-1" } as const;
    const card = JSON.parse(pulseCardText(view, options)) as Record<string, unknown>;
    expect(card).toEqual(pulseCardJson(view, options));
    expect(validate(card)).toEqual([]);
    expect(card.refresh).toEqual(view.open ? { action: expect.objectContaining({ verb: "pulse.refresh" }), userIds: ["29:person-1"] } : undefined);
  });

  it("refusal card is valid too", () => {
    expect(validate(refusedPulseCard(locale).content as Record<string, unknown>)).toEqual([]);
  });
});

it("every pulse text exists in Swedish and English", () => {
  const sv = listKeys("sv").filter((k) => k.startsWith("pulse."));
  expect(sv.length).toBeGreaterThan(20);
  expect(listKeys("en").filter((k) => k.startsWith("pulse."))).toEqual(sv);
});

it("the validator does reject what Teams would not render", () => {
  expect(validate({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Nonsense" }] })).not.toEqual([]);
  expect(
    validate({
      type: "AdaptiveCard",
      version: "1.5",
      actions: [{ type: "Action.Execute" }, { type: "Action.Execute" }],
      body: [
        { type: "Input.Text", id: "a" },
        { type: "Input.Text", id: "a" },
      ],
    }),
  ).not.toEqual([]);
});

describe.each(["sv-SE", "en-US"] as const)("schedule card (%s)", (locale) => {
  it("is valid Adaptive Card 1.5, own and inherited", async () => {
    const { scheduleCardJson } = await import("../../src/teams/cards/schedule-card.js");
    const schedule = {
      unitId: "U1",
      unitName: "Skolan",
      fromUnitId: "U0",
      fromUnitName: "Kommunen",
      weekday: 1,
      intervalWeeks: 2,
      sendTime: "09:00",
      answerWindowDays: 3,
      timeZone: "Europe/Stockholm",
    };
    for (const card of [scheduleCardJson(schedule, locale), scheduleCardJson({ ...schedule, fromUnitId: "U1" }, locale, true)]) {
      expect(validate(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/\$\{|schedule\.(labels|weekdays)/);
    }
  });
});

describe("one date format on every card (issue 16)", () => {
  it("a day and a deadline, the same form in Swedish and English, in the reader's time zone", async () => {
    const { formatDay, formatDayTime } = await import("../../src/i18n/dates.js");
    const at = new Date("2026-11-26T08:00:00Z");
    expect(formatDay(at, "sv-SE", "Europe/Stockholm")).toBe("26 november 2026");
    expect(formatDay("2026-11-27", "sv-SE", "Europe/Stockholm")).toBe("27 november 2026");
    expect(formatDay(at, "en-US", "Europe/Stockholm")).toBe("November 26, 2026");
    expect(formatDayTime(at, "sv-SE", "Europe/Stockholm")).toBe("torsdag 26 november 2026 kl. 09:00");
    expect(formatDayTime(at, "en-US", "Europe/Stockholm")).toBe("Thursday, November 26, 2026 at 09:00");
    expect(formatDayTime(at, "sv-SE", "America/New_York")).toBe("torsdag 26 november 2026 kl. 03:00");
  });

  it("no card builder formats a date itself", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL("../../src/teams/cards/", import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")))
      expect(readFileSync(new URL(file, dir), "utf8"), file).not.toMatch(/toFormat\(|toLocaleString\(|Intl\.DateTimeFormat/);
  });
});

describe("the pulse card on a phone (360 px)", () => {
  itAtWidth.each(["sv-SE", "en-US"] as const)("shows every answer in full, one button per row, the chosen one marked (%s)", async (locale) => {
    const view = { ...base, answers: { self_rated_health: 2 } };
    const card = pulseCardJson(view, { locale, minGroupSize: 5, timeZone: "Europe/Stockholm" });
    const t = translatorFor(locale);
    const rows = (card.body as Record<string, any>[]).flatMap((b) => b.items ?? []).filter((i: Record<string, any>) => i.type === "ActionSet");
    // Five options per question, each its own row (stacked: side by side they are cut off).
    expect(rows.filter((r: Record<string, any>) => r.actions[0].verb === "pulse.answer")).toHaveLength(10);
    for (const r of rows) expect(r.actions).toHaveLength(1);
    const chosen = rows.find((r: Record<string, any>) => r.actions[0].data.questionId === "self_rated_health" && r.actions[0].data.value === 2)!;
    expect(chosen.actions[0]).toMatchObject({ title: t("pulse.scales.health5.2"), style: "positive" });
    const drawn = await renderCardAt(card, { width: 360 });
    expect(drawn.problems).toEqual([]);
    for (const v of [1, 2, 3, 4, 5]) expect(drawn.text).toContain(t(`pulse.scales.health5.${v}`));
  });
});
