// Unit aggregates (issue 5): org-large with two years of fortnightly pulses (52 pulses, ~10,000
// recipients each, ~490,000 core answers), written straight into the pulse tables. Then, as the
// pulse.summarize job does it: the cells of every pulse in due order; the latency of one unit
// summary and of the HR overviews; and answer retention ~26 months after the first pulse.
// Data are made by a seeded PRNG, so every run writes the same answers (only PulseAnswer.id is random).
import { createHash, randomUUID } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { createDb, type Db } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { buildPulseCells, listUnsummarizedPulses } from "../src/domain/aggregates/build-pulse-cells.js";
import { deleteExpiredAnswers } from "../src/domain/aggregates/delete-expired-answers.js";
import { findLatestPulseFor, readUnitSummary } from "../src/domain/aggregates/read-unit-summary.js";
import { readSubtreeOverview } from "../src/domain/aggregates/read-subtree-overview.js";
import { TARGET_METRIC } from "../src/domain/aggregates/targets.js";
import { CORE_QUESTION_ID, QUESTION_BANK, chooseQuestions, scaleOf } from "../src/domain/pulse/question-bank.js";
import { listScheduleMembers } from "../src/domain/pulse/pulse-schedules.js";
import { createBenchDatabase, printTable, runCli, SHARED_DATA } from "./lib.js";

export const K = 5;
export const FIRST_DUE = Date.parse("2024-11-25T08:00:00Z"); // a Monday, 09:00 Europe/Stockholm
export const FORTNIGHT = 14 * 86_400_000;
export const WINDOW = 3 * 86_400_000;
const SUMMARY_UNITS = 300;
const OVERVIEW_REPEATS = 10;
const CHUNK = 1000;
/** ~26 months after the first pulse: the first pulses are past the 24-month retention. */
const RETENTION_NOW = new Date("2027-01-25T08:00:00Z");
const SEED = 0x5eed_0005;

export interface AggregatesResult {
  db: string;
  generation: Record<string, string | number>;
  build: Record<string, string | number>;
  reads: Record<string, string | number>[];
  retention: Record<string, string | number>;
}

