// `friskpuls audit export [--from] [--to] [--format csv|json] [--out file]`: the audit log for the
// data protection officer. A date without a time means that whole day in Swedish time: --from is
// its start, --to its end. The export is itself audited.
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DateTime } from "luxon";
import { exportAuditLog, formatAuditCsv } from "../../domain/records/audit-export.js";
import { EX_CANTCREAT, withRecordsContext } from "./records-cli.js";

const ZONE = "Europe/Stockholm";

/** "2026-11-01" → that day's start (or, for --to, the next day's start) in Swedish time; an ISO instant as given. */
export function parseAuditBound(value: string | undefined, edge: "from" | "to"): Date | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: ZONE });
    if (!day.isValid) throw new Error(`--${edge}: not a date: ${value}`);
    return (edge === "to" ? day.plus({ days: 1 }) : day).toJSDate();
  }
  const at = DateTime.fromISO(value, { setZone: true });
  if (!at.isValid || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value)) throw new Error(`--${edge}: a date (YYYY-MM-DD) or an ISO time with zone, got ${value}`);
  return at.toJSDate();
}

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("the audit log: who saw and changed what");
  audit
    .command("export")
    .description("export audit events (views of figures, schedule/target/priority changes, cases, extracts, erasures)")
    .option("--from <date>", "from this date (YYYY-MM-DD, Swedish time) or ISO time, inclusive")
    .option("--to <date>", "to this date (inclusive day) or ISO time (exclusive)")
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write to this file (not overwritten) instead of stdout")
    .option("--operator <name>", "who runs the export, for the audit log (default: the OS account)")
    .option("--now <iso>", "pretend it is this moment (tests)")
    .action(async (options: { from?: string; to?: string; format: string; out?: string; operator?: string; now?: string }) => {
      if (options.format !== "csv" && options.format !== "json") throw new Error("--format: csv or json");
      const from = parseAuditBound(options.from, "from");
      const to = parseAuditBound(options.to, "to");
      if (from && to && from >= to) throw new Error("--from must be before --to");
      if (options.out && existsSync(resolve(options.out))) {
        // Checked before the export is audited, so the log holds no export that was never written.
        console.error(`audit export: ${options.out} exists; choose a new file`);
        process.exitCode = EX_CANTCREAT;
        return;
      }
      await withRecordsContext(options, async (c) => {
        const rows = await exportAuditLog(c.db, { from, to, now: c.now, format: options.format as "csv" | "json", operator: c.operator });
        const text = options.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : formatAuditCsv(rows);
        c.logger.info({ event: "records.audit_export", events: rows.length }, "audit export");
        if (!options.out) {
          process.stdout.write(text);
          return;
        }
        try {
          await writeFile(resolve(options.out), text, { flag: "wx", mode: 0o600 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          console.error(`audit export: ${options.out} exists; choose a new file`);
          process.exitCode = EX_CANTCREAT;
        }
      });
    });
}
