// The logger's second line of defence: fields named in REDACTED_FIELDS never reach a log line, at
// the top or one level down, and the object handed to the logger is left as it was.
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED_FIELDS } from "../../src/logger.js";

function logOnce(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  logger.info(fields, "a line");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe("log redaction", () => {
  it.each(REDACTED_FIELDS)("censors %s at the top and one level down", (field) => {
    const line = logOnce({ event: "e", [field]: "secret-1", nested: { [field]: "secret-2", kept: 1 }, list: [{ [field]: "deep" }] });
    expect(line[field]).toBe("[redacted]");
    expect(line.nested).toEqual({ [field]: "[redacted]", kept: 1 });
    expect(JSON.stringify(line)).not.toContain("secret-");
    // Two levels down was never covered (the paths were `f` and `*.f`); said here so a change is a decision.
    expect(line.list).toEqual([{ [field]: "deep" }]);
  });

  it("leaves the logged object as it was and other fields as they are", () => {
    const fields = { event: "pulse.answer", outcome: "stored", value: 4, err: { name: "Error", message: "m" }, counts: [1, 2] };
    const before = structuredClone(fields);
    const line = logOnce(fields);
    expect(fields).toEqual(before);
    expect(line).toMatchObject({ event: "pulse.answer", outcome: "stored", value: "[redacted]", err: { name: "Error", message: "m" }, counts: [1, 2] });
  });
});