/** pulses: 52 (two years) unless told otherwise, e.g. for a quick try. */
export async function benchAggregates(provider: "sqlite" | "postgres", pulses = 52): Promise<AggregatesResult> {
  const database = await createBenchDatabase(provider);
  const db = createDb(resolveDatabaseTarget(database.url));
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
    console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s (CLI, incl. start-up)`);

    const generated = await generatePulses(db, provider, pulses);
    const generation = {
      db: provider,
      pulses: generated.pulses.length,
      recipients: generated.recipients,
      core_answers: generated.coreAnswers,
      rotating_answers: generated.rotatingAnswers,
      rows_written: generated.rows,
      generate_s: (generated.ms / 1000).toFixed(1),
      rows_per_s: Math.round((generated.rows / generated.ms) * 1000),
      db_size: await databaseSize(db, provider, database.url),
    };
    console.log(`[${provider}] generated ${JSON.stringify(generation)}`);

    // BENCH_PROFILE_DIR=/tmp/prof: a CPU profile of the build alone (not the import or the data).
    const profiler = process.env.BENCH_PROFILE_DIR ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const { perPulse, cells, released, ms: buildMs } = await buildAllPulseCells(db, generated.pulses);
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(join(process.env.BENCH_PROFILE_DIR!, `aggregates-build-${provider}.cpuprofile`), JSON.stringify(profile));
      profiler.disconnect();
    }
    const reasons = await db.pulseCell.groupBy({ by: ["reason"], _count: { _all: true } });
    const byReason = Object.fromEntries(reasons.map((r) => [r.reason ?? "released", r._count._all]));
    const coreReleased = await db.pulseCell.count({ where: { questionId: CORE_QUESTION_ID, released: true } });
    const coreCells = await db.pulseCell.count({ where: { questionId: CORE_QUESTION_ID } });
    console.log(`[${provider}] cells by reason ${JSON.stringify(byReason)}; per pulse ms ${perPulse.map((ms) => Math.round(ms)).join(" ")}`);
    const build = {
      db: provider,
      pulses: perPulse.length,
      build_s: (buildMs / 1000).toFixed(1),
      per_pulse_mean_ms: Math.round(buildMs / perPulse.length),
      per_pulse_max_ms: Math.round(Math.max(...perPulse)),
      cells_written: cells,
      released_pct: `${((100 * released) / cells).toFixed(1)} %`,
      core_released_pct: `${((100 * coreReleased) / coreCells).toFixed(1)} %`,
    };

    const now = new Date(generated.pulses.at(-1)!.closesAt.getTime() + 86_400_000);
    const reads = await measureReads(db, provider, now);

    const retentionStarted = performance.now();
    const deleted = await deleteExpiredAnswers(db, RETENTION_NOW, 24);
    const retention = {
      db: provider,
      now: RETENTION_NOW.toISOString().slice(0, 10),
      pulses: deleted.pulses,
      answers_deleted: deleted.answers,
      answers_left: await db.pulseAnswer.count(),
      delete_s: ((performance.now() - retentionStarted) / 1000).toFixed(2),
    };
    return { db: provider, generation, build, reads, retention };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

/** Builds the cells of every unsummarised pulse, as pulse.summarize does: oldest first, each pulse after its predecessors, an hour after it closed. */
export async function buildAllPulseCells(
  db: Db,
  pulses: { id: string; closesAt: Date }[],
): Promise<{ perPulse: number[]; cells: number; released: number; ms: number }> {
  const perPulse: number[] = [];
  let cells = 0;
  let released = 0;
  const due = new Map(pulses.map((p) => [p.id, p.closesAt]));
  const buildStarted = performance.now();
  for (const pulse of await listUnsummarizedPulses(db)) {
    const started = performance.now();
    const built = await buildPulseCells(db, pulse.id, K, new Date(due.get(pulse.id)!.getTime() + 3_600_000));
    perPulse.push(performance.now() - started);
    if (!built) throw new Error(`pulse ${pulse.id} was not built`);
    cells += built.cells;
    released += built.released;
  }
  return { perPulse, cells, released, ms: performance.now() - buildStarted };
}

async function measureReads(db: Db, provider: string, now: Date): Promise<Record<string, string | number>[]> {
  const rng = prng(SEED ^ 0x7ead);
  const units = (await db.unit.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((u) => u.id);
  const sample = shuffle(units, rng).slice(0, SUMMARY_UNITS);
  // Warm-up (query plans, Prisma's query cache), not counted.
  for (const unitId of sample.slice(0, 10)) {
    const pulseId = await findLatestPulseFor(db, unitId);
    if (pulseId) await readUnitSummary(db, { unitId, pulseId, now, k: K });
  }
  const latest: number[] = [];
  const summary: number[] = [];
  let withSummary = 0;
  for (const unitId of sample) {
    let started = performance.now();
    const pulseId = await findLatestPulseFor(db, unitId);
    latest.push(performance.now() - started);
    if (!pulseId) continue;
    started = performance.now();
    const read = await readUnitSummary(db, { unitId, pulseId, now, k: K });
    summary.push(performance.now() - started);
    if (read) withSummary++;
  }
  const overview = async (rootUnitId: string): Promise<number[]> => {
    const pulseId = (await findLatestPulseFor(db, rootUnitId))!;
    await readSubtreeOverview(db, { rootUnitId, pulseId, k: K }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < OVERVIEW_REPEATS; i++) {
      const started = performance.now();
      const read = await readSubtreeOverview(db, { rootUnitId, pulseId, k: K });
      times.push(performance.now() - started);
      if (!read) throw new Error(`no overview for ${rootUnitId}`);
    }
    return times;
  };
  const hr: number[] = [];
  for (const unitId of ["U1", "U2", "U3", "U4", "U5", "U6", "U7"]) hr.push(...(await overview(unitId)));
  const root = await overview("U0");
  return [
    latencyRow(provider, `findLatestPulseFor (${sample.length} random units)`, latest),
    latencyRow(provider, `readUnitSummary (${withSummary} of them with a summary)`, summary),
    latencyRow(provider, `readSubtreeOverview U1..U7 (×${OVERVIEW_REPEATS})`, hr),
    latencyRow(provider, `readSubtreeOverview U0 (×${OVERVIEW_REPEATS})`, root),
  ];
}

function latencyRow(provider: string, read: string, ms: number[]): Record<string, string | number> {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { db: provider, read, calls: sorted.length, p50_ms: at(50).toFixed(1), p95_ms: at(95).toFixed(1), max_ms: sorted.at(-1)!.toFixed(1) };
}

// ---------------------------------------------------------------- data

interface Generated {
  pulses: { id: string; closesAt: Date }[];
  recipients: number;
  coreAnswers: number;
  rotatingAnswers: number;
  rows: number;
  ms: number;
}

/**
 * Respondents behave like people: most members answer every time, some now and then, and a unit
 * sometimes has a bad fortnight (holidays, a crisis). So the respondents of small units change
 * between pulses and some cells are suppressed (fewer than k, changed respondents, differencing).
 */
export async function generatePulses(db: Db, provider: string, count: number, firstDue = FIRST_DUE): Promise<Generated> {
  const started = performance.now();
  const rng = prng(SEED);
  const rotation = QUESTION_BANK.defaultRotation;
  const createdAt = new Date(firstDue - 30 * 86_400_000);
  const schedule = await db.pulseSchedule.create({
    data: {
      unitId: "U0",
      weekday: 1,
      intervalWeeks: 2,
      anchorDate: new Date(firstDue).toISOString().slice(0, 10),
      sendTime: "09:00",
      answerWindowDays: 3,
      timeZone: "Europe/Stockholm",
      rotatingQuestions: JSON.stringify(rotation),
      createdAt,
      updatedAt: createdAt,
    },
  });
  // Måltal on the root (+2, +3 pp) for the two years after the first pulse's, so unit summaries compute target progress too.
  const firstYear = new Date(firstDue).getUTCFullYear() + 1;
  await db.target.createMany({
    data: [firstYear, firstYear + 1].map((year, i) => ({ unitId: "U0", year, metric: TARGET_METRIC, deltaPp: i === 0 ? 2 : 3, createdAt })),
  });
  const members = await listScheduleMembers(db, schedule.id);

  // Stable traits: per unit how many always answer and how healthy it is; per person a propensity.
  const unitTrait = new Map<string, { always: number; good: number }>();
  for (const unitId of [...new Set(members.map((m) => m.unitIds[0]!))].sort()) {
    const r = rng();
    const always = r < 0.75 ? 0.9 + 0.1 * rng() : r < 0.95 ? 0.7 + 0.2 * rng() : 0.3 + 0.3 * rng();
    unitTrait.set(unitId, { always, good: 0.55 + 0.3 * rng() });
  }
  const people = members.map((m) => {
    const home = m.unitIds[0]!;
    const always = rng() < unitTrait.get(home)!.always;
    return { ...m, home, answers: always ? 1 : 0.3 + 0.65 * rng(), rotating: always ? 0.92 : 0.8 };
  });

  const pulses: Generated["pulses"] = [];
  let recipients = 0;
  let coreAnswers = 0;
  let rotatingAnswers = 0;
  let rows = 0;
  for (let n = 0; n < count; n++) {
    const dueAt = new Date(firstDue + n * FORTNIGHT);
    const closesAt = new Date(dueAt.getTime() + WINDOW);
    const id = uuidFrom(`bench-pulse-${n}`);
    const questionIds = chooseQuestions(rotation, n);
    const rotating = questionIds[1]!;
    const badFortnight = new Map<string, number>();
    for (const unitId of unitTrait.keys()) badFortnight.set(unitId, rng() < 0.04 ? 0.3 + 0.4 * rng() : 1);

    const recipientRows: { pulseId: string; personId: string; unitIds: string; answered: boolean }[] = [];
    const participationRows: { pulseId: string; questionId: string; personId: string }[] = [];
    const answerRows: { pulseId: string; unitId: string; token: string; questionId: string; value: number }[] = [];
    for (const person of people) {
      const trait = unitTrait.get(person.home)!;
      const answered = rng() < person.answers * badFortnight.get(person.home)!;
      recipientRows.push({ pulseId: id, personId: person.personId, unitIds: JSON.stringify(person.unitIds), answered });
      if (!answered) continue;
      const token = createHash("sha256").update(`${id}:${person.personId}`).digest("hex");
      const answer = (questionId: string, value: number) => {
        participationRows.push({ pulseId: id, questionId, personId: person.personId });
        for (const unitId of person.unitIds) answerRows.push({ pulseId: id, unitId, token, questionId, value });
      };
      answer(CORE_QUESTION_ID, healthValue(rng, trait.good));
      coreAnswers++;
      if (rng() < person.rotating) {
        answer(rotating, otherValue(rng, rotating));
        rotatingAnswers++;
      }
    }
    await db.$transaction(
      async (tx) => {
        await tx.pulse.create({
          data: {
            id,
            scheduleId: schedule.id,
            unitId: "U0",
            dueAt,
            closesAt,
            questionIds: JSON.stringify(questionIds),
            status: "closed",
            closedAt: closesAt,
            createdAt: dueAt,
          },
        });
        await insertRows(tx, "PulseRecipient", recipientRows);
        await insertRows(tx, "PulseParticipation", participationRows);
        await insertRows(
          tx,
          "PulseAnswer",
          answerRows.map((a) => ({ id: randomUUID(), ...a })),
        );
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    recipients += recipientRows.length;
    rows += 1 + recipientRows.length + participationRows.length + answerRows.length;
    pulses.push({ id, closesAt });
    if ((n + 1) % 13 === 0) console.log(`[${provider}] ${n + 1}/${count} pulses written, ${rows} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { pulses, recipients, coreAnswers, rotatingAnswers, rows, ms: performance.now() - started };
}

