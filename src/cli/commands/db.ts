import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { migrateDatabase } from "../../db/migrate.js";

export function registerDb(program: Command): void {
  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations (start does this too)")
    .action(async () => {
      const config = loadConfig();
      const result = await migrateDatabase(config.database);
      console.log(
        result.applied.length > 0
          ? `applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
          : `database is up to date (${result.alreadyApplied} migration(s))`,
      );
    });
}
