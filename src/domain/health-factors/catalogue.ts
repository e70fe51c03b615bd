// The eight friskfaktorer (Sunt Arbetsliv) with stable ids; their labels are data in the i18n
// files (healthFactors.factors.<id>), since the wording differs between materials.
import { z } from "zod/v4";

export const FACTOR_IDS = [
  "leadership",
  "participation",
  "communication",
  "sam",
  "early_intervention",
  "fair_organisation",
  "competence",
  "prioritisation",
] as const;
export type FactorId = (typeof FACTOR_IDS)[number];

export const FactorIdSchema = z.enum(FACTOR_IDS);

/** A rating: 1 (Inte alls) … 5 (Helt och hållet), or null for "Vet inte". */
export type Rating = 1 | 2 | 3 | 4 | 5 | null;
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

/** Stored for a factor the person has not chosen yet on the one-tap card; counted as "Vet inte" at close. */
export const NOT_CHOSEN = 0;

/** How the card sends a rating ("1".."5" or "dk") → Rating; undefined when it is not one. */
export function parseRating(input: unknown): Rating | undefined {
  if (input === "dk") return null;
  const n = typeof input === "string" && /^[1-5]$/.test(input) ? Number(input) : NaN;
  return (RATING_VALUES as readonly number[]).includes(n) ? (n as Rating) : undefined;
}

/** Answer windows an HR partner can choose, in days. */
export const ROUND_WINDOWS_DAYS = [7, 14, 21] as const;
/** A unit agrees on one to three priority factors. */
export const MAX_PRIORITIES = 3;