/**
 * Multi-row INSERTs with literal values, CHUNK rows a statement. createMany through the driver
 * adapters manages only 4–5k rows/s on either database (2.4M rows would take ~9 min); this does
 * 30–35k. The values are ours (ids, hex tokens, integers), quoted all the same.
 */
export async function insertRows(tx: Pick<Db, "$executeRawUnsafe">, table: string, rows: Record<string, string | number | boolean>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const literal = (v: string | number | boolean) => (typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : String(v));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((row) => `(${columns.map((c) => literal(row[c]!)).join(",")})`);
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${values.join(",")}`);
  }
}

/** self_rated_health, 1 = Mycket bra … 5 = Mycket dåligt; 1 and 2 are good. */
function healthValue(rng: () => number, good: number): number {
  if (rng() < good) return rng() < 0.35 ? 1 : 2;
  const r = rng();
  return r < 0.7 ? 3 : r < 0.92 ? 4 : 5;
}

function otherValue(rng: () => number, questionId: string): number {
  const values = scaleOf(questionId).values;
  if (values.length === 2) return rng() < 0.3 ? 1 : 2; // Ja a third of the time
  const weights = [0.15, 0.3, 0.3, 0.17, 0.08];
  let r = rng();
  for (let i = 0; i < values.length; i++) if ((r -= weights[i]!) < 0) return values[i]!;
  return values.at(-1)!;
}

/** sfc32 seeded through splitmix32: small, fast, repeatable. */
export function prng(seed: number): () => number {
  const split = () => {
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A version-4-shaped UUID from a name, so pulse ids are the same in every run. */
export function uuidFrom(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function databaseSize(db: Db, provider: string, url: string): Promise<string> {
  if (provider === "postgres") {
    const [row] = await db.$queryRawUnsafe<{ size: bigint | number }[]>("SELECT pg_database_size(current_database()) AS size");
    return `${Math.round(Number(row!.size) / 1024 / 1024)} MB`;
  }
  const file = resolveDatabaseTarget(url);
  if (file.provider !== "sqlite") return "?";
  let bytes = statSync(file.file).size;
  try {
    bytes += statSync(`${file.file}-wal`).size;
  } catch {
    // no WAL file
  }
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

export function printAggregates(results: AggregatesResult[]): void {
  printTable(
    "Aggregates: generated data (not part of the figures)",
    results.map((r) => r.generation),
  );
  printTable(
    "Aggregates: building the unit cells of every pulse (issue 5)",
    results.map((r) => r.build),
  );
  printTable(
    "Aggregates: read latency (issue 5)",
    results.flatMap((r) => r.reads),
  );
  printTable(
    "Aggregates: answer retention (issue 5)",
    results.map((r) => r.retention),
  );
}
