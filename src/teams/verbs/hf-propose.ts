// hf.propose: the chef or skyddsombud proposes (or counter-proposes) 1–3 factors (priority-step.ts).
import { cardVerbRoute } from "../routes.js";
import { takePriorityStep } from "./priority-step.js";

export const hfPropose = cardVerbRoute({
  verb: "hf.propose",
  handle: (turn, data, deps) => takePriorityStep(turn, deps, "propose", data && { roundId: data.roundId, unitId: data.unitId, factorIds: data.proposal }),
});
