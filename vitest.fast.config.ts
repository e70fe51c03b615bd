// `npm run test:fast`: the inner loop. The suite minus what needs a server, a browser or a long
// run: SQLite only (PostgreSQL cases skip, see test/harness/databases.ts), no Chromium, no
// reliability runs that kill and restart processes, no production install from a packed tarball,
// and no `friskpuls` child processes or 10,000-person imports (test/harness/test-scope.ts).
// CI runs the full `npm test`; this never replaces it.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { FRISKPULS_TEST_DATABASES: "sqlite", FRISKPULS_TEST_SCOPE: "fast" },
      exclude: [
        ...configDefaults.exclude,
        // Chromium driving the Agents Playground.
        "test/playground/pulse-in-browser.test.ts",
        // SIGKILLs, restarts and outages of separate processes (npm run soak is their long form).
        "test/reliability/**",
        "test/delivery/crash-and-processes.test.ts",
        // npm pack + npm install of the production image's file set.
        "test/deploy/production-install.test.ts",
        // Files whose every case runs the CLI or servers as child processes, or the large org.
        "test/records/records-cli.test.ts",
        "test/org/org-import-cli.test.ts",
        "test/db/backup.test.ts",
        "test/app/tracing.test.ts",
        "test/aggregates/build-cells-concurrency.test.ts",
        "test/security/privacy-run.test.ts",
        "test/reach/reach-org-large.test.ts",
      ],
    },
  }),
);
