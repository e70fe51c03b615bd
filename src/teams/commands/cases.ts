// `ärenden` / `cases`: the sender's open cases (and, for HR partners, those escalated to them).
// A skyddsombud owns only their copy of a unit's case (falling pulse; DESIGN.md, "Early signals"):
// cases are listed by owner, so they never see a case about a person.
// The card's verbs nudge.plan, nudge.done and nudge.dismiss are in verbs/ (case-verb.ts).
import { listEscalatedCasesFor, listOpenCasesOf } from "../../domain/nudges/list-cases.js";
import { recordAudit } from "../../domain/records/audit.js";
import { casesCardJson } from "../cards/case-cards.js";
import { toCardAttachment } from "../cards/card-attachment.js";
import type { ChatCommand } from "../chat-commands.js";

export const casesCommand: ChatCommand = {
  id: "cases",
  words: { sv: "ärenden", en: "cases", aliases: ["arenden", "ärende", "case"] },
  roles: ["manager", "safety_rep", "hr_partner"],
  run: async (turn, sender, deps) => {
    const person = sender.person!;
    const [own, escalated] = await Promise.all([listOpenCasesOf(deps.db, person.id), listEscalatedCasesFor(deps.db, person.id)]);
    const card = casesCardJson(
      own,
      { locale: sender.locale, timeZone: person.timeZone, now: deps.clock.now(), thresholds: deps.nudges, mode: "list" },
      escalated,
    );
    deps.logger.info({ event: "cases.list", own: own.length, escalated: escalated.length }, "cases listed");
    // A case names the person it is about: who saw it is audited, like a view of figures.
    const shownIds = [...new Set([...own, ...escalated].map((c) => c.id))];
    for (const caseId of shownIds)
      await recordAudit(deps.db, {
        at: deps.clock.now(),
        actorId: person.id,
        action: "case.view",
        subjectType: "case",
        subjectId: caseId,
        detail: { via: "command" },
      });
    await turn.reply(toCardAttachment(card));
  },
};
