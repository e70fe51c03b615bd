// A pulse answered in the Agents Playground's own UI, in headless Chromium (scripts/playground-demo.mjs):
// install, the pulse card from `friskpuls tick --now`, a click on "Bra", the card updated in place.
// Skipped, saying so, where Chromium is not installed (apt-get install chromium) — but never in CI
// (CI=true), where .ci/run installs it: there a missing browser fails the test.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";

const chromium = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

it("has a browser to run in when run by CI", () => {
  if (process.env.CI) expect(chromium, "CI must install Debian's chromium (.ci/run does)").toBeTruthy();
});

it.skipIf(!chromium)(
  "answers a pulse in the Playground UI and the card updates in place",
  async () => {
    const out = mkdtempSync(join(tmpdir(), "friskpuls-shots-"));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, "scripts/playground-demo.mjs")], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, SCREENSHOT_DIR: out, CHROMIUM_PATH: chromium! },
        timeout: 120_000,
      });
      expect(stdout).toContain("screenshots in");
      expect(readdirSync(out).sort()).toEqual(["1-welcome.png", "2-pulse.png", "3-answered.png"]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  150_000,
);
