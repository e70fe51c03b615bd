// What the tab's routes need, injected by main.ts (tests start the whole app the same way).
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";

export interface TabDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "tab" | "minGroupSize" | "nudges" | "defaultLocale" | "env">;
}
