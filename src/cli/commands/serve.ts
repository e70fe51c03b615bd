import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { createLogger } from "../../logger.js";
import { startFriskpuls } from "../../main.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("migrate the database and start the bot server (npm start)")
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const running = await startFriskpuls(config, { logger });
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ event: "shutdown", signal }, "stopping");
          void running.stop().then(resolve);
        };
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        process.once("SIGINT", () => shutdown("SIGINT"));
      });
    });
}
