import { describe, expect, it } from "vitest";
import { listOccurrences, latestOccurrence, type WeeklyRule } from "../../src/domain/schedule/weekly-rule.js";
import { isWithinWorkingHours, nextWorkingTime } from "../../src/domain/schedule/working-hours.js";

const everyOtherMonday: WeeklyRule = { weekday: 1, intervalWeeks: 2, anchorDate: "2026-01-05", localTime: "09:00", timeZone: "Europe/Stockholm" };
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("weekly rules in local time", () => {
  it("lists every other Monday 09:00 Stockholm as 08:00Z in winter", () => {
    expect(iso(listOccurrences(everyOtherMonday, new Date("2026-01-01T00:00Z"), new Date("2026-02-03T00:00Z")))).toEqual([
      "2026-01-05T08:00:00.000Z",
      "2026-01-19T08:00:00.000Z",
      "2026-02-02T08:00:00.000Z",
    ]);
  });

  it("moves to 07:00Z across the spring DST change (29 March 2026) and back in October", () => {
    const weekly = { ...everyOtherMonday, intervalWeeks: 1 };
    expect(iso(listOccurrences(weekly, new Date("2026-03-20T00:00Z"), new Date("2026-04-01T00:00Z")))).toEqual([
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
    expect(iso(listOccurrences(weekly, new Date("2026-10-20T00:00Z"), new Date("2026-11-03T00:00Z")))).toEqual([
      "2026-10-26T08:00:00.000Z",
      "2026-11-02T08:00:00.000Z",
    ]);
    expect(iso(listOccurrences(weekly, new Date("2026-10-18T00:00Z"), new Date("2026-10-20T00:00Z")))).toEqual(["2026-10-19T07:00:00.000Z"]);
  });

  it("keeps a local time that does not exist on the DST night as the first valid minute", () => {
    const sundayNight = { weekday: 7, intervalWeeks: 1, anchorDate: "2026-03-29", localTime: "02:30", timeZone: "Europe/Stockholm" };
    const [at] = listOccurrences(sundayNight, new Date("2026-03-28T00:00Z"), new Date("2026-03-30T00:00Z"));
    expect(at!.toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST: 02:30 was skipped
  });

  it("excludes `from` and includes `to`, so consecutive windows never double an occurrence", () => {
    const at = new Date("2026-01-19T08:00Z");
    expect(listOccurrences(everyOtherMonday, new Date("2026-01-10T00:00Z"), at)).toHaveLength(1);
    expect(listOccurrences(everyOtherMonday, at, new Date("2026-01-25T00:00Z"))).toHaveLength(0);
  });

  it("finds the latest occurrence at or before a moment, respecting the interval's parity", () => {
    expect(latestOccurrence(everyOtherMonday, new Date("2026-01-28T12:00Z"))?.toISOString()).toBe("2026-01-19T08:00:00.000Z");
  });
});

describe("working hours", () => {
  const hours = { startHour: 8, endHour: 17, timeZone: "Europe/Stockholm" };
  it("allows a Tuesday 10:00 local and refuses 07:59, 17:00 and Saturday", () => {
    expect(isWithinWorkingHours(new Date("2026-01-13T09:00Z"), hours)).toBe(true);
    expect(isWithinWorkingHours(new Date("2026-01-13T06:59Z"), hours)).toBe(false);
    expect(isWithinWorkingHours(new Date("2026-01-13T16:00Z"), hours)).toBe(false);
    expect(isWithinWorkingHours(new Date("2026-01-17T10:00Z"), hours)).toBe(false);
  });

  it("moves a Friday evening to Monday 08:00 local", () => {
    expect(nextWorkingTime(new Date("2026-01-16T18:00Z"), hours).toISOString()).toBe("2026-01-19T07:00:00.000Z");
  });
});
