// `friskpuls` command line: serve, db migrate, org import, … Each command lives in commands/.
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config.js";
import { registerServe } from "./commands/serve.js";
import { registerDb } from "./commands/db.js";
import { registerOrg } from "./commands/org.js";
import { registerTick } from "./commands/tick.js";
import { registerTargets } from "./commands/targets.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerAbsences } from "./commands/absences.js";
import { registerPerson } from "./commands/person.js";
import { registerRetention } from "./commands/retention.js";
import { registerAudit } from "./commands/audit.js";
import { registerReach } from "./commands/reach.js";

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command("friskpuls")
    .description("Friskpuls: pulse, friskfaktorer and early signals in Microsoft Teams")
    .exitOverride()
    .showHelpAfterError();
  registerServe(program);
  registerDb(program);
  registerOrg(program);
  registerTick(program);
  registerTargets(program);
  registerSchedule(program);
  registerAbsences(program);
  registerPerson(program);
  registerRetention(program);
  registerAudit(program);
  registerReach(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78; // EX_CONFIG
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}
