// Structured JSON logs (pino). Never log answers, ratings or sick-leave data: log ids and counts.
// The redaction list is a second line of defence for fields that must never appear.
import pino from "pino";

export type Logger = pino.Logger;

export const REDACTED_FIELDS = ["value", "values", "answers", "ratings", "rating", "absences", "firstDay", "lastDay", "first_day", "last_day", "authorization", "password"];

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
