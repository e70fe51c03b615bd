// After one realistic run (test/security/full-run.ts): no card, no HTTP response and no log line
// carries an individual's answers, ratings or sick leave. The checks are computed here from the
// CSV files and the answers the test itself gave, independently of src/:
//   - every figure anyone was shown is right and stands for at least k people;
//   - no sum or difference of all figures shown (to anyone: the union) comes down to 1…k−1
//     people — checked by atoms, per pulse question, per friskfaktor cell and per factor;
//   - a person's answers go back to that person only; nobody's name stands next to an answer;
//   - logs (server, console, CLI children) hold no answer, rating, sick-leave date or person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cardText } from "../harness/fake-connector.js";
import { DEMO, fullRun, K, type FullRun } from "./full-run.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";
import { QUESTION_BANK } from "../../src/domain/pulse/question-bank.js";

let run: FullRun;
beforeAll(async () => {
  run = await fullRun();
}, 240_000);
afterAll(async () => run?.app.stop());

// ---------------------------------------------------------------- what people were shown

const i18n = ["sv", "en"].map((l) => JSON.parse(readFileSync(join(PROJECT_ROOT, "src/i18n", `${l}.json`), "utf8")) as Record<string, any>);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** "Pulsresultat: {{unit}}" → /^Pulsresultat: (?<unit>.+)$/, for both languages. */
const template = (path: string, anchored = true) => {
  const sources = i18n.map((t) => path.split(".").reduce<any>((o, k) => o[k], t) as string);
  return sources.map(
    (s) => new RegExp(`${anchored ? "^" : ""}${escape(s).replace(/\\\{\\\{(\w+)\\\}\\\}/g, (_m, name) => `(?<${name}>.+?)`)}${anchored ? "$" : ""}`),
  );
};
const matchAny = (res: RegExp[], line: string) => res.map((r) => r.exec(line)).find(Boolean)?.groups;

const unitByName = new Map(DEMO.units.map((u) => [u.name, u.id]));
const subtree = (unitId: string): Set<string> => {
  const out = new Set([unitId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of DEMO.units) if (u.parentId && out.has(u.parentId) && !out.has(u.id)) grew = out.add(u.id) && true;
  }
  return out;
};
const memberUnits = (personId: string) => DEMO.assignments.filter((a) => a.personId === personId && a.role === "member").map((a) => a.unitId);
const inSubtree = (personId: string, unitId: string) => memberUnits(personId).some((u) => subtree(unitId).has(u));

/** A message someone received: a connector activity (to the conversation's owner) or an HTTP response. */
interface Seen {
  to: string;
  via: string;
  /** Each card (or plain text) as a person reads it, one line per text. */
  texts: string[];
  /** The card's elements — a TextBlock, a fact (title and value), a row of columns — as read together. */
  groups: string[];
  json: string;
}

/** What is read together: a name and a value in one of these stand next to each other. */
function groupsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(groupsOf);
  if (!node || typeof node !== "object") return [];
  const n = node as Record<string, any>;
  if (n.type === "TextBlock") return [String(n.text ?? "")];
  if (n.type === "RichTextBlock") return [(n.inlines ?? []).map((i: any) => (typeof i === "string" ? i : i.text)).join("")];
  if (n.type === "FactSet") return (n.facts ?? []).map((f: any) => `${f.title}\n${f.value}`);
  if (n.type === "ColumnSet") return [cardText(n)];
  return Object.values(n).flatMap(groupsOf);
}

