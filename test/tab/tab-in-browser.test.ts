// The tab's page (issue 17) in headless Chromium (Debian's), against the whole app in local mode
// (no BOT_ID: the dev sign-in) on the demo data (test/harness/tab-demo.ts): a member, a chef, a
// skyddsombud and an HR partner click through their views at 1280 and 360 px, each page checked
// by axe-core (WCAG 2.1 A/AA: no serious or critical violation) and saved as a screenshot in
// docs/screenshots/tab/<role>-<view>-<width>.png. Skipped, saying so, where Chromium is missing or
// in the inner loop — never in CI (CI=true), where a missing browser fails.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { CHROMIUM_PATH } from "../harness/card-at-width.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { DEMO_PEOPLE, DEMO_UNITS, seedTabDemo, type TabDemo } from "../harness/tab-demo.js";
import { INNER_LOOP } from "../harness/test-scope.js";

const canRun = Boolean(process.env.CI) || (Boolean(CHROMIUM_PATH) && !INNER_LOOP);
const SHOTS = join(PROJECT_ROOT, "docs", "screenshots", "tab");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SECRET = "tab-browser-test-answer-key-0123456789abcdef";
const WIDTHS = [1280, 360] as const;
/** Skyddsombud of Grundskolan Centrum, where the chef's proposal waits (test/fixtures/org-demo). */
const SCHOOL_SAFETY_REP = "P000028";

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

it("has a browser to run in when run by CI", () => {
  if (process.env.CI) expect(CHROMIUM_PATH, "CI must install Debian's chromium (.ci/run does)").toBeTruthy();
});

