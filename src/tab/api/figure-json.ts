// A domain Figure as the API's JSON: a Released figure with its value (mapped), a withheld one as
// its reason only — the one place the tab turns figures into JSON (Released is a class: its
// `released` is not an own property, so it cannot be sent as it is).
import type { Figure } from "../../domain/aggregates/released.js";

export type FigureJson<T> = { released: true; value: T } | { released: false; reason: "fewerThanK" | "differencing" };

export function figureJson<T, U = T>(figure: Figure<T>, map: (value: T) => U = (v) => v as unknown as U): FigureJson<U> {
  return figure.released ? { released: true, value: map(figure.value) } : { released: false, reason: figure.reason };
}

export function figureJsonOrNull<T>(figure: Figure<T> | null | undefined): FigureJson<T> | null {
  return figure ? figureJson(figure) : null;
}