function everythingSeen(): Seen[] {
  const ownerOf = new Map([...run.users].map(([personId, u]) => [u.conversationId, personId]));
  const fromConnector = run.app.connector.sent.map((s) => {
    const cards = (s.activity.attachments ?? []).map((a: { content: Record<string, unknown> }) => a.content);
    return {
      to: ownerOf.get(s.conversationId)!,
      via: `${s.method} to ${s.conversationId}`,
      texts: [...(s.activity.text ? [s.activity.text as string] : []), ...cards.map((c: Record<string, unknown>) => cardText(c))],
      groups: [...(s.activity.text ? [s.activity.text as string] : []), ...groupsOf(cards)],
      json: JSON.stringify(s.activity),
    };
  });
  const fromHttp = run.exchanges.map((e) => {
    const value = (e.body as { value?: unknown } | undefined)?.value;
    const card = value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
    return {
      to: e.personId,
      via: `HTTP ${e.status} for ${e.request.type} ${e.request.value?.action?.verb ?? e.request.value?.verb ?? e.request.text ?? ""}`,
      texts: card ? [cardText(card)] : typeof value === "string" ? [value] : [],
      groups: card ? groupsOf(card) : typeof value === "string" ? [value] : [],
      json: JSON.stringify(e.body ?? null),
    };
  });
  return [...fromConnector, ...fromHttp];
}

type Figure =
  | { kind: "pulse"; unitId: string; questionId: string; n: number | null }
  | { kind: "hfCell"; unitId: string; n: number }
  | { kind: "hfFactor"; unitId: string; factorId: string; n: number };

const QUESTION_TEXTS = new Map(Object.keys(QUESTION_BANK.questions).flatMap((q) => i18n.map((t) => [t.pulse.questions[q] as string, q] as const)));
const FACTOR_LABELS = new Map(FACTOR_IDS.flatMap((f) => i18n.map((t) => [t.healthFactors.factors[f] as string, f] as const)));
const RE = {
  summaryTitle: template("results.title"),
  memberTitle: template("results.member.title"),
  overviewTitle: template("results.overviewTitle"),
  comparison: template("results.comparison"),
  overviewTotal: template("results.overviewTotal"),
  overviewRow: template("results.overviewRow"),
  hfTitles: [
    ...template("healthFactors.profile.title"),
    ...template("healthFactors.priorities.proposedTitle"),
    ...template("healthFactors.priorities.agreedTitle"),
    ...template("healthFactors.priorities.actTitle"),
    ...template("healthFactors.result.title"), // the members' card (issue 16)
  ],
  factorLine: template("healthFactors.profile.factorLine"),
  /** "33 svar", "33 responses": a count, never "färre än 5 svar" or "… svarade". */
  respondents: /^(\d+) (svar|responses)\b/,
  /** "8 av 11 svarade", "8 svarade" (issue 16): participation beside a summary's figure. */
  participation: [...template("results.participation"), ...template("results.participationCount")],
};
const count = (s: string) => Number(/(\d+)/.exec(s)?.[1] ?? NaN);

