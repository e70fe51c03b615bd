// Online backup of the SQLite database (SQLite's backup API through better-sqlite3): a consistent
// copy while the server keeps writing, WAL content included. PostgreSQL has its own tools
// (pg_dump / pg_restore, docs/deploy.md); this module does not reimplement them.
import { existsSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export class BackupRefused extends Error {
  constructor(
    readonly reason: "exists" | "noDirectory" | "noDatabase",
    readonly path: string,
  ) {
    super(`backup refused (${reason}): ${path}`);
  }
}

export interface BackupResult {
  pages: number;
}

/** Copies `source` to `destination`, which must not exist yet (a backup never overwrites). */
export async function backupSqliteDatabase(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupRefused("noDatabase", source);
  if (existsSync(destination)) throw new BackupRefused("exists", destination);
  if (!existsSync(dirname(destination))) throw new BackupRefused("noDirectory", dirname(destination));
  // Read-only: the backup must never change the live file; the busy timeout rides out a writer.
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 15_000 });
  try {
    const { totalPages } = await db.backup(destination);
    return { pages: totalPages };
  } catch (error) {
    rmSync(destination, { force: true }); // no half-written file that looks like a backup
    throw error;
  } finally {
    db.close();
  }
}
