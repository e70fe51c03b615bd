// `friskpuls retention`: per data class how long it is kept (configuration, ADR 0016), how many
// rows are stored and how many the next run of the retention jobs deletes. Counts, never contents.
import type { Command } from "commander";
import { translatorFor } from "../../i18n/index.js";
import { readRetentionReport, type RetentionLine } from "../../domain/records/retention-report.js";
import { withRecordsContext } from "./records-cli.js";

export function registerRetention(program: Command): void {
  program
    .command("retention")
    .description("what is kept, for how long, and what the next retention run deletes (counts)")
    .option("--json", "print the report as JSON")
    .option("--lang <locale>", "language of the report (sv-SE or en-US)")
    .option("--now <iso>", "as at this moment")
    .action(async (options: { json?: boolean; lang?: string; now?: string }) => {
      await withRecordsContext(options, async (c) => {
        const lines = await readRetentionReport(c.db, c.now, c.config.retention);
        if (options.json) {
          console.log(JSON.stringify({ now: c.now.toISOString(), classes: lines }, null, 2));
          return;
        }
        const t = translatorFor(c.locale);
        const period = (l: RetentionLine) =>
          l.period ? t(`records.document.period.${l.period.unit}`, { value: l.period.value }) : t("records.document.retentionKept");
        const rows = lines.map((l) => [
          t(`records.document.retentionClass.${l.class}`),
          period(l),
          String(l.stored),
          String(l.dueForDeletion),
          l.cutoff ?? "–",
        ]);
        const header =
          c.locale === "en-US"
            ? ["data", "kept", "stored", "next run deletes", "older than"]
            : ["uppgifter", "sparas", "lagrade", "nästa körning raderar", "äldre än"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const r of [header, ...rows])
          console.log(
            r
              .map((cell, i) => cell.padEnd(widths[i]!))
              .join("  ")
              .trimEnd(),
          );
      });
    });
}
