// The attacker of issue 14, in exact arithmetic: a viewer keeps every card they were shown (every
// pulse of the window: summaries, trends, comparisons, overviews, `resultat`) and assumes that
// nobody's answer changed across the window. Each released figure — the respondent count, every
// count of the distribution, goodCount — is the sum, over the cell's people, of something fixed
// about each person, so with x_p a person's answer as a one-hot vector, a released cell with the
// person set S shows Σ_{p∈S} x_p. The viewer can compute Σ_i c_i·(cell i) for any rational c;
// they learn person p's answer exactly when the indicator vector e_p is a combination of the
// released cells' indicator vectors — and then that combination of the *figures* is p's answer.
// A viewer who answered knows their own x_v and can subtract it (a skyddsombud who is a member;
// members shown their unit's result): then e_p + α·e_v in the span is enough.
//
// The check works per question over atoms (people in exactly the same visible cells have equal
// coefficients in every combination, so they are one column), with integer (BigInt) row reduction:
// no rounding anywhere. When it finds a combination, it also applies it to the released figures
// and compares the result with the person's true answer — the leak is shown, not just claimed.
// Not a test file itself (vitest only picks up *.test.ts).
import { truthOf, viewerFamilies, WINDOW_PULSES, type ObservedCell, type Scenario } from "./differencing-model.js";

const key = (t: number, questionId: string, unit: string) => `${t}\u0000${questionId}\u0000${unit}`;

export interface WindowCheckOptions {
  /** Stop after this many findings. */
  limit?: number;
  /** Also check every single viewer family (not only all viewers together); default true. */
  perViewer?: boolean;
}

interface Row {
  cell: ObservedCell;
  people: ReadonlySet<string>;
}

/**
 * Every way a viewer (or all viewers together) can compute the answer of a set of fewer than k
 * people — one person alone, or two small atoms' difference or sum — from the released figures of
 * every pulse (all of them lie inside one window in these scenarios), with and without knowing
 * their own answer. Returns sentences naming the viewer, the cells, the people and the answer
 * recovered from the figures (empty: nobody can be singled out).
 */
export function checkWindowIsolation(scenario: Scenario, observed: readonly ObservedCell[], options: WindowCheckOptions = {}): string[] {
  const limit = options.limit ?? 3;
  if (scenario.pulses.length > WINDOW_PULSES) throw new Error("the scenarios are meant to fit in one window");
  const truth = truthOf(scenario);
  const findings: string[] = [];
  const viewers: { name: string; sees: (cell: ObservedCell) => boolean }[] = [{ name: "all viewers together", sees: () => true }];
  if (options.perViewer ?? true) {
    for (const family of viewerFamilies(scenario)) viewers.push({ name: family.name, sees: (cell) => family.unitsAt(cell.t).includes(cell.unitId) });
  }
  const questions = [...new Set(scenario.pulses.flatMap((p) => p.questionIds))];
  const seen = new Set<string>();
  for (const viewer of viewers) {
    for (const q of questions) {
      if (findings.length >= limit) return findings;
      const rows: Row[] = [];
      const signatures = new Set<string>();
      for (const cell of observed) {
        if (!cell.released || cell.questionId !== q || !viewer.sees(cell)) continue;
        const people = truth.respondents.get(key(cell.t, q, cell.unitId)) ?? new Set<string>();
        const signature = [...people].sort().join(",");
        if (signatures.has(signature)) continue; // the same people: nothing new to combine
        signatures.add(signature);
        rows.push({ cell, people });
      }
      for (const finding of isolations(rows, scenario.k)) {
        const text = describe(viewer.name, q, finding, rows, truth, scenario.k);
        // One finding per set of people and question is enough to read.
        const id = `${q}:${finding.people.join(",")}:${finding.self ?? ""}`;
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push(text);
        if (findings.length >= limit) return findings;
      }
    }
  }
  return findings;
}

interface Finding {
  people: string[];
  /** The viewer's own answer used (they are that person). */
  self?: string;
  /** Rational combination of the rows: coefficients / scale; `selfCoefficient` of the viewer's own vector. */
  coefficients: bigint[];
  scale: bigint;
  sign: 1 | -1;
  pair?: string[];
}

