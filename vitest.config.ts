import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // An odd time zone, so code that forgets to pass one fails loudly.
    env: { TZ: "Pacific/Chatham", LOG_LEVEL: "silent" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["test/harness/global-setup.ts"],
  },
});
