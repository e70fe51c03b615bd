// The recipes of docs/recipes.md, run as written (scripts/recipes.mjs): every flow in the Agents
// Playground's own UI in headless Chromium — pulse, summary, friskfaktor round and priorities, case —
// with the screenshots it saves and the card texts it saw, as the member, chef, skyddsombud and
// hr-partner of the demo org. Skipped, saying so, where Chromium is not installed (apt-get install
// chromium) — but never in CI (CI=true), where .ci/run installs it: there a missing browser fails.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";

const chromium = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const sv = JSON.parse(readFileSync(join(PROJECT_ROOT, "src/i18n/sv.json"), "utf8"));
/** sv.json's text up to its first {{variable}}: what the card shows whatever is filled in. */
const prefix = (key: string) => (key.split(".").reduce((o, k) => o[k], sv) as unknown as string).split("{{")[0]!.replace(/\*\*/g, "").trim();

it("has a browser to run in when run by CI", () => {
  if (process.env.CI) expect(chromium, "CI must install Debian's chromium (.ci/run does)").toBeTruthy();
});

it.skipIf(!chromium)(
  "walks through every flow in the Playground UI and saves the recipes' screenshots",
  async () => {
    const out = mkdtempSync(join(tmpdir(), "friskpuls-recipes-shots-"));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, "scripts/recipes.mjs")], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, SCREENSHOT_DIR: out, CHROMIUM_PATH: chromium! },
        timeout: 240_000,
      });
      const line = stdout.split("\n").find((l) => l.startsWith("RECIPES "));
      expect(line, stdout).toBeTruthy();
      const report = JSON.parse(line!.slice("RECIPES ".length)) as { shots: string[]; seen: { shot: string; as: string; text: string }[] };
      const expected = [
        "01-welcome.png",
        "02-pulse-card.png",
        "03-pulse-answered.png",
        "04-summary-chef.png",
        "05-summary-hr-overview.png",
        "06-round-start-form.png",
        "07-round-started.png",
        "08-round-rating-card.png",
        "09-round-rated.png",
        "10-round-profile-chef.png",
        "11-round-proposed.png",
        "12-round-proposal-safety-rep.png",
        "13-round-agreed.png",
        "14-round-agreed-chef.png",
        "15-case-card.png",
        "16-case-done.png",
        "17-case-list.png",
      ];
      expect(readdirSync(out).sort()).toEqual(expected);
      expect(report.shots).toEqual(expected);
      for (const file of expected) expect(statSync(join(out, file)).size, file).toBeGreaterThan(10_000);

      // Who saw what: each flow from the role that shows it, in the card's own words.
      const saw = (shot: string) => report.seen.find((s) => s.shot === shot)!;
      expect(saw("03-pulse-answered.png")).toMatchObject({ as: "Daniel Eriksson", text: `${prefix("pulse.card.yourAnswer")} Bra` });
      expect(saw("04-summary-chef.png")).toMatchObject({ as: "Nils Eriksson", text: "19 svar" }); // Daniel and 18 colleagues
      expect(saw("05-summary-hr-overview.png").as).toBe("Sofia Lundin");
      expect(saw("07-round-started.png")).toMatchObject({ as: "Sofia Lundin", text: prefix("healthFactors.start.started") });
      expect(saw("09-round-rated.png")).toMatchObject({ as: "Daniel Eriksson", text: prefix("healthFactors.rate.thanks") });
      expect(saw("12-round-proposal-safety-rep.png")).toMatchObject({ as: "Nils Karlsson", text: "Nils Eriksson föreslår:" });
      expect(saw("13-round-agreed.png")).toMatchObject({ as: "Nils Karlsson", text: `${prefix("healthFactors.priorities.agreedTitle")} Förskolan Centrum` });
      expect(saw("14-round-agreed-chef.png").as).toBe("Nils Eriksson");
      expect(saw("15-case-card.png").text).toMatch(new RegExp(`^${prefix("nudges.signals.shortSickLeave.headline")} `));
      expect(saw("16-case-done.png")).toMatchObject({ as: "Nils Eriksson", text: prefix("nudges.status.done") });
      expect(saw("17-case-list.png")).toMatchObject({ as: "Nils Eriksson", text: prefix("nudges.list.none") });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  300_000,
);
