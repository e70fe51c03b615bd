// The tab page's texts (issue 17): every key src/tab/web/app.js asks for exists in both languages
// in what /tab/i18n serves (the catalogue's sections, not a copy). i18next's own key check (test/i18n)
// reads only TypeScript; the page is plain JavaScript and looks its texts up itself.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { tabPageStrings } from "../../src/tab/web-routes.js";

const app = readFileSync(join(PROJECT_ROOT, "src/tab/web/app.js"), "utf8");
const lookup = (tree: unknown, key: string) =>
  key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), tree);
const exists = (tree: unknown, key: string) => ["", "_one", "_other"].some((suffix) => typeof lookup(tree, key + suffix) === "string");

it("has every text the page names, in Swedish and English", () => {
  const keys = new Set([...app.matchAll(/\btp\(\s*"([A-Za-z0-9_.]+)"/g)].map((m) => `tabPage.${m[1]}`));
  expect(keys.size).toBeGreaterThan(100);
  for (const locale of ["sv-SE", "en-US"] as const) {
    const strings = tabPageStrings(locale);
    expect(
      [...keys].filter((key) => !exists(strings, key)),
      locale,
    ).toEqual([]);
    // Keys built at run time: each value the API may send.
    for (const r of ["member", "manager", "safety_rep", "stand_in", "hr_partner"]) expect(exists(strings, `tabPage.relation.${r}`), r).toBe(true);
    for (const s of ["planned", "done", "postponed"]) expect(exists(strings, `tabPage.unit.activities.status.${s}`), s).toBe(true);
    for (const s of ["contact_request", "short_sick_leave", "falling_pulse"]) expect(exists(strings, `tabPage.unit.cases.signal.${s}`), s).toBe(true);
    for (const s of ["open", "planned", "done", "not_relevant"]) expect(exists(strings, `tabPage.unit.cases.status.${s}`), s).toBe(true);
    for (const n of ["escalatedCases", "falling", "lowShare", "lowParticipation", "openCases"])
      expect(exists(strings, `tabPage.overview.need.${n}`), n).toBe(true);
    for (const s of ["none", "collecting", "closed"]) expect(exists(strings, `tabPage.overview.roundState.${s}`), s).toBe(true);
    for (const r of ["fewerThanK", "differencing"]) expect(exists(strings, `results.gap.${r}`), r).toBe(true);
    for (const r of ["member", "manager", "safety_rep", "senior_safety_rep", "regional_safety_rep", "hr_partner"])
      expect(exists(strings, `roles.${r}`), r).toBe(true);
  }
});

it("serves Swedish and English that differ (no untranslated copy)", () => {
  const sv = JSON.stringify(tabPageStrings("sv-SE"));
  const en = JSON.stringify(tabPageStrings("en-US"));
  expect(sv).toContain("Så mår vi");
  expect(en).not.toContain("Så mår vi");
});
