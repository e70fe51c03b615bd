// The figures a person may be shown. `Released` can only be made inside src/domain/aggregates
// (its constructor takes a key this module does not export, and its #brand makes the type
// nominal, so no object literal passes for one). Card renderers accept only these types: a
// figure that did not go through the release rules is a compile error, not a review comment.
import type { SuppressionReason } from "./release-rules.js";

const RELEASE_KEY = Symbol("release");

export class Released<T> {
  readonly #brand = true;
  readonly value: T;

  constructor(key: symbol, value: T) {
    if (key !== RELEASE_KEY) throw new Error("Released figures are made only by the aggregates module");
    this.value = value;
  }

  get released(): true {
    return this.#brand;
  }
}

export interface Suppressed {
  readonly released: false;
  readonly reason: SuppressionReason;
}

export type Figure<T> = Released<T> | Suppressed;

/** For this module only (not re-exported from an index; lint keeps it inside src/domain/aggregates). */
export function release<T>(value: T): Released<T> {
  return new Released(RELEASE_KEY, value);
}

export function suppressed(reason: SuppressionReason): Suppressed {
  return { released: false, reason };
}

export function isReleased<T>(figure: Figure<T>): figure is Released<T> {
  return figure instanceof Released;
}
