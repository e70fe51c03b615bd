// nudge.plan: mark a case planned, with the date from the slot's own input (case-verb.ts).
import { caseVerbRoute } from "./case-verb.js";

export const nudgePlan = caseVerbRoute("nudge.plan", "plan");
