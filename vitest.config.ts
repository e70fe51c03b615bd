import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // An odd time zone, so code that forgets to pass one fails loudly.
    env: { TZ: "Pacific/Chatham", LOG_LEVEL: "silent" },
    // A safety net, not a timing assertion: child-process tests share two cores with two other files.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest defaults to one worker on a two-core machine; most of our tests wait on HTTP, child
    // processes (`friskpuls tick`) and databases rather than on the CPU, so three files at a time
    // roughly halves the wall time without starving any of them.
    maxWorkers: 3,
    globalSetup: ["test/harness/global-setup.ts"],
  },
});