/** For the checker's own tests: who can be singled out from these person sets (and by whom, knowing their own answer). */
export function findIsolations(sets: readonly ReadonlySet<string>[], k: number): { people: string[]; self?: string }[] {
  const rows = sets.map((people, i) => ({ people, cell: { t: 0, questionId: "q", unitId: `R${i}`, released: true, reason: null, figures: null } }));
  return isolations(rows, k).map((f) => (f.self ? { people: f.people, self: f.self } : { people: f.people }));
}

function isolations(rows: readonly Row[], k: number): Finding[] {
  if (rows.length === 0) return [];
  // Atoms: people with the same column (the same visible cells).
  const atomOf = new Map<string, number>();
  const atoms: string[][] = [];
  const bySignature = new Map<string, number>();
  for (const person of new Set(rows.flatMap((r) => [...r.people]))) {
    const signature = rows.map((r) => (r.people.has(person) ? "1" : "0")).join("");
    let id = bySignature.get(signature);
    if (id === undefined) {
      id = atoms.length;
      bySignature.set(signature, id);
      atoms.push([]);
    }
    atoms[id]!.push(person);
    atomOf.set(person, id);
  }
  const matrix = rows.map((r) => atoms.map((members) => (r.people.has(members[0]!) ? 1n : 0n)));
  const basis = new Basis(atoms.length, rows.length);
  matrix.forEach((row, i) => basis.add(row, unit(rows.length, i)));
  const findings: Finding[] = [];
  const small = atoms.map((members, a) => ({ a, members })).filter(({ members }) => members.length < k);
  for (const { a, members } of small) {
    const hit = basis.express(unit(atoms.length, a));
    if (hit) findings.push({ people: [...members].sort(), coefficients: hit.coefficients, scale: hit.scale, sign: 1 });
  }
  // Two small atoms together under k: their difference (or sum) would single them out too.
  for (let i = 0; i < small.length; i++) {
    for (let j = i + 1; j < small.length; j++) {
      const { a, members } = small[i]!;
      const { a: b, members: other } = small[j]!;
      if (members.length + other.length >= k) continue;
      for (const sign of [1, -1] as const) {
        const target = unit(atoms.length, a);
        target[b] = sign === 1 ? 1n : -1n;
        const hit = basis.express(target);
        if (hit && !findings.some((f) => f.people.includes(members[0]!) || f.people.includes(other[0]!))) {
          findings.push({ people: [...members, ...other].sort(), coefficients: hit.coefficients, scale: hit.scale, sign, pair: [...members].sort() });
        }
      }
    }
  }
  // A viewer alone in their atom knows their own answer: add it, and look for anyone else alone.
  const singles = atoms.flatMap((members, a) => (members.length === 1 ? [a] : []));
  for (const self of singles) {
    const known = basis.clone();
    known.add(unit(atoms.length, self), new Array<bigint>(rows.length).fill(0n));
    for (const a of singles) {
      if (a === self || findings.some((f) => f.people.includes(atoms[a]![0]!))) continue;
      const hit = known.express(unit(atoms.length, a));
      if (hit) findings.push({ people: [atoms[a]![0]!], self: atoms[self]![0]!, coefficients: hit.coefficients, scale: hit.scale, sign: 1 });
    }
  }
  return findings;
}

