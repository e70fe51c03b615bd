// Holiday pause periods (issue 16): the text HR types, and which local dates they hold back.
// Dates are built from a fixed local date, never today's.
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { formatPauseText, isPausedOn, nextUnpausedOccurrence, parsePauseText } from "../../src/domain/schedule/pause-periods.js";

const day = (isoDate: string) => DateTime.fromISO(isoDate, { zone: "Europe/Stockholm" });

describe("pause text", () => {
  it("reads weeks over the new year, months and dates, in Swedish and English", () => {
    expect(parsePauseText("v52-1, juli; 2027-04-01..2027-04-05")).toEqual({
      ok: true,
      periods: [
        { kind: "weeks", from: 52, to: 1 },
        { kind: "months", from: 7, to: 7 },
        { kind: "dates", from: "2027-04-01", to: "2027-04-05" },
      ],
    });
    expect(parsePauseText("w 8, June-August")).toEqual({
      ok: true,
      periods: [
        { kind: "weeks", from: 8, to: 8 },
        { kind: "months", from: 6, to: 8 },
      ],
    });
    expect(parsePauseText("  ")).toEqual({ ok: true, periods: [] });
  });

  it("names the part it cannot read", () => {
    expect(parsePauseText("v52-1, v60")).toEqual({ ok: false, problem: "v60" });
    expect(parsePauseText("midsommar")).toEqual({ ok: false, problem: "midsommar" });
    expect(parsePauseText("2027-04-05..2027-04-01")).toMatchObject({ ok: false });
  });

  it("writes back what it reads", () => {
    const parsed = parsePauseText("v52-1, juli, 2027-04-01..2027-04-05");
    if (!parsed.ok) throw new Error("parse");
    expect(formatPauseText(parsed.periods, "sv-SE")).toBe("v52-1, juli, 2027-04-01..2027-04-05");
    expect(parsePauseText(formatPauseText(parsed.periods, "en-US"))).toEqual(parsed);
  });
});

describe("paused days", () => {
  const periods = [
    { kind: "weeks", from: 52, to: 1 },
    { kind: "months", from: 7, to: 7 },
  ] as const;
  it.each([
    ["2026-12-21", true], // week 52
    ["2026-12-28", true], // week 53
    ["2027-01-04", true], // week 1
    ["2027-01-11", false], // week 2
    ["2027-07-01", true],
    ["2027-08-02", false],
  ])("%s → %s", (date, paused) => {
    expect(isPausedOn([...periods], day(date))).toBe(paused);
  });

  it("the next pulse skips the pause", () => {
    const rule = { weekday: 1, intervalWeeks: 2, anchorDate: "2026-12-14", localTime: "09:00", timeZone: "Europe/Stockholm" };
    const next = nextUnpausedOccurrence(rule, { after: day("2026-12-14").plus({ hours: 12 }).toJSDate(), periods: [...periods] });
    expect(DateTime.fromJSDate(next!, { zone: "Europe/Stockholm" }).toISO()).toBe("2027-01-11T09:00:00.000+01:00");
    const allYear = nextUnpausedOccurrence(rule, { after: day("2026-12-14").toJSDate(), periods: [{ kind: "months", from: 1, to: 12 }] });
    expect(allYear).toBeUndefined();
  });
});
