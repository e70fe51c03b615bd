// The outbox keys are stored: an upgrade that changed one would plan a card a second time. These
// strings are the ones every release so far has written; they must never change.
import { describe, expect, it } from "vitest";
import {
  activityReminderKey,
  digestKey,
  hfMemberActivitiesKey,
  hfMemberResultKey,
  memberResultKey,
  postponedActivityReminderKey,
  pulseCardKey,
  pulseReminderKey,
  roundCardKey,
  roundReminderKey,
  summaryKey,
  unitCardKey,
} from "../../src/delivery/outbox-keys.js";

describe("outbox keys", () => {
  it("keep the kind and the key strings of earlier releases, byte for byte", () => {
    const pulse = "6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a";
    const round = "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
    expect(pulseCardKey(pulse, "P-1")).toEqual({ kind: "pulse", idempotencyKey: "pulse:6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a:P-1" });
    expect(pulseReminderKey(pulse, "P-1")).toEqual({ kind: "pulse-reminder", idempotencyKey: "pulse-reminder:6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a:P-1" });
    expect(roundCardKey(round, "P-1")).toEqual({ kind: "hf-rate", idempotencyKey: "hf-rate:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:P-1" });
    expect(roundReminderKey(round, "P-1")).toEqual({ kind: "hf-remind", idempotencyKey: "hf-remind:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:P-1" });
    expect(unitCardKey(round, "U-7", "results", "P-1")).toEqual({
      kind: "hf-unit",
      idempotencyKey: "hf-unit:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:U-7:results:P-1",
    });
    expect(unitCardKey(round, "U-7", "step2", "P-1").idempotencyKey).toBe("hf-unit:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:U-7:step2:P-1");
    expect(activityReminderKey("A-9", "P-1")).toEqual({ kind: "hf-activity", idempotencyKey: "hf-activity:A-9:P-1" });
    expect(summaryKey("unitSummary", pulse, "U-7", "P-1")).toEqual({
      kind: "unitSummary",
      idempotencyKey: "unitSummary:6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a:U-7:P-1",
    });
    expect(summaryKey("subtreeOverview", pulse, "U-7", "P-1")).toEqual({
      kind: "subtreeOverview",
      idempotencyKey: "subtreeOverview:6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a:U-7:P-1",
    });
    expect(digestKey("P-1", "2026-12-03")).toEqual({ kind: "nudge-digest", idempotencyKey: "nudge-digest:P-1:2026-12-03" });
    // Added in issue 16 ("Så mår vi" to members): its own kind, so no earlier key can collide with it.
    expect(memberResultKey(pulse, "U-7", "P-1")).toEqual({
      kind: "memberResult",
      idempotencyKey: "memberResult:6f1c2a9e-0d3b-4b7a-9a51-1f0e2d3c4b5a:U-7:P-1",
    });
  });

  it("issue 16's keys are new strings that no earlier key can equal", () => {
    const round = "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
    expect(hfMemberResultKey(round, "U-7", "P-1")).toEqual({ kind: "hf-result", idempotencyKey: "hf-result:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:U-7:P-1" });
    expect(hfMemberActivitiesKey(round, "U-7", "P-1").idempotencyKey).toBe("hf-result:0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b:U-7:activities:P-1");
    expect(postponedActivityReminderKey("A-9", "2026-12-20", "P-1")).toEqual({ kind: "hf-activity", idempotencyKey: "hf-activity:A-9:2026-12-20:P-1" });
    expect(postponedActivityReminderKey("A-9", "2026-12-20", "P-1").idempotencyKey).not.toBe(activityReminderKey("A-9", "P-1").idempotencyKey);
  });

  it("join the parts as they are (ids with a colon were never escaped, and still are not)", () => {
    expect(pulseCardKey("a:b", "c").idempotencyKey).toBe("pulse:a:b:c");
  });
});
