// The friskfaktor cards on a phone (360 px, the adaptivecards renderer in chromium): the one-tap
// scale, the proposal's choices, the activity buttons, the profile's bars — nothing cut off or past
// the edge, in Swedish and English. Text and structure are tested through the bot in round-cycle.
import { describe, expect } from "vitest";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { FACTOR_IDS, type FactorId } from "../../src/domain/health-factors/catalogue.js";
import { release } from "../../src/domain/aggregates/released.js";
import type { UnitProfile } from "../../src/domain/aggregates/read-hf-profile.js";
import type { AgreementState } from "../../src/domain/priorities/agreement.js";
import {
  hfActivityDueCardJson,
  hfMemberResultCardJson,
  hfRatingCardJson,
  hfUnitCardJson,
  type ActivityView,
} from "../../src/teams/cards/health-factor-cards.js";

const roundId = "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
const at = new Date("2026-11-30T09:00:00Z");
const tz = "Europe/Stockholm";
const SHOT = process.env.CARD_SCREENSHOTS; // a folder: save each card as a PNG to look at

const profile: UnitProfile = {
  unit: { id: "U1", name: "Hemtjänsten Norra Stadsdelen" },
  round: { id: roundId, closesAt: at },
  profile: release({
    respondents: 14,
    weakest: "prioritisation",
    strongest: "leadership",
    factors: FACTOR_IDS.map((factorId, i) =>
      factorId === "fair_organisation"
        ? { factorId, shown: false as const, reason: "fewerThanK" as const }
        : {
            factorId,
            shown: true as const,
            rated: 12,
            dontKnow: i === 3 ? 5 : 2,
            mean: 4.6 - i * 0.35,
            distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: value + (i % 2) })),
            change: i === 0 ? null : -0.4,
          },
    ),
  }),
};
const parties = { manager: ["P-chef"], second: ["P-so"], secondRole: "senior_safety_rep" as const };
const proposal = (factorIds: FactorId[]) => ({ factorIds, side: "second" as const, actorId: "P-so", at });
const proposed: AgreementState = {
  roundId,
  unitId: "U1",
  parties,
  proposal: proposal(["competence", "early_intervention", "prioritisation"]),
  agreed: null,
  steps: [
    { kind: "propose", actorId: "P-chef", actorRole: "manager", factorIds: ["prioritisation"], at },
    { kind: "counter", actorId: "P-so", actorRole: "senior_safety_rep", factorIds: ["competence", "early_intervention", "prioritisation"], at },
  ],
};
const agreed: AgreementState = { ...proposed, agreed: { factorIds: ["competence", "early_intervention", "prioritisation"], at } };
const activity = (i: number, status: string): ActivityView => ({
  id: `7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4${i}`,
  factorId: "prioritisation",
  what: "Gemensam genomgång av veckans planering varje måndag morgon med hela arbetsgruppen",
  owner: "Enhetschef och huvudskyddsombud tillsammans",
  dueDate: "2026-12-10",
  status,
  originalDueDate: status === "postponed" ? "2026-12-03" : null,
  editedAt: i === 1 ? at : null,
  doneAt: status === "done" ? at : null,
});
const activities = [activity(0, "planned"), activity(1, "postponed"), activity(2, "done")];
const viewer = { personId: "P-chef", side: "manager" as const, names: new Map([["P-so", "Kristina Andersson-Lindqvist"]]) };

describe.each(["sv-SE", "en-US"] as const)("friskfaktor cards at 360 px (%s)", (locale) => {
  const o = { locale, k: 5, timeZone: tz };
  const cards: [string, Record<string, unknown>][] = [
    ["rating, new", hfRatingCardJson({ roundId, closesAt: at, open: true, ratings: {} }, o)],
    ["rating, half done", hfRatingCardJson({ roundId, closesAt: at, open: true, ratings: { leadership: 4, participation: null, sam: 1 } }, o)],
    ["proposal to answer", hfUnitCardJson(profile, proposed, [], viewer, o)],
    ["agreed, with activities", hfUnitCardJson(profile, agreed, activities, viewer, o)],
    ["due reminder", hfActivityDueCardJson({ ...activities[0]!, unitName: profile.unit.name }, { locale, today: "2026-12-10" })],
    ["members' result", hfMemberResultCardJson(profile, agreed.agreed!, activities, o)],
  ];

  itAtWidth.each(cards)("%s: nothing cut off or past the edge", async (name, card) => {
    expect(validateAdaptiveCard(card)).toEqual([]);
    const drawn = await renderCardAt(card, { width: 360, ...(SHOT ? { screenshotPath: `${SHOT}/${locale}-${name.replace(/\W+/g, "-")}.png` } : {}) });
    expect(drawn.problems).toEqual([]);
    if (name.startsWith("rating")) expect(drawn.text).toContain(locale === "sv-SE" ? "Vet inte" : "Don't know");
    if (name === "proposal to answer") expect(drawn.text).toContain(locale === "sv-SE" ? "Kompetensutveckling och möjlighet" : "Skills development");
  });
});
