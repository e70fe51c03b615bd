// The keyed pseudonymous token that lets a person change their own answer without the answer
// row naming them (DESIGN.md, "Privacy rules"). Without the key the token says nothing; with it,
// only someone who already knows both the pulse and the person can recompute it.
import { createHmac } from "node:crypto";

export function deriveAnswerToken(secret: string, pulseOrRoundId: string, personId: string): string {
  return createHmac("sha256", secret).update(`${pulseOrRoundId}\u0000${personId}`).digest("base64url");
}
