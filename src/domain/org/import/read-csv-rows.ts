// Reads one HR export file: strict UTF-8 (with or without BOM), comma or semicolon (decided by the
// header), LF or CRLF. Each physical line is parsed on its own, so line numbers in problems are
// exact and one broken quote cannot swallow the rows after it. Line breaks inside a field are not
// allowed (no HR system we know of writes them, and no field may contain one).
import { parse } from "csv-parse/sync";
import type { ImportProblem, OrgFileName } from "./import-problem.js";

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvReadResult {
  rows: CsvRow[];
  problems: ImportProblem[];
  /** False when the header could not be used: the rows are unknown, not absent. */
  readable: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function readCsvRows(file: OrgFileName, bytes: Uint8Array, columns: readonly string[]): CsvReadResult {
  const problems: ImportProblem[] = [];
  const lines = splitLines(file, bytes, problems);
  const headerIndex = lines.findIndex((l) => l.text.trim() !== "");
  if (headerIndex < 0) return { rows: [], problems: [...problems, { file, code: "emptyFile" }], readable: false };
  const header = lines[headerIndex]!;
  const delimiter = detectDelimiter(header.text);
  const headerCells = parseLine(header.text, delimiter);
  if (!headerCells) return { rows: [], problems: [...problems, { file, line: header.line, code: "badHeader" }], readable: false };
  const names = headerCells.map((h) => h.trim().toLowerCase());

  const missing = columns.filter((c) => !names.includes(c));
  const duplicated = names.filter((n, i) => n !== "" && names.indexOf(n) !== i);
  if (missing.length > 0) problems.push({ file, line: header.line, code: "missingColumns", params: { columns: missing.join(", "), found: names.join(", ") } });
  if (duplicated.length > 0) problems.push({ file, line: header.line, code: "duplicateColumns", params: { columns: [...new Set(duplicated)].join(", ") } });
  if (missing.length > 0 || duplicated.length > 0) return { rows: [], problems, readable: false };

  const rows: CsvRow[] = [];
  for (const { line, text } of lines.slice(headerIndex + 1)) {
    if (text.trim() === "") continue;
    const cells = parseLine(text, delimiter);
    if (!cells) {
      problems.push({ file, line, code: "badQuoting" });
      continue;
    }
    if (cells.length !== names.length) {
      problems.push({ file, line, code: "columnCount", params: { expected: names.length, found: cells.length } });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      if (columns.includes(name)) values[name] = cells[i]!.trim();
    });
    rows.push({ line, values });
  }
  return { rows, problems, readable: true };
}

/** Splits on LF (dropping a CR before it) and decodes each line, reporting lines that are not UTF-8. */
function splitLines(file: OrgFileName, bytes: Uint8Array, problems: ImportProblem[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    try {
      out.push({ line, text: utf8.decode(bytes.subarray(start, stop)) });
    } catch {
      problems.push({ file, line, code: "notUtf8" });
    }
    start = end + 1;
    line += 1;
  }
  return out;
}

function detectDelimiter(header: string): "," | ";" {
  const count = (ch: string) => header.split(ch).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

function parseLine(text: string, delimiter: string): string[] | null {
  try {
    const records = parse(text, { delimiter, relax_column_count: true }) as string[][];
    return records.length === 1 ? records[0]! : null;
  } catch {
    return null;
  }
}
