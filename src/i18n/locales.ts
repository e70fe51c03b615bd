// The languages Friskpuls speaks, apart from the texts: config, jobs and cards share this type
// without loading i18next.
export const LOCALES = ["sv-SE", "en-US"] as const;
export type Locale = (typeof LOCALES)[number];

/** Maps a Teams/HR locale ("sv", "sv-FI", "en-GB", …) to one we have; Swedish otherwise. */
export function normalizeLocale(input: string | null | undefined, fallback: Locale = "sv-SE"): Locale {
  const lang = (input ?? "").toLowerCase().split(/[-_]/)[0];
  if (lang === "sv") return "sv-SE";
  if (lang === "en") return "en-US";
  return fallback;
}
