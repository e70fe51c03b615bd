// The one table of card verbs (src/teams/card-verbs.ts): every verb a card template names has a
// schema, what a card builder puts in an action's data passes its handler's schema, and Teams'
// own keys are set aside before the strict check.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionData, CARD_VERB_NAMES, parseVerbData } from "../../src/teams/card-verbs.js";
import { pulseCardJson } from "../../src/teams/cards/pulse-card.js";

const templates = join(import.meta.dirname, "../../src/teams/cards/templates");
const pulseId = "0b0c7c1e-3d4a-4b5c-8d6e-9f0a1b2c3d4e";

describe("the card verb table", () => {
  it("knows every verb a card template names, and every verb in it is used by a template", () => {
    const named = new Set<string>();
    for (const file of readdirSync(templates)) {
      for (const [, verb] of readFileSync(join(templates, file), "utf8").matchAll(/"verb":\s*"([^"$]+)"/g)) named.add(verb!);
    }
    // A block built in code rather than a template: the pulse card's per-person refresh (issue 16).
    for (const [, verb] of readFileSync(join(templates, "../pulse-card.ts"), "utf8").matchAll(/verb: "([^"]+)"/g)) named.add(verb!);
    expect([...named].sort()).toEqual([...CARD_VERB_NAMES].sort());
  });

  it("accepts what the pulse card carries, with the verb and Teams' msteams key set aside", () => {
    const card = JSON.stringify(
      pulseCardJson(
        { pulseId, questionIds: ["workload"], closesAt: new Date(Date.now() + 86_400_000), open: true, answers: {}, contactRequested: false },
        { locale: "sv-SE", minGroupSize: 5, timeZone: "Europe/Stockholm" },
      ),
    );
    const data = JSON.parse(card.match(/"data":(\{"verb":"pulse\.answer"[^}]*\})/)![1]!) as Record<string, unknown>;
    expect(parseVerbData("pulse.answer", { ...data, msteams: { type: "messageBack" } })).toEqual({ pulseId, questionId: "workload", value: data.value });
  });

  it("refuses unknown fields, wrong types and non-objects (strict schemas)", () => {
    expect(parseVerbData("pulse.contact", { ...actionData("pulse.contact", { pulseId, wanted: true }), personId: "someone" })).toBeUndefined();
    expect(parseVerbData("pulse.contact", { pulseId, wanted: "yes" })).toBeUndefined();
    expect(parseVerbData("nudge.done", ["not", "an", "object"])).toBeUndefined();
    expect(parseVerbData("nudge.done", null)).toBeUndefined();
  });

  it("keeps a case card's slot inputs for its handler, bounded in length", () => {
    const caseId = "1b0c7c1e-3d4a-4b5c-8d6e-9f0a1b2c3d4e";
    const data = actionData("nudge.plan", { caseId, slot: 2, caseIds: [caseId] });
    expect(parseVerbData("nudge.plan", { ...data, plannedFor_2: "2026-12-10" })).toMatchObject({ caseId, slot: 2, plannedFor_2: "2026-12-10" });
    expect(parseVerbData("nudge.plan", { ...data, plannedFor_2: "x".repeat(41) })).toBeUndefined();
  });
});
