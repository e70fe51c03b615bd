// Middleware (botbuilder's Middleware shape, for adapter.use; no SDK import) that runs every inbound
// turn at most once per activity (ADR 0012). It runs after authentication, the envelope check and
// the tenant check (src/http/routes/messages.ts), so only authenticated activities can claim an id.
// A replay changes nothing and sends nothing; an invoke replay still gets its 200, with a short
// message instead of a card (Teams keeps the card the first delivery produced). A turn that throws
// gives its claim back, so a retry is handled.
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { errorForLog, type Logger } from "../logger.js";
import { normalizeLocale, translatorFor, type Locale } from "../i18n/index.js";
import { claimActivity, completeActivity, processedActivityKey, releaseActivity, type ActivityIdentity } from "./processed-activities.js";

export interface ReplayGuardDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Keys the claim digests (the answer-token secret; a separate key is derived from it). */
  secret: string;
  defaultLocale: Locale;
  /**
   * Work started beside the claim, in the same turn of the event loop, so that on PostgreSQL both
   * leave in one round trip (src/db/direct-postgres.ts): the sender lookup (turn-context.ts).
   */
  alongsideClaim?(activity: GuardedTurn["activity"]): void;
}

/** What the guard reads of botbuilder's TurnContext (structurally: no SDK import here). */
export interface GuardedTurn {
  activity: ActivityIdentity & { type: string; name?: string; locale?: string };
  sendActivity(activity: { type: "invokeResponse"; value: unknown }): Promise<unknown>;
}

export interface ReplayGuard {
  onTurn(context: GuardedTurn, next: () => Promise<void>): Promise<void>;
}

export function createReplayGuard(deps: ReplayGuardDeps): ReplayGuard {
  return {
    async onTurn(context: GuardedTurn, next: () => Promise<void>): Promise<void> {
      // A proactive turn (continueConversationAsync) replays the stored reference's activity id.
      const proactive = context.activity.type === "event" && context.activity.name === "ContinueConversation";
      const key = proactive ? undefined : processedActivityKey(deps.secret, context.activity);
      if (!key) return next();
      deps.alongsideClaim?.(context.activity);
      if ((await claimActivity(deps.db, key, deps.clock.now())) === "replay") {
        replayedActivities.add(context.activity);
        deps.logger.info({ event: "teams.replay_ignored", activityType: context.activity.type }, "replayed activity ignored");
        if (context.activity.type === "invoke") await context.sendActivity({ type: "invokeResponse", value: { status: 200, body: replayBody(context, deps) } });
        return;
      }
      try {
        await next();
      } catch (error) {
        await releaseActivity(deps.db, key).catch(() => undefined);
        throw error;
      }
      // Not waited for: gathered with other turns' completions (processed-activities.ts). Until
      // it is written the claim holds, so a redelivery meanwhile is a replay all the same.
      completeActivity(deps.db, key, deps.clock.now()).catch((error: unknown) =>
        deps.logger.warn({ event: "teams.claim_completion_failed", err: errorForLog(error) }, "could not mark an activity as handled"),
      );
    },
  };
}

/** A Universal Actions message response: Teams shows the text and leaves the card as it is. */
function replayBody(context: GuardedTurn, deps: ReplayGuardDeps) {
  const t = translatorFor(normalizeLocale(context.activity.locale, deps.defaultLocale));
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: t("replay.alreadyHandled") };
}

/** Activities the guard answered as replays (the HTTP route counts them for metrics). */
export const replayedActivities = new WeakSet<object>();
