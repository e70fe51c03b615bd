// nudge.dismiss: mark a case not relevant, with the reason from the slot's own input (case-verb.ts).
import { caseVerbRoute } from "./case-verb.js";

export const nudgeDismiss = caseVerbRoute("nudge.dismiss", "dismiss");
