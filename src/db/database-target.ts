// Where the database is, decided in one place for the server, the CLI and prisma.config.ts.
// DATABASE_URL unset → SQLite file ./data/friskpuls.db; file:… → that SQLite file;
// postgres(ql)://… → PostgreSQL.
import { isAbsolute, resolve } from "node:path";

export type DatabaseTarget = { provider: "sqlite"; url: string; file: string } | { provider: "postgres"; url: string };

export const DEFAULT_SQLITE_FILE = "data/friskpuls.db";

export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const url = databaseUrl?.trim() ? databaseUrl.trim() : `file:${DEFAULT_SQLITE_FILE}`;
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgres", url };
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "") throw new Error("DATABASE_URL file: needs a path");
    const file = isAbsolute(path) ? path : resolve(cwd, path);
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}
