// hf.confirm: the other side confirms the proposed factors (priority-step.ts).
import { cardVerbRoute } from "../routes.js";
import { takePriorityStep } from "./priority-step.js";

export const hfConfirm = cardVerbRoute({
  verb: "hf.confirm",
  handle: (turn, data, deps) => takePriorityStep(turn, deps, "confirm", data),
});
