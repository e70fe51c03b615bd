// hf.start (HR partners): start a friskfaktor round for units of their area; the units are checked
// against their roles in the database (start-round.ts).
import { startRound, StartRoundSchema } from "../../domain/health-factors/start-round.js";
import { translatorFor } from "../../i18n/index.js";
import { formatDayTime } from "../../i18n/dates.js";
import { renderCard } from "../cards/render-card.js";
import { cardVerbRoute } from "../routes.js";
import { hfRefusal } from "./hf-refusal.js";

export const hfStart = cardVerbRoute({
  verb: "hf.start",
  handle: async (turn, data, deps) => {
    const sender = await turn.sender();
    const input = data ? StartRoundSchema.safeParse(data) : undefined;
    if (!sender.person || !input?.success) return hfRefusal(deps, sender, "hf.start", "malformed");
    const result = await startRound(deps.db, { actorId: sender.person.id, input: input.data, now: deps.clock.now() });
    deps.logger.info({ event: "hf.start", outcome: result.ok ? "started" : result.reason }, "health factor round");
    if (!result.ok) return hfRefusal(deps, sender, "hf.start", result.reason);
    const t = translatorFor(sender.locale);
    const when = formatDayTime(result.closesAt, sender.locale, sender.person.timeZone);
    return renderCard("notice", {
      title: t("healthFactors.start.title"),
      paragraphs: [t("healthFactors.start.started", { units: result.units, recipients: result.recipients, when })],
    }).content;
  },
});
