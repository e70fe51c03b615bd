// Early signals (issue 7): org-large with its 5,464 sick-leave occasions and twelve fortnightly
// pulses ending the week before; the time to evaluate every signal (sick leave, falling pulse,
// contact requests), first when the cases open and then in the steady state every tick sees,
// and the daily digest that gathers the new cases into one card per manager.
import { join } from "node:path";
import { createDb } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { fixedClock } from "../src/clock.js";
import { buildPulseCells, listUnsummarizedPulses } from "../src/domain/aggregates/build-pulse-cells.js";
import { evaluateSignals } from "../src/domain/nudges/evaluate-signals.js";
import { DEFAULT_NUDGE_THRESHOLDS } from "../src/domain/nudges/thresholds.js";
import { buildNudgeJobs } from "../src/jobs/nudge-jobs.js";
import { generatePulses } from "./aggregates.js";
import { createBenchDatabase, printTable, runCli, SHARED_DATA } from "./lib.js";

const NOW = new Date("2026-11-23T08:00:00Z"); // Monday 09:00 in Stockholm
const PULSES = 12;
const FORTNIGHT = 14 * 86_400_000;
const K = 5;
const REPEATS = 5;

export async function benchNudges(provider: "sqlite" | "postgres"): Promise<Record<string, string | number>> {
  const database = await createBenchDatabase(provider);
  const db = createDb(resolveDatabaseTarget(database.url));
  try {
    const env = { DATABASE_URL: database.url, LOG_LEVEL: "warn" };
    const org = await runCli(["org", "import", join(SHARED_DATA, "org-large")], env);
    if (org.code !== 0) throw new Error(org.out);
    const absences = await runCli(["absences", "import", join(SHARED_DATA, "org-large", "absences.csv"), "--now", NOW.toISOString()], env);
    if (absences.code !== 0) throw new Error(absences.out);
    // The last pulse is due a week before NOW and closed; cells are built as pulse.summarize does.
    const firstDue = NOW.getTime() - 7 * 86_400_000 - (PULSES - 1) * FORTNIGHT;
    const generated = await generatePulses(db, provider, PULSES, firstDue);
    for (const pulse of await listUnsummarizedPulses(db)) {
      const closesAt = generated.pulses.find((p) => p.id === pulse.id)!.closesAt;
      await buildPulseCells(db, pulse.id, K, new Date(closesAt.getTime() + 3_600_000));
    }
    // A few employees asked for contact in the last pulse.
    const people = await db.pulseRecipient.findMany({ where: { pulseId: generated.pulses.at(-1)!.id, answered: true }, select: { personId: true }, take: 40 });
    await db.contactRequest.createMany({
      data: people.map((p) => ({ personId: p.personId, sourceRef: `pulse:${generated.pulses.at(-1)!.id}`, createdAt: NOW })),
    });

    let started = performance.now();
    const first = await evaluateSignals(db, NOW, K, DEFAULT_NUDGE_THRESHOLDS);
    const firstMs = performance.now() - started;
    const steady: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      started = performance.now();
      const again = await evaluateSignals(db, new Date(NOW.getTime() + (i + 1) * 60_000), K, DEFAULT_NUDGE_THRESHOLDS);
      steady.push(performance.now() - started);
      if (again.sickLeave.opened + again.fallingPulse.opened + again.contact.opened > 0) throw new Error("a second evaluation opened cases");
    }
    const digest = buildNudgeJobs({
      db,
      clock: fixedClock(NOW.toISOString()),
      minGroupSize: K,
      thresholds: DEFAULT_NUDGE_THRESHOLDS,
      defaultLocale: "sv-SE",
    }).find((j) => j.name === "nudges.digest")!;
    started = performance.now();
    const digests = await digest.run(NOW);
    const digestMs = performance.now() - started;
    return {
      db: provider,
      file_rows:
        (await import("node:fs"))
          .readFileSync(join(SHARED_DATA, "org-large", "absences.csv"), "utf8")
          .trim()
          .split(/\r?\n/).length - 1,
      occasions_kept: await db.absence.count(),
      absences_import_s: (absences.ms / 1000).toFixed(1),
      pulse_cells: await db.pulseCell.count(),
      sick_leave_cases: first.sickLeave.opened,
      falling_pulse_cases: first.fallingPulse.opened,
      contact_cases: first.contact.opened,
      first_evaluation_ms: Math.round(firstMs),
      steady_evaluation_ms: Math.round(steady.sort((a, b) => a - b)[Math.floor(steady.length / 2)]!),
      digests: digests.digests ?? 0,
      digest_ms: Math.round(digestMs),
    };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

export function printNudges(rows: Record<string, string | number>[]): void {
  printTable("Early signals: evaluating every signal for org-large (issue 7)", rows);
}
