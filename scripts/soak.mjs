#!/usr/bin/env node
// `npm run soak`: the reliability tests (test/reliability) in their long form — 3,000-message
// fan-outs through a misbehaving connector on both databases, 40 PostgreSQL outages under load,
// 25 SIGKILLs per database — then one summary line per run; and the privacy-over-time property
// tests (issue 14) with many more random histories. CI runs the same tests short.
// Extra arguments go to vitest, e.g. `npm run soak -- kill-during-fanout`.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const filters = process.argv.slice(2);
const started = Date.now();
const child = spawn(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    ...(filters.length
      ? filters.map((f) => `test/reliability/${f}`)
      : ["test/reliability", "test/aggregates/window-differencing.property.test.ts", "test/aggregates/hf-window.property.test.ts"]),
  ],
  {
    cwd: root,
    env: { ...process.env, SOAK: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const summary = [];
let buffered = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  buffered += chunk;
  const lines = buffered.split("\n");
  buffered = lines.pop() ?? "";
  for (const line of lines) if (line.includes("[reliability]")) summary.push(line.slice(line.indexOf("[reliability]")));
});
child.on("exit", (code) => {
  console.log(`\n# Soak summary (${((Date.now() - started) / 60_000).toFixed(1)} min, exit ${code})\n`);
  for (const line of summary) console.log(line);
  process.exit(code ?? 1);
});