function unit(length: number, i: number): bigint[] {
  const v = new Array<bigint>(length).fill(0n);
  v[i] = 1n;
  return v;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * An echelon basis of integer rows, each with the integer combination of the original rows it
 * stands for (fraction-free elimination; every row divided by its content, so numbers stay small).
 */
class Basis {
  private pivots: { col: number; row: bigint[]; combo: bigint[] }[] = [];
  constructor(
    private readonly width: number,
    private readonly sources: number,
  ) {}

  clone(): Basis {
    const copy = new Basis(this.width, this.sources);
    copy.pivots = this.pivots.map((p) => ({ col: p.col, row: [...p.row], combo: [...p.combo] }));
    return copy;
  }

  /** Reduces v: returns (residual, combo, scale) with residual = scale·v − Σ combo·sources. */
  private reduce(v: bigint[]): { residual: bigint[]; combo: bigint[]; scale: bigint } {
    let residual = [...v];
    let combo = new Array<bigint>(this.sources).fill(0n);
    let scale = 1n;
    for (const p of this.pivots) {
      const f = residual[p.col]!;
      if (f === 0n) continue;
      const m = p.row[p.col]!;
      residual = residual.map((x, i) => x * m - p.row[i]! * f);
      combo = combo.map((x, i) => x * m + p.combo[i]! * f);
      scale *= m;
      const g = [...residual, ...combo, scale].reduce((acc, x) => gcd(acc, x), 0n);
      if (g > 1n) {
        residual = residual.map((x) => x / g);
        combo = combo.map((x) => x / g);
        scale /= g;
      }
    }
    return { residual, combo, scale };
  }

  /** Adds a row standing for `combo` of the sources (if independent of those already in). */
  add(row: bigint[], combo: bigint[]): void {
    const r = this.reduce(row);
    const col = r.residual.findIndex((x) => x !== 0n);
    if (col === -1) return;
    // residual = scale·row − Σ r.combo·sources, and row = Σ combo·sources.
    const rowCombo = combo.map((x, i) => x * r.scale - r.combo[i]!);
    this.pivots.push({ col, row: r.residual, combo: rowCombo });
    this.pivots.sort((a, b) => a.col - b.col);
  }

  /** v as a combination of the sources (coefficients / scale), or null when v is not in the span. */
  express(v: bigint[]): { coefficients: bigint[]; scale: bigint } | null {
    const r = this.reduce(v);
    if (r.residual.some((x) => x !== 0n)) return null;
    return { coefficients: r.combo, scale: r.scale };
  }
}

function describe(viewer: string, q: string, f: Finding, rows: readonly Row[], truth: ReturnType<typeof truthOf>, k: number): string {
  // Apply the combination to the released figures: Σ c_i·counts_i / scale.
  const recovered = new Map<string, bigint>();
  let respondents = 0n;
  f.coefficients.forEach((c, i) => {
    if (c === 0n) return;
    const figures = rows[i]!.cell.figures!;
    respondents += c * BigInt(figures.respondents);
    for (const [value, count] of Object.entries(figures.counts)) recovered.set(value, (recovered.get(value) ?? 0n) + c * BigInt(count));
  });
  const signed = (c: bigint) => {
    const r = ratio(c, f.scale);
    return r.startsWith("-") ? r : `+${r}`;
  };
  const used = f.coefficients.flatMap((c, i) => (c === 0n ? [] : [`${signed(c)}·${rows[i]!.cell.unitId}@${rows[i]!.cell.t}`]));
  let answer = "";
  if (f.people.length === 1 && !f.self) {
    // Only a lone person's answer is a one-hot vector; check the algebra against the truth.
    const value = rows.map((r) => truth.values.get(key(r.cell.t, q, f.people[0]!))).find((v) => v !== undefined);
    const shown = [...recovered]
      .filter(([, c]) => c !== 0n)
      .map(([v, c]) => `${v}:${ratio(c, f.scale)}`)
      .join(" ");
    answer = `; the figures give ${shown} (respondents ${ratio(respondents, f.scale)})${value === undefined ? "" : `, and the true answer is ${value}`}`;
  }
  const who = f.self ? `${viewer} who is ${f.self} (knows their own answer)` : viewer;
  const what = f.pair
    ? `the ${f.sign === 1 ? "sum" : "difference"} of {${f.pair.join(",")}} and {${f.people.filter((p) => !f.pair!.includes(p)).join(",")}}`
    : `{${f.people.join(",")}}`;
  return `${who}, ${q}: ${used.join(" ")} isolates ${what} (${f.people.length} < k=${k})${answer}`;
}

function ratio(n: bigint, d: bigint): string {
  const g = gcd(n, d) || 1n;
  let [a, b] = [n / g, d / g];
  if (b < 0n) [a, b] = [-a, -b];
  return b === 1n ? `${a}` : `${a}/${b}`;
}
