// Issue 16's HR cards at 360 px (Teams mobile): the overview with its "Chefsstöd" section, the
// schedule card (HR partner's form and a chef's pause form) — nothing cut off or past the edge,
// in Swedish and English. (The pulse card's answer buttons are the pulse card's own layout.)
import { describe, expect } from "vitest";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { overviewCardJson } from "../../src/teams/cards/summary-card.js";
import { scheduleCardJson } from "../../src/teams/cards/schedule-card.js";
import { release, suppressed } from "../../src/domain/aggregates/released.js";
import type { SubtreeOverview } from "../../src/domain/aggregates/read-subtree-overview.js";
import type { EffectiveSchedule } from "../../src/domain/pulse/change-schedule.js";

const figures = (counts: number[]) => {
  const respondents = counts.reduce((a, b) => a + b, 0);
  return release({
    respondents,
    invited: null,
    merged: false,
    distribution: counts.map((count, i) => ({ values: [i + 1], count, pct: (100 * count) / respondents })),
    sharePct: (100 * (counts[0]! + counts[1]!)) / respondents,
  });
};
const dueAt = new Date("2027-02-01T08:00:00Z");
const overview: SubtreeOverview = {
  root: { id: "U1", name: "Barn- och utbildningsförvaltningen" },
  pulse: { id: "p", dueAt, closesAt: new Date(dueAt.getTime() + 3 * 86_400_000) },
  total: figures([40, 80, 50, 20, 10]),
  totalParticipation: release(71.4),
  rows: [
    {
      unit: { id: "A", name: "Förskolan Solrosen med ett långt namn" },
      depth: 1,
      figure: figures([1, 3, 3, 2, 1]),
      change: release(-23.5),
      participation: release(41.7),
      cases: { open: 3, escalated: 2 },
      needs: ["escalatedCases", "falling", "lowShare", "lowParticipation", "openCases"],
    },
    {
      unit: { id: "B", name: "Grundskolan Centrum" },
      depth: 1,
      figure: suppressed("differencing"),
      change: suppressed("differencing"),
      participation: suppressed("differencing"),
      cases: { open: 1, escalated: 0 },
      needs: ["openCases"],
    },
    {
      unit: { id: "C", name: "Fritidshemmet" },
      depth: 1,
      figure: figures([5, 5, 1, 0, 0]),
      change: release(2),
      participation: release(90),
      cases: { open: 0, escalated: 0 },
      needs: [],
    },
  ],
};
const schedule: EffectiveSchedule = {
  unitId: "U2",
  unitName: "Hemtjänsten Centrum",
  fromUnitId: "U0",
  fromUnitName: "Exempelkommun",
  weekday: 1,
  intervalWeeks: 2,
  sendTime: "09:00",
  answerWindowDays: 3,
  timeZone: "Europe/Stockholm",
  pauses: [
    { kind: "weeks", from: 52, to: 1 },
    { kind: "months", from: 7, to: 7 },
  ],
  questionPack: "hme",
  unitPause: { fromDate: "2027-03-01", toDate: "2027-03-14" },
  nextPulseAt: new Date("2027-03-15T08:00:00Z"),
};

describe.each(["sv-SE", "en-US"] as const)("HR cards at 360 px (%s)", (locale) => {
  itAtWidth("the overview with the Chefsstöd section fits", async () => {
    const drawn = await renderCardAt(overviewCardJson(overview, { locale, k: 5, timeZone: "Europe/Stockholm" }, { members: 430, reachable: 412 }));
    expect(drawn.problems).toEqual([]);
    expect(drawn.text).toContain("Förskolan Solrosen med ett långt namn");
  });

  itAtWidth("the schedule form (HR partner) and the pause form (chef) fit", async () => {
    for (const mode of ["hr", "chef"] as const) {
      const drawn = await renderCardAt(scheduleCardJson(schedule, locale, { mode }));
      expect(drawn.problems).toEqual([]);
    }
  });
});
