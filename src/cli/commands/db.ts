import { resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { migrateDatabase } from "../../db/migrate.js";
import { backupSqliteDatabase, BackupRefused } from "../../db/backup.js";
import { normalizeLocale, translatorFor } from "../../i18n/index.js";

const EX_UNAVAILABLE = 69; // sysexits: the service (here: this way of backing up) is not available
const EX_CANTCREAT = 73;

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
  db.command("backup")
    .description("online backup of the SQLite database into a new file (PostgreSQL: use pg_dump)")
    .argument("<file>", "the backup file to create (never overwritten)")
    .option("--lang <locale>", "language of the report (sv-SE or en-US)")
    .action(async (file: string, options: { lang?: string }) => {
      const config = loadConfig();
      const t = translatorFor(normalizeLocale(options.lang ?? config.defaultLocale));
      if (config.database.provider !== "sqlite") {
        console.error(t("dbBackup.postgres"));
        process.exitCode = EX_UNAVAILABLE;
        return;
      }
      const destination = resolve(file);
      try {
        const { pages } = await backupSqliteDatabase(config.database.file, destination);
        console.log(t("dbBackup.done", { file: destination, pages }));
      } catch (error) {
        if (!(error instanceof BackupRefused)) throw error;
        console.error(t(`dbBackup.${error.reason}`, { path: error.path }));
        process.exitCode = EX_CANTCREAT;
      }
    });
}
