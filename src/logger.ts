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
  return pino(
    {
      level,
      base: { service: "friskpuls" },
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)], censor: "[redacted]" },
    },
    destination,
  );
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