describe.skipIf(!canRun)("the tab in a browser", () => {
  let app: TestApp;
  let browser: Browser;
  let demo: TabDemo;

  beforeAll(async () => {
    app = await startTestApp({ env: { ANSWER_TOKEN_SECRET: SECRET } });
    demo = await seedTabDemo(app.db, new Date(), { secret: SECRET });
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH!, args: ["--no-sandbox"], env: browserEnv() });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A page signed in through the dev sign-in as `personId`, on the home view. */
  async function signIn(personId: string, width: number, theme?: string): Promise<Page> {
    // axe is injected as an inline script, which the page's CSP (rightly) refuses: bypass it for the test.
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    (page as Page & { errors?: string[] }).errors = errors;
    await page.goto(`${app.url}/tab/${theme ? `?theme=${theme}` : ""}`);
    await page.getByRole("heading", { level: 1, name: "Utvecklarinloggning – bara lokalt, aldrig i produktion" }).waitFor();
    await page.locator(`button[data-person="${personId}"]`).click();
    await page.getByRole("heading", { level: 1, name: /^Hej / }).waitFor();
    return page;
  }

  /** axe on the page as it is (WCAG 2.1 A and AA), then a full-page screenshot. */
  async function check(page: Page, name: string): Promise<void> {
    await page.waitForLoadState("networkidle");
    expect((page as Page & { errors?: string[] }).errors, "no script errors").toEqual([]);
    await page.addScriptTag({ path: AXE });
    const violations = (await page.evaluate(`(async () => {
      const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
    })()`)) as Violation[];
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function visible(locator: Locator): Promise<void> {
    await locator.first().waitFor({ state: "visible" });
  }

  function mainText(page: Page): Promise<string> {
    return page.locator("main").innerText();
  }

  /** Waits until `locator` matches `n` elements (the page re-renders after a save). */
  async function countIs(locator: Locator, n: number): Promise<void> {
    for (let i = 0; i < 100 && (await locator.count()) !== n; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await locator.count()).toBe(n);
  }

  async function go(page: Page, hash: string, heading: string | RegExp): Promise<void> {
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  }

  it("serves the page with a CSP that lets only Teams frame it, the vendor scripts, and the texts from the catalogue", async () => {
    const page = await fetch(`${app.url}/tab/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors teams.microsoft.com *.teams.microsoft.com *.cloud.microsoft *.office.com");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(await page.text()).not.toMatch(/<script>(?!<\/script>)/);
    for (const path of [
      "/tab/vendor/teams-js/MicrosoftTeams.min.js",
      "/tab/vendor/plot.umd.min.js",
      "/tab/vendor/d3.min.js",
      "/tab/app.js",
      "/tab/styles.css",
    ]) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${app.url}/tab/vendor/../package.json`)).status).not.toBe(200);
    const sv = (await (await fetch(`${app.url}/tab/i18n/sv-SE.json`)).json()) as { tabPage: { start: { devTitle: string } } };
    const en = (await (await fetch(`${app.url}/tab/i18n/en-US.json`)).json()) as { tabPage: { start: { devTitle: string } } };
    expect(sv.tabPage.start.devTitle).toBe("Utvecklarinloggning – bara lokalt, aldrig i produktion");
    expect(en.tabPage.start.devTitle).not.toBe(sv.tabPage.start.devTitle);
    expect((await fetch(`${app.url}/tab/i18n/de-DE.json`)).status).toBe(404);
  });

  it("a member sees Så mår vi with the unit's results, priorities, activities and what is stored", async () => {
    for (const width of WIDTHS) {
      const page = await signIn(DEMO_PEOPLE.member, width);
      await visible(page.getByRole("heading", { level: 2, name: "Så mår vi" }));
      await visible(page.getByRole("heading", { level: 2, name: "Det här sparas om dig" }));
      expect(await mainText(page)).toContain("Gemensam planering varannan vecka på APT");
      await visible(page.locator("main figure svg").first());
      await check(page, `member-home-${width}`);
      await go(page, `#/units/${DEMO_UNITS.preschool}`, "Förskolan Centrum");
      await visible(page.getByText(/\d+ av \d+ svarade/).first());
      await check(page, `member-unit-${width}`);
      await page.context().close();
    }
  });

  it("a chef goes from home to the unit (cases, trends, profile) and to the print page", async () => {
    for (const width of WIDTHS) {
      const page = await signIn(DEMO_PEOPLE.manager, width);
      await check(page, `manager-home-${width}`);
      await page.getByRole("link", { name: "Förskolan Centrum" }).click();
      await page.getByRole("heading", { level: 1, name: "Förskolan Centrum" }).waitFor();
      const main = page.locator("main");
      await visible(page.getByRole("heading", { level: 2, name: "Dina öppna ärenden här" }));
      expect(await mainText(page)).toContain("Omtankessamtal: Elin Bengtsson");
      expect(await mainText(page)).toContain("Försenad");
      await visible(page.getByRole("heading", { level: 2, name: "Friskfaktorer" }));
      // Every chart has its numbers as a table too.
      expect(await main.locator("figure.chart").count()).toBe(await main.locator("figure.chart details.data table").count());
      await check(page, `manager-unit-${width}`);
      await page.getByRole("link", { name: "Utskrift till APT" }).click();
      await page.getByRole("heading", { level: 1, name: /Förskolan Centrum: friskfaktorer/ }).waitFor();
      expect(await mainText(page)).toContain("Överenskommet");
      await check(page, `manager-print-${width}`);
      await page.context().close();
    }
  });

  it("a chef downloads the unit's figures as CSV with the token", async () => {
    const page = await signIn(DEMO_PEOPLE.manager, 1280);
    await go(page, `#/units/${DEMO_UNITS.preschool}`, "Förskolan Centrum");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Ladda ner siffrorna (CSV)" }).click()]);
    const path = await download.path();
    expect(readFileSync(path, "utf8").split("\n").length).toBeGreaterThan(1);
    await page.context().close();
  });

  it("a skyddsombud sees the unit (no cases: those are the chef's)", async () => {
    for (const width of WIDTHS) {
      const page = await signIn(DEMO_PEOPLE.safetyRep, width);
      await check(page, `safety_rep-home-${width}`);
      await page.getByRole("link", { name: "Förskolan Centrum" }).first().click();
      await page.getByRole("heading", { level: 1, name: "Förskolan Centrum" }).waitFor();
      await countIs(page.getByRole("heading", { level: 2, name: "Dina öppna ärenden här" }), 0);
      await check(page, `safety_rep-unit-${width}`);
      await page.context().close();
    }
  });

  it("an HR partner sees the overview ranked by need and drills down to a unit", async () => {
    for (const width of WIDTHS) {
      const page = await signIn(DEMO_PEOPLE.hrPartner, width);
      await check(page, `hr_partner-home-${width}`);
      await page.getByRole("link", { name: "Öppna översikten" }).click();
      await page.getByRole("heading", { level: 1, name: "Översikt" }).waitFor();
      await visible(page.getByRole("heading", { level: 2, name: "Barn- och utbildningsförvaltningen" }));
      await visible(page.locator("main figure.heatmap svg"));
      const overview = await mainText(page);
      expect(overview).toContain("Därför:");
      expect(overview).toContain("1 försenad aktivitet");
      await check(page, `hr_partner-overview-${width}`);
      await page.locator("ol.rows").getByRole("link", { name: "Grundskolan Centrum" }).click();
      await page.getByRole("heading", { level: 1, name: "Grundskolan Centrum" }).waitFor();
      // The pulse with too few answers is a labelled gap, not a point.
      expect(await mainText(page)).toContain("för få svar");
      await check(page, `hr_partner-unit-${width}`);
      await page.context().close();
    }
  });

  it("draws Teams' dark and high-contrast themes (?theme= outside Teams)", async () => {
    for (const theme of ["dark", "contrast"]) {
      const page = await signIn(DEMO_PEOPLE.manager, 1280, theme);
      expect(await page.locator("body").getAttribute("data-theme")).toBe(theme);
      await go(page, `#/units/${DEMO_UNITS.preschool}`, "Förskolan Centrum");
      const background = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(background).not.toBe("rgb(245, 245, 245)");
      await check(page, `manager-unit-1280-${theme}`);
      await page.context().close();
    }
  });

  it("answers a unit outside the person's scope with a sentence, and an invalid token with the sign-in again", async () => {
    const page = await signIn(DEMO_PEOPLE.member, 360);
    await go(page, "#/units/U3.1.1", "Inte tillgängligt för dig");
    expect(await mainText(page)).toContain("Du har inte behörighet att se det här.");
    await check(page, "member-forbidden-360");
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await page.evaluate(`sessionStorage.setItem("friskpuls.tab.devToken", JSON.stringify({ token: "not-a-token", expiresAt: "${expiresAt}" }))`);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Utvecklarinloggning – bara lokalt, aldrig i produktion" }).waitFor();
    expect(await page.getByRole("alert").innerText()).toBe("Din inloggning har gått ut. Logga in igen för att fortsätta.");
    await page.context().close();
  });

  it("shows the page in English with ?lang=en-US, with the lang attribute to match", async () => {
    const page = await signIn(DEMO_PEOPLE.member, 1280);
    expect(await page.locator("html").getAttribute("lang")).toBe("sv-SE");
    await page.goto(`${app.url}/tab/?lang=en-US`);
    await page.getByRole("heading", { level: 2, name: "How we are doing" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en-US");
    await page.context().close();
  });

  // Last: it changes the demo data the views above show.
  it("a skyddsombud marks the overdue activity done", async () => {
    const page = await signIn(DEMO_PEOPLE.safetyRep, 1280);
    await go(page, `#/units/${DEMO_UNITS.preschool}`, "Förskolan Centrum");
    const overdue = page.locator("li.activity.overdue");
    await countIs(overdue, 1);
    await overdue.getByRole("button", { name: "Markera som klar" }).click();
    await countIs(page.locator("li.activity.overdue"), 0);
    const row = await app.db.priorityActivity.findUniqueOrThrow({ where: { id: demo.overdueActivityId } });
    expect(row.status).toBe("done");
    await page.context().close();
  });

  it("Grundskolan Centrum's skyddsombud confirms the chef's proposal and adds an activity", async () => {
    const page = await signIn(SCHOOL_SAFETY_REP, 1280);
    await go(page, `#/units/${DEMO_UNITS.school}`, "Grundskolan Centrum");
    await page.getByRole("button", { name: "Bekräfta förslaget" }).click();
    await page
      .getByText(/^Överenskommet /)
      .first()
      .waitFor();
    await page.getByText("Lägg till en aktivitet").click();
    await page.getByLabel("Vad ska göras?").fill("Chefen finns med på rasterna två dagar i veckan");
    await page.getByLabel("Vem ansvarar?").fill("Mehmet Berg");
    await page.getByLabel("Klart senast").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Spara aktiviteten" }).click();
    await page.getByText("Chefen finns med på rasterna två dagar i veckan").waitFor();
    expect(await app.db.priorityAgreement.count({ where: { unitId: DEMO_UNITS.school } })).toBe(1);
    expect(await app.db.priorityActivity.count({ where: { unitId: DEMO_UNITS.school, owner: "Mehmet Berg" } })).toBe(1);
    await page.context().close();
  });
});

// The browser runs on the real clock: a run under libfaketime must not hand LD_PRELOAD to Chromium.
function browserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "LD_PRELOAD" && k !== "FAKETIME") env[k] = v;
  return env;
}
