// Every text in both languages: sv.json and en.json hold the same keys, and every key the code
// asks for by name exists in both. i18next answers a missing key with the key itself, so a
// renamed or misspelt key would otherwise reach a card as "healthFactors.priorities.other.x".
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const flatten = (tree: unknown, prefix = ""): string[] =>
  tree && typeof tree === "object" ? Object.entries(tree).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
const keysOf = (locale: string) => new Set(flatten(JSON.parse(readFileSync(join(root, "src/i18n", `${locale}.json`), "utf8"))));
const sv = keysOf("sv");
const en = keysOf("en");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "generated" ? [] : sourceFiles(join(dir, e.name))) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

// Plurals resolve to key_one / key_other (and key_zero): the bare key is then not in the file.
const PLURAL_SUFFIXES = ["", "_zero", "_one", "_other"];
const has = (keys: Set<string>, key: string) => PLURAL_SUFFIXES.some((suffix) => keys.has(key + suffix));

describe("i18n keys", () => {
  it("sv-SE and en-US hold the same keys", () => {
    expect(
      [...sv].filter((k) => !en.has(k)),
      "in sv.json only",
    ).toEqual([]);
    expect(
      [...en].filter((k) => !sv.has(k)),
      "in en.json only",
    ).toEqual([]);
  });

  it("every key the code names exists in both languages", () => {
    const named = new Map<string, string>();
    for (const file of sourceFiles(join(root, "src"))) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*["']([A-Za-z0-9_.]+)["']/g)) named.set(match[1]!, file.slice(root.length + 1));
    }
    expect(named.size).toBeGreaterThan(100);
    const missing = [...named].filter(([key]) => !has(sv, key) || !has(en, key)).map(([key, file]) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });
});
