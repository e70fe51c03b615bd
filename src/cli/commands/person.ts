// `friskpuls person export <person_id|e-mail>`: the register extract (GDPR art. 15) — to a folder
// (--out: extract.json and a readable document in the chosen language, files only the operator
// can read) or to stdout. `friskpuls person erase <person_id> --yes --reference <decision>`: erasure
// the employer has decided. Both audited; the log gets counts, never contents.
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { findDataSubject } from "../../domain/records/find-data-subject.js";
import { exportPersonRecord } from "../../domain/records/export-person.js";
import { renderPersonRecord } from "../../domain/records/render-person-record.js";
import { countAnswersNotFound } from "../../domain/records/person-record.js";
import { computeCutoffs } from "../../domain/records/delete-expired-records.js";
import { DecisionReferenceSchema, ERASE_REASONS, erasePerson, type EraseReason } from "../../domain/records/erase-person.js";
import { EX_CANTCREAT, EX_DATAERR, EX_USAGE, withRecordsContext } from "./records-cli.js";

interface ExportOptions {
  out?: string;
  format: string;
  lang?: string;
  reference?: string;
  operator?: string;
  now?: string;
}

interface EraseOptions {
  yes?: boolean;
  reference?: string;
  reason: string;
  operator?: string;
  now?: string;
}

export function documentFileName(locale: string): string {
  return locale === "en-US" ? "register-extract.md" : "registerutdrag.md";
}

export function registerPerson(program: Command): void {
  const person = program.command("person").description("register extracts and decided erasures for one person");
  person
    .command("export")
    .description("everything stored about a person: --out <dir> writes extract.json and a readable document; otherwise printed (--format)")
    .argument("<person>", "the person's HR id or e-mail address")
    .option("--out <dir>", "write extract.json and registerutdrag.md (register-extract.md with --lang en-US) here; existing files are not overwritten")
    .option("--format <format>", "without --out: json or text", "text")
    .option("--lang <locale>", "language of the document (sv-SE or en-US)")
    .option("--reference <ref>", "the request's reference (e.g. a diarienummer), kept in the audit log")
    .option("--operator <name>", "who runs the export, for the audit log (default: the OS account)")
    .option("--now <iso>", "pretend it is this moment (tests)")
    .action(async (ref: string, options: ExportOptions) => {
      if (!options.out && !["json", "text"].includes(options.format)) throw new Error("--format: json or text");
      const reference = options.reference === undefined ? undefined : DecisionReferenceSchema.safeParse(options.reference);
      if (reference && !reference.success) throw new Error(`--reference: ${reference.error.issues[0]!.message}`);
      await withRecordsContext(options, async (c) => {
        const subject = await findDataSubject(c.db, ref);
        if (!subject.ok) {
          console.error(
            subject.reason === "ambiguous"
              ? "person export: that e-mail address belongs to more than one person; give the HR id"
              : "person export: no person with that id or e-mail address",
          );
          process.exitCode = EX_DATAERR;
          return;
        }
        const formats = options.out ? ["json", "markdown"] : [options.format === "json" ? "json" : "markdown"];
        const outDir = options.out ? resolve(options.out) : undefined;
        const files = outDir ? [join(outDir, "extract.json"), join(outDir, documentFileName(c.locale))] : [];
        if (files.some((f) => existsSync(f))) {
          // Before the audit: the log holds no extract that was never written.
          console.error(`person export: ${outDir} already holds an extract; choose an empty folder`);
          process.exitCode = EX_CANTCREAT;
          return;
        }
        if (outDir) await mkdir(outDir, { recursive: true, mode: 0o700 });
        const record = await exportPersonRecord(c.db, c.secret, {
          personId: subject.personId,
          now: c.now,
          actorId: null,
          via: "cli",
          operator: c.operator,
          reference: reference?.data,
          formats,
        });
        if (!record) throw new Error("person export: the person was removed meanwhile");
        const document = renderPersonRecord(record, { locale: c.locale, timeZone: record.person.timeZone, retention: c.config.retention, style: "markdown" });
        const json = `${JSON.stringify(record, null, 2)}\n`;
        c.logger.info(
          { event: "records.person_export", via: "cli", formats: formats.length, pulses: record.pulses.length, rounds: record.rounds.length },
          "register extract",
        );
        const notFound = countAnswersNotFound(record, computeCutoffs(c.now, c.config.retention).answers);
        if (notFound > 0) {
          console.error(
            `person export: WARNING: ${notFound} answered pulse(s) within the retention period have no answers under this key; is ANSWER_TOKEN_SECRET the server's? The extract is incomplete.`,
          );
        }
        if (!outDir) {
          process.stdout.write(options.format === "json" ? json : document);
          return;
        }
        try {
          // wx: an extract already in the folder is never overwritten; 0600: only the operator reads it.
          await writeFile(files[0]!, json, { flag: "wx", mode: 0o600 });
          await writeFile(files[1]!, document, { flag: "wx", mode: 0o600 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          console.error(`person export: ${outDir} already holds an extract; choose an empty folder`);
          process.exitCode = EX_CANTCREAT;
          return;
        }
        console.log(files.join("\n"));
      });
    });
  person
    .command("erase")
    .description("erase a person's personal data and their pseudonymous answers and ratings, as the employer has decided; released figures stay")
    .argument("<personId>", "the person's HR id")
    .option("--yes", "confirm: this cannot be undone")
    .option("--reference <ref>", "the decision's reference (e.g. a diarienummer), kept in the audit log")
    .option("--reason <reason>", `why: ${ERASE_REASONS.join(", ")}`, "other")
    .option("--operator <name>", "who runs the erasure, for the audit log (default: the OS account)")
    .option("--now <iso>", "pretend it is this moment (tests)")
    .action(async (personId: string, options: EraseOptions) => {
      const problems: string[] = [];
      if (!options.yes) problems.push("--yes is required: erasure cannot be undone");
      const reference = DecisionReferenceSchema.safeParse(options.reference ?? "");
      if (!options.reference) problems.push("--reference is required: the decision this erasure carries out");
      else if (!reference.success) problems.push(`--reference: ${reference.error.issues[0]!.message}`);
      if (!(ERASE_REASONS as readonly string[]).includes(options.reason)) problems.push(`--reason: one of ${ERASE_REASONS.join(", ")}`);
      if (problems.length > 0) {
        for (const p of problems) console.error(`person erase: ${p}`);
        process.exitCode = EX_USAGE;
        return;
      }
      await withRecordsContext(options, async (c) => {
        const result = await erasePerson(c.db, c.secret, {
          personId,
          now: c.now,
          reason: options.reason as EraseReason,
          reference: reference.data!,
          operator: c.operator,
        });
        if (!result.ok) {
          console.error("person erase: no person with that id");
          process.exitCode = EX_DATAERR;
          return;
        }
        c.logger.info({ event: "records.person_erase", rows: Object.values(result.counts).reduce((a, b) => a + b, 0) + 1 }, "person erased");
        console.log(JSON.stringify({ erased: personId, counts: result.counts }, null, 2));
        if (result.wasActive)
          console.error("person erase: the person was active in the org data; remove them from the HR export too, or the next org import adds them again");
      });
    });
}
