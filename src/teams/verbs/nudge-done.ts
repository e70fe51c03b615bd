// nudge.done: mark a case done (case-verb.ts).
import { caseVerbRoute } from "./case-verb.js";

export const nudgeDone = caseVerbRoute("nudge.done", "done");
