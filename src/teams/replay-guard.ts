// botbuilder middleware that runs every inbound turn at most once per activity (ADR 0012). It runs
// after authentication, the envelope check and the tenant check (src/http/routes/messages.ts), so
// only authenticated activities can claim an id. A replay changes nothing and sends nothing; an
// invoke replay still gets its 200, with a short message instead of a card (Teams keeps the card
// the first delivery produced). A turn that throws gives its claim back, so a retry is handled.
import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from "botbuilder";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { normalizeLocale, translatorFor, type Locale } from "../i18n/index.js";
import { claimActivity, completeActivity, processedActivityKey, releaseActivity } from "./processed-activities.js";

export interface ReplayGuardDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Keys the claim digests (the answer-token secret; a separate key is derived from it). */
  secret: string;
  defaultLocale: Locale;
}

export function createReplayGuard(deps: ReplayGuardDeps): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      // A proactive turn (continueConversationAsync) replays the stored reference's activity id.
      const proactive = context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
      const key = proactive ? undefined : processedActivityKey(deps.secret, context.activity);
      if (!key) return next();
      if ((await claimActivity(deps.db, key, deps.clock.now())) === "replay") {
        replayedActivities.add(context.activity);
        deps.logger.info({ event: "teams.replay_ignored", activityType: context.activity.type }, "replayed activity ignored");
        if (context.activity.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: replayBody(context, deps) } });
        return;
      }
      try {
        await next();
      } catch (error) {
        await releaseActivity(deps.db, key).catch(() => undefined);
        throw error;
      }
      await completeActivity(deps.db, key, deps.clock.now());
    },
  };
}

/** A Universal Actions message response: Teams shows the text and leaves the card as it is. */
function replayBody(context: TurnContext, deps: ReplayGuardDeps) {
  const t = translatorFor(normalizeLocale(context.activity.locale, deps.defaultLocale));
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: t("replay.alreadyHandled") };
}

/** Activities the guard answered as replays (the HTTP route counts them for metrics). */
export const replayedActivities = new WeakSet<object>();