/** Every figure in the message, attributed to a unit (and question or factor). */
function figuresIn(text: string): Figure[] {
  const lines = text.split("\n");
  const out: Figure[] = [];
  const title = lines[0] ?? "";
  const summary = matchAny(RE.summaryTitle, title);
  const member = matchAny(RE.memberTitle, title);
  const overview = matchAny(RE.overviewTitle, title);
  const hf = RE.hfTitles.map((r) => r.exec(title)?.groups).find((g) => g && unitByName.has(g.unit!));
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? "";
    const comparison = matchAny(RE.comparison, line);
    if (comparison && unitByName.has(comparison.unit!))
      out.push({ kind: "pulse", unitId: unitByName.get(comparison.unit!)!, questionId: "self_rated_health", n: null });
    if (summary && QUESTION_TEXTS.has(line) && RE.respondents.test(next)) {
      out.push({ kind: "pulse", unitId: unitByName.get(summary.unit!)!, questionId: QUESTION_TEXTS.get(line)!, n: count(next) });
    }
    // Issue 16: the heading, the share (and its change), then "8 av 11 svarade".
    if (summary && QUESTION_TEXTS.has(line)) {
      const shown = lines
        .slice(i + 1, i + 4)
        .map((l) => matchAny(RE.participation, l))
        .find(Boolean);
      if (shown)
        out.push({ kind: "pulse", unitId: unitByName.get(summary.unit!)!, questionId: QUESTION_TEXTS.get(line)!, n: Number(shown.respondents ?? shown.count) });
    }
    // "Så mår vi" to members: the unit's core figure.
    if (member && unitByName.has(member.unit!) && matchAny(RE.participation, line)) {
      const shown = matchAny(RE.participation, line)!;
      out.push({ kind: "pulse", unitId: unitByName.get(member.unit!)!, questionId: "self_rated_health", n: Number(shown.respondents ?? shown.count) });
    }
    if (overview) {
      const total = matchAny(RE.overviewTotal, line);
      const totalCount = total && /\((\d+) (svar|responses)\)/.exec(total.value!);
      if (totalCount) out.push({ kind: "pulse", unitId: unitByName.get(overview.unit!)!, questionId: "self_rated_health", n: Number(totalCount[1]) });
      if (unitByName.has(line) && matchAny(RE.overviewRow, next))
        out.push({ kind: "pulse", unitId: unitByName.get(line)!, questionId: "self_rated_health", n: count(matchAny(RE.overviewRow, next)!.count!) });
    }
    if (hf) {
      if (RE.respondents.test(line)) out.push({ kind: "hfCell", unitId: unitByName.get(hf.unit!)!, n: count(line) });
      const factor = FACTOR_LABELS.get(line);
      // Since issue 16 a bar ("███████░░░ 3,5") may stand between the factor and its figures.
      const figures = factor && matchAny(RE.factorLine, /^[█░]/.test(next) ? (lines[i + 2] ?? "") : next);
      if (factor && figures) out.push({ kind: "hfFactor", unitId: unitByName.get(hf.unit!)!, factorId: factor, n: Number(figures.rated) });
    }
    // The HR partner's round overview: "<unit>" then "<state> · N svar".
    if (!hf && !summary && !overview && unitByName.has(line) && /·\s*\d+ (svar|responses)\b/.test(next)) {
      out.push({ kind: "hfCell", unitId: unitByName.get(line)!, n: count(/·\s*(\d+)/.exec(next)![1]!) });
    }
  }
  return out;
}

/** The people behind a figure, from the test's own records. */
function peopleBehind(f: Figure): Set<string> {
  if (f.kind === "pulse") return new Set([...run.answers].filter(([p, a]) => a[f.questionId] !== undefined && inSubtree(p, f.unitId)).map(([p]) => p));
  const raters = [...run.ratings].filter(([p]) => inSubtree(p, f.unitId));
  if (f.kind === "hfCell") return new Set(raters.map(([p]) => p));
  return new Set(raters.filter(([, r]) => r[f.factorId] !== "dk").map(([p]) => p));
}

const seriesOf = (f: Figure) => (f.kind === "pulse" ? `pulse ${f.questionId}` : f.kind === "hfCell" ? "hf" : `hf ${f.factorId}`);

