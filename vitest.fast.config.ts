// `npm run test:fast`: the inner loop. The whole suite minus what needs a server, a browser or a
// long run: SQLite only (PostgreSQL cases skip, see test/harness/databases.ts), no Chromium, no
// soak-style reliability runs that kill and restart processes, no production install from a
// packed tarball. CI runs the full `npm test`; this never replaces it.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { FRISKPULS_TEST_DATABASES: "sqlite" },
      exclude: [
        ...configDefaults.exclude,
        // Chromium driving the Agents Playground.
        "test/playground/pulse-in-browser.test.ts",
        // SIGKILLs, restarts and outages of separate processes (npm run soak is their long form).
        "test/reliability/**",
        "test/delivery/crash-and-processes.test.ts",
        // npm pack + npm install of the production image's file set.
        "test/deploy/production-install.test.ts",
      ],
    },
  }),
);
