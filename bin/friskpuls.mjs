#!/usr/bin/env node
// `friskpuls` command (npx friskpuls …, npm start). Runs the TypeScript sources through tsx.
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

register();
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Tracing (off by default) must start before the app's modules load: see src/tracing/register.ts.
await import(pathToFileURL(join(root, "src/tracing/register.ts")).href);
const { runCli } = await import(pathToFileURL(join(root, "src/cli/main.ts")).href);
process.exitCode = await runCli(process.argv.slice(2));
