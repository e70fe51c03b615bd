// The recipes of docs/recipes.md, run as written (scripts/recipes.mjs): every flow in the Agents
// Playground's own UI in headless Chromium — pulse, summary, friskfaktor round and priorities, case —
// one tap per friskfaktor, the members' "Så mår vi" and agreed-result cards, an activity added —
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
        timeout: 360_000,
      });
      const line = stdout.split("\n").find((l) => l.startsWith("RECIPES "));
      expect(line, stdout).toBeTruthy();
      const report = JSON.parse(line!.slice("RECIPES ".length)) as { shots: string[]; seen: { shot: string; as: string; text: string }[] };
      const expected = [
        "01-welcome.png",
        "02-help.png",
        "03-pulse-card.png",
        "04-pulse-answered.png",
        "05-summary-chef.png",
        "06-summary-member.png",
        "07-summary-hr-overview.png",
        "08-round-start-form.png",
        "09-round-started.png",
        "10-round-rating-card.png",
        "11-round-rated.png",
        "12-round-profile-chef.png",
        "13-round-proposed.png",
        "14-round-proposal-safety-rep.png",
        "15-round-agreed.png",
        "16-round-agreed-chef.png",
        "17-round-result-member.png",
        "18-round-activity-added.png",
        "19-round-activities-member.png",
        "20-case-card.png",
        "21-case-done.png",
        "22-case-list.png",
      ];
      expect(readdirSync(out).sort()).toEqual(expected);
      expect(report.shots).toEqual(expected);
      for (const file of expected) expect(statSync(join(out, file)).size, file).toBeGreaterThan(10_000);

      // Who saw what: each flow from the role that shows it, in the card's own words.
      const saw = (shot: string) => report.seen.find((s) => s.shot === shot)!;
      expect(saw("02-help.png")).toMatchObject({ as: "Daniel Eriksson", text: prefix("help.title") });
      expect(saw("04-pulse-answered.png")).toMatchObject({ as: "Daniel Eriksson", text: `${prefix("pulse.card.yourAnswer")} Bra` });
      // Daniel and 18 colleagues of the unit's 20 members (the skyddsombud did not answer).
      expect(saw("05-summary-chef.png")).toMatchObject({ as: "Nils Eriksson", text: "19 av 20 svarade" });
      expect(saw("06-summary-member.png")).toMatchObject({ as: "Daniel Eriksson", text: `${prefix("results.member.title")} Förskolan Centrum` });
      expect(saw("07-summary-hr-overview.png").as).toBe("Sofia Lundin");
      expect(saw("09-round-started.png")).toMatchObject({ as: "Sofia Lundin", text: prefix("healthFactors.start.started") });
      // Rated with one tap per factor: the card thanks only once all eight are chosen.
      expect(saw("11-round-rated.png")).toMatchObject({ as: "Daniel Eriksson", text: prefix("healthFactors.rate.thanks") });
      expect(saw("14-round-proposal-safety-rep.png")).toMatchObject({
        as: "Nils Karlsson",
        text: `${prefix("healthFactors.priorities.actTitle")} Förskolan Centrum`,
      });
      expect(saw("15-round-agreed.png")).toMatchObject({ as: "Nils Karlsson", text: `${prefix("healthFactors.priorities.agreedTitle")} Förskolan Centrum` });
      expect(saw("16-round-agreed-chef.png").as).toBe("Nils Eriksson");
      expect(saw("17-round-result-member.png")).toMatchObject({ as: "Daniel Eriksson", text: `${prefix("healthFactors.result.title")} Förskolan Centrum` });
      expect(saw("18-round-activity-added.png")).toMatchObject({ as: "Nils Eriksson", text: "Gå igenom riskbedömningen på nästa APT – Nils Eriksson" });
      expect(saw("19-round-activities-member.png")).toMatchObject({ as: "Daniel Eriksson", text: prefix("healthFactors.result.activitiesIntro") });
      expect(saw("20-case-card.png").text).toMatch(new RegExp(`^${prefix("nudges.signals.shortSickLeave.headline")} `));
      expect(saw("21-case-done.png")).toMatchObject({ as: "Nils Eriksson", text: prefix("nudges.status.done") });
      expect(saw("22-case-list.png")).toMatchObject({ as: "Nils Eriksson", text: prefix("nudges.list.none") });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  420_000,
);
