// Imported by bin/friskpuls.mjs before the CLI and the app: instrumentation patches modules as
// they load, so nothing that should be traced (http, express, pg) may be imported before this.
// Off by default; when off it costs one small config parse.
import { loadTracingConfig } from "../config.js";
import { startTracing } from "./start-tracing.js";

const config = loadTracingConfig();
if (config) {
  const tracing = await startTracing(config);
  // Flush what is buffered when the process ends on its own (CLI commands, a drained server).
  process.once("beforeExit", () => void tracing.shutdown().catch(() => undefined));
}
