// All three signals in one pass (the nudges.detect job and the benchmark).
import type { Db } from "../../db/client.js";
import { detectFallingPulse } from "./detect-falling-pulse.js";
import { detectSickLeave } from "./detect-sick-leave.js";
import { linkContactRequests } from "./link-contact-requests.js";
import type { NudgeThresholds } from "./thresholds.js";

export async function evaluateSignals(db: Db, now: Date, k: number, t: NudgeThresholds) {
  const sickLeave = await detectSickLeave(db, now, t);
  const fallingPulse = await detectFallingPulse(db, now, k, t);
  const contact = await linkContactRequests(db, now);
  return { sickLeave, fallingPulse, contact };
}
