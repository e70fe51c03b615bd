// Structured JSON logs (pino). Never log answers, ratings or sick-leave data: log ids and counts.
// The redaction list is a second line of defence for fields that must never appear.
import pino from "pino";

export type Logger = pino.Logger;

export const REDACTED_FIELDS = [
  "value",
  "values",
  "answers",
  "ratings",
  "rating",
  "absences",
  "firstDay",
  "lastDay",
  "first_day",
  "last_day",
  "authorization",
  "password",
];

export function createLogger(level: pino.LevelWithSilent = "info", destination?: pino.DestinationStream): Logger {
  // Redacted by a formatter rather than pino's `redact` option: that one (@pinojs/redact) parsed
  // every path again on every line, a sixth of all the memory an answer allocated (issue 22).
  return pino({ level, base: { service: "friskpuls" }, formatters: { log: redactFields } }, destination);
}

const REDACTED = new Set(REDACTED_FIELDS);
const CENSOR = "[redacted]";

/**
 * A log line's fields with every REDACTED_FIELDS key censored, at the top and one level down (as
 * the paths `f` and `*.f`). The logged object is never changed: what needs censoring is copied.
 */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  let out = fields;
  for (const key in fields) {
    const value = fields[key];
    let censored: unknown = value;
    if (REDACTED.has(key)) censored = CENSOR;
    else if (typeof value === "object" && value !== null) censored = censorOneLevel(value as Record<string, unknown>);
    if (censored !== value) {
      if (out === fields) out = { ...fields };
      out[key] = censored;
    }
  }
  return out;
}

function censorOneLevel(object: Record<string, unknown>): Record<string, unknown> | unknown[] {
  let out: Record<string, unknown> | unknown[] = object;
  for (const key in object) {
    if (!REDACTED.has(key)) continue;
    if (out === object) out = Array.isArray(object) ? [...(object as unknown[])] : { ...object };
    (out as Record<string, unknown>)[key] = CENSOR;
  }
  return out;
}

/**
 * An error as a log line may hold it: name, code, and the first and last line of the message,
 * cut short. Some messages carry data in between: Prisma's validation errors print the query's
 * arguments — an answer's value, a rating — under the first line.
 */
export function errorForLog(error: unknown): { name: string; code?: string; message: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  const lines = e.message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const message = [...new Set([lines[0], lines.at(-1)])]
    .filter(Boolean)
    .map((l) => l!.slice(0, 200))
    .join(" … ");
  const code = (error as { code?: unknown } | null)?.code;
  return { name: e.name, ...(typeof code === "string" ? { code } : {}), message };
}