describe("no card and no response carries an individual's answers", () => {
  it("the run did what it says: answers, ratings, summaries, profiles and cases all happened", async () => {
    expect(run.answers.size).toBe(55);
    expect(await run.app.db.pulseParticipation.count({ where: { questionId: "self_rated_health" } })).toBe(55);
    expect(run.ratings.size).toBe(33);
    const figures = everythingSeen().flatMap((s) => s.texts.flatMap(figuresIn));
    expect(figures.filter((f) => f.kind === "pulse").length).toBeGreaterThan(15);
    expect(figures.filter((f) => f.kind === "hfFactor").length).toBeGreaterThan(20);
    // Issue 16: summaries say "N av M svarade", members get "Så mår vi"; both are read as figures here.
    const texts = everythingSeen().flatMap((s) => s.texts);
    const memberFigures = texts.filter((t) => matchAny(RE.memberTitle, t.split("\n")[0]!)).flatMap(figuresIn);
    expect(memberFigures.length).toBeGreaterThan(5);
    const summaryFigures = texts.filter((t) => matchAny(RE.summaryTitle, t.split("\n")[0]!)).flatMap(figuresIn);
    expect(summaryFigures.filter((f) => f.n !== null).length).toBeGreaterThan(5);
    expect(everythingSeen().filter((s) => s.texts.some((t) => /Omtankessamtal: |vill att du hör av dig/.test(t))).length).toBeGreaterThan(0);
    expect(run.exchanges.every((e) => e.status === 200)).toBe(true);
  });

  it("every figure shown is right and stands for at least k people; units under k show none", () => {
    const problems: string[] = [];
    let summariesUnderK = 0;
    for (const seen of everythingSeen()) {
      for (const text of seen.texts) {
        for (const f of figuresIn(text)) {
          const truth = peopleBehind(f).size;
          if (f.n !== null && f.n !== truth) problems.push(`${seen.via}: ${JSON.stringify(f)} but ${truth} people are behind it`);
          if (truth < K) problems.push(`${seen.via}: ${JSON.stringify(f)} stands for ${truth} < ${K} people`);
        }
        // A summary of a unit under k: the reason, and no figure of its own.
        const title = matchAny(RE.summaryTitle, text.split("\n")[0]!);
        if (title && peopleBehind({ kind: "pulse", unitId: unitByName.get(title.unit!)!, questionId: "self_rated_health", n: null }).size < K) {
          summariesUnderK++;
          const own = text.split("\n").filter((l) => !matchAny(RE.comparison, l) && !/73 %/.test(l));
          if (own.some((l) => /\d+\s*%|\d+ (svar|responses)\b|^\d+ \(/.test(l))) problems.push(`${seen.via}: figures for ${title.unit} (under k)`);
        }
      }
    }
    expect(summariesUnderK).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });

  it("no sum or difference of the figures shown to anyone isolates fewer than k people (atoms over the union of all views)", () => {
    const figures = new Map<string, Figure>();
    for (const seen of everythingSeen()) for (const f of seen.texts.flatMap(figuresIn)) figures.set(`${seriesOf(f)} ${f.unitId}`, f);
    const series = new Map<string, Figure[]>();
    for (const f of figures.values()) series.set(seriesOf(f), [...(series.get(seriesOf(f)) ?? []), f]);
    const problems: string[] = [];
    for (const [name, shown] of series) {
      // People who sit in exactly the same shown figures form an atom; every sum or difference of
      // figures is constant on atoms, so none may hold 1…k−1 people.
      const signature = new Map<string, string[]>();
      for (const f of shown) for (const p of peopleBehind(f)) signature.set(p, [...(signature.get(p) ?? []), f.unitId]);
      const atoms = new Map<string, number>();
      for (const units of signature.values()) atoms.set(units.sort().join(" "), (atoms.get(units.sort().join(" ")) ?? 0) + 1);
      for (const [units, size] of atoms) if (size < K) problems.push(`${name}: the ${size} people in exactly {${units}} can be told apart`);
    }
    expect(series.get("pulse self_rated_health")!.length).toBeGreaterThan(3);
    expect(series.get("hf early_intervention")!.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it("a person's answers go back to that person only, and nobody is named next to an answer", async () => {
    const byId = new Map(DEMO.people.map((p) => [p.id, p]));
    // The one identifier a card may carry (issue 16): a Teams chat link (users=<e-mail>) to the person a
    // chef's case is about, or to the chef whose case was escalated — and only to who may see that case.
    const cases = await run.app.db.nudgeCase.findMany({ select: { ownerId: true, subjectPersonId: true, escalatedAt: true } });
    const byEmail = new Map(DEMO.people.map((p) => [p.email.toLowerCase(), p]));
    const mayChat = (viewer: string, email: string) => {
      const other = byEmail.get(decodeURIComponent(email).toLowerCase());
      return !!other && cases.some((c) => (c.ownerId === viewer && c.subjectPersonId === other.id) || (c.ownerId === other.id && c.escalatedAt !== null));
    };
    const CHAT_LINK = /https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=([^"\\&]+)/g;
    let chatLinks = 0;
    const labels = (questionId: string, value: number) => i18n.map((t) => t.pulse.scales[QUESTION_BANK.questions[questionId]!.scale][String(value)] as string);
    const ownLabels = new Map<string, Set<string>>();
    for (const e of run.exchanges) {
      const data = e.request.value?.action?.data ?? e.request.value;
      if (data?.verb === "pulse.answer")
        for (const l of labels(data.questionId, data.value)) ownLabels.set(e.personId, (ownLabels.get(e.personId) ?? new Set()).add(l));
      // The rating card shows the person's own ratings back ("Ditt svar: 4"): one tap, or all eight from an older card.
      if (data?.verb === "hf.rate") {
        const values = "factorId" in data ? [data.value] : FACTOR_IDS.map((f) => data[f]);
        for (const v of values)
          for (const t of i18n) ownLabels.set(e.personId, (ownLabels.get(e.personId) ?? new Set()).add(t.healthFactors.scale[String(v)] as string));
      }
    }
    const yourAnswer = template("pulse.card.yourAnswer");
    /** An answer or a figure: a scale label, a percentage, a count of answers or ratings, a mean. */
    const ANSWER_CONTEXT = new RegExp(
      [
        ...i18n
          .flatMap((t) => Object.values(t.pulse.scales as Record<string, Record<string, string>>).flatMap((s) => Object.values(s)))
          .map((l) => `\\b${escape(l)}\\b`),
        "\\d+\\s*%",
        "\\d+ (svar|responses|bedömde|rated)",
        "Ditt svar",
        "Your answer",
        "Medel",
        "Mean",
        "vet inte",
        "don't know",
      ].join("|"),
    );
    const problems: string[] = [];
    let named = 0;
    for (const seen of everythingSeen()) {
      // Own answers: only in what goes back to the person who gave them, and only theirs.
      for (const line of seen.texts.join("\n").split("\n")) {
        const mine = matchAny(yourAnswer, line);
        if (mine && !ownLabels.get(seen.to)?.has(mine.answer!)) problems.push(`${seen.via} to ${seen.to}: "${line}" is not their answer`);
      }
      const json = seen.json.replace(CHAT_LINK, (_link, email: string) => {
        chatLinks++;
        if (!mayChat(seen.to, email)) problems.push(`${seen.via} to ${seen.to}: a chat link to ${email}`);
        return "(chat link)";
      });
      for (const p of DEMO.people) {
        if (p.id === seen.to) continue;
        // Someone else's identifiers: never (but for the chat links above).
        if (json.includes(p.id) || json.includes(p.aadObjectId) || json.toLowerCase().includes(p.email.toLowerCase()))
          problems.push(`${seen.via}: carries an identifier of ${p.id}`);
        // Someone else's name: never in the same text, fact or row as an answer, a rating or a figure.
        for (const group of seen.groups) {
          if (!group.includes(p.displayName)) continue;
          named++;
          if (ANSWER_CONTEXT.test(group)) problems.push(`${seen.via} to ${seen.to}: ${p.displayName} in "${group.replace(/\n/g, " ⏎ ").slice(0, 160)}"`);
        }
      }
    }
    expect(named).toBeGreaterThan(5);
    expect(chatLinks).toBeGreaterThan(0);
    // The scan looked at real things: own answers came back, and cases named people.
    expect([...ownLabels.keys()].length).toBe(55);
    expect(everythingSeen().filter((s) => byId.has(s.to) && s.texts.some((t) => t.split("\n").some((l) => matchAny(yourAnswer, l)))).length).toBeGreaterThan(
      55,
    );
    expect(problems).toEqual([]);
  });
});

describe("logs hold no answers, ratings or sick-leave data", () => {
  const absenceDays = () => new Set(DEMO.absences.flatMap((a) => [a.firstDay, a.lastDay]));
  const SENSITIVE_VALUE_KEYS = new Set([
    "value",
    "values",
    "answer",
    "rating",
    "firstDay",
    "lastDay",
    "first_day",
    "last_day",
    "factorIds",
    "proposal",
    "plannedFor",
    "dueDate",
  ]);
  const COUNT_KEYS = new Set(["answers", "ratings", "absences"]);

  it("the logs are there: server (pino and console), org import, absences import and every tick", () => {
    const names = run.logs.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(["server (pino)", "server (console)", "org import stdout", "absences import stderr"]));
    expect(names.filter((n) => n.startsWith("tick")).length).toBe(10);
    const server = run.logs.find((l) => l.name === "server (pino)")!.text;
    for (const event of ["pulse.answer", "pulse.contact", "hf.rate", "hf.propose", "nudge.plan", "teams.command"])
      expect(server).toContain(`"event":"${event}"`);
    expect(run.logs.find((l) => l.name === "absences import stderr")!.text).toContain("absences import");
  });

  it("no log line holds an answer, a rating, a sick-leave date or a person", () => {
    const problems: string[] = [];
    const days = absenceDays();
    const walk = (node: unknown, path: string, where: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`, where));
      if (!node || typeof node !== "object") return;
      for (const [key, value] of Object.entries(node)) {
        if (SENSITIVE_VALUE_KEYS.has(key) && value !== "[redacted]") problems.push(`${where}: ${path}.${key} = ${JSON.stringify(value)}`);
        if (COUNT_KEYS.has(key) && value !== "[redacted]" && typeof value !== "number" && typeof value !== "object")
          problems.push(`${where}: ${path}.${key} = ${JSON.stringify(value)}`);
        walk(value, `${path}.${key}`, where);
      }
    };
    const labels = i18n
      .flatMap((t) => Object.values(t.pulse.scales as Record<string, Record<string, string>>).flatMap((s) => Object.values(s)))
      .filter((l) => l.length > 3);
    const factorOrQuestion = [...FACTOR_IDS, ...Object.keys(QUESTION_BANK.questions)].join("|");
    for (const source of run.logs) {
      const text = source.text;
      // Structured output (log lines, --json reports): sensitive keys only redacted; counts allowed.
      const blocks = [text, ...text.split("\n")].filter((l) => l.trim().startsWith("{"));
      for (const block of blocks) {
        try {
          walk(JSON.parse(block), "", source.name);
        } catch {
          // several lines, or not JSON: scanned as text below
        }
      }
      // Sick-leave dates: any bare date (not part of a timestamp) that is one of the file's days.
      for (const m of text.matchAll(/(?<![\dT])(\d{4}-\d{2}-\d{2})(?!T|\d)/g)) if (days.has(m[1]!)) problems.push(`${source.name}: sick-leave day ${m[1]}`);
      // People: no id, Entra id, e-mail or name of anyone.
      for (const p of DEMO.people) {
        for (const id of [p.id, p.aadObjectId, p.email, p.displayName]) if (text.includes(id)) problems.push(`${source.name}: mentions ${id}`);
      }
      // What people typed or chose: the activity's free text, the planned date.
      for (const typed of ["Skyddsrond", "2026-11-27", "2026-12-10"]) if (text.includes(typed)) problems.push(`${source.name}: "${typed}" from a card`);
      // Answer labels, and a factor or question next to a value.
      for (const label of labels) if (new RegExp(`\\b${escape(label)}\\b`).test(text)) problems.push(`${source.name}: the answer label "${label}"`);
      const paired = new RegExp(`"?(${factorOrQuestion})"?\\s*[:=]\\s*"?([1-5]|dk)\\b`).exec(text);
      if (paired) problems.push(`${source.name}: ${paired[0]}`);
    }
    expect(problems).toEqual([]);
  });
});
