// The teams-ai Application: routes activities to handlers. Card routes are registered before
// the chat-command dispatcher so a card submit never reads as a typed command.
// Deep import: the package index also loads the AI/LLM stack (~35 MB) this bot never uses.
import { Application } from "@microsoft/teams-ai/lib/Application.js";
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { BotDeps } from "./bot-deps.js";
import { errorForLog } from "../logger.js";
import { registerInstallHandlers } from "./handlers/install.js";
import { registerChatCommands } from "./handlers/commands.js";
import { registerPulseActions } from "./handlers/pulse-actions.js";
import { registerScheduleActions, scheduleCommand } from "./handlers/schedule-command.js";
import { resultsCommand } from "./handlers/results-command.js";
import { healthFactorsCommand, registerHealthFactorActions } from "./handlers/health-factor-actions.js";
import { casesCommand, registerCaseActions } from "./handlers/case-actions.js";
import { myDataCommand } from "./handlers/my-data-command.js";

export function createBotApplication(adapter: TeamsAdapter, botAppId: string | undefined, deps: BotDeps): Application {
  const app = new Application({
    adapter,
    botAppId: botAppId ?? "",
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  registerInstallHandlers(app, deps);
  registerPulseActions(app, deps);
  registerScheduleActions(app, deps);
  registerHealthFactorActions(app, deps);
  registerCaseActions(app, deps);
  registerChatCommands(app, deps, [resultsCommand, healthFactorsCommand, casesCommand, scheduleCommand, myDataCommand]);
  app.error(async (ctx, error) => {
    // Never log activity text or values: they may hold answers.
    deps.logger.error(
      { event: "teams.turn_error", activityType: ctx.activity.type, err: errorForLog(error) },
      "unhandled error in bot turn",
    );
  });
  return app;
}
