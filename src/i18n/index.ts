// Every user-facing text comes from sv.json / en.json. Swedish first: unknown locales get sv-SE.
// One fixed translator per recipient (getFixedT), never a shared language switch mid fan-out.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type TFunction } from "i18next";
import { LOCALES, type Locale } from "./locales.js";

export { LOCALES, normalizeLocale, type Locale } from "./locales.js";
export type Translate = TFunction;

const here = dirname(fileURLToPath(import.meta.url));
const readLocale = (name: string) => JSON.parse(readFileSync(join(here, `${name}.json`), "utf8")) as Record<string, unknown>;

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: { "sv-SE": { translation: readLocale("sv") }, "en-US": { translation: readLocale("en") } },
  lng: "sv-SE",
  fallbackLng: "sv-SE",
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

const translators = new Map<Locale, Translate>();
const MAX_MEMOIZED = 5_000;

export function translatorFor(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = memoizePlainLookups(instance.getFixedT(locale));
    translators.set(locale, t);
  }
  return t;
}

/**
 * A lookup with a key alone gives the same text every time (the resources never change while
 * running), so it is answered from a map. i18next resolves every call from scratch, and a pulse
 * card makes a few dozen: 7 % of the server's CPU under load on /api/messages (issue 8). Calls
 * with options (interpolation, plurals) go to i18next as before.
 */
function memoizePlainLookups(t: Translate): Translate {
  const texts = new Map<string, string>();
  const lookup = t as unknown as (...args: unknown[]) => unknown;
  const memoized = (...args: unknown[]): unknown => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== "string") return lookup(...args);
    let text = texts.get(key);
    if (text === undefined) {
      text = String(lookup(key));
      // Keys are ours (a few hundred); the cap only guards against a key built from something else.
      if (texts.size < MAX_MEMOIZED) texts.set(key, text);
    }
    return text;
  };
  return Object.assign(memoized, t) as unknown as Translate;
}

/** All keys of a resource tree, for the test that sv and en cover the same texts. */
export function listKeys(locale: "sv" | "en"): string[] {
  const walk = (node: unknown, prefix: string): string[] =>
    typeof node === "object" && node !== null ? Object.entries(node).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
  return walk(readLocale(locale), "");
}
