// Pulse planning (issue 4): the pulse.plan job for org-large at a due time — one pulse, 10,001
// recipients, a card rendered per recipient in their language, all written to the outbox.
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createDb } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { fixedClock } from "../src/clock.js";
import { buildPulseJobs } from "../src/jobs/pulse-jobs.js";
import { createBenchDatabase, mb, printTable, runCli, SHARED_DATA } from "./lib.js";

export async function benchPulsePlanning(provider: "sqlite" | "postgres"): Promise<Record<string, string | number>> {
  const database = await createBenchDatabase(provider);
  const db = createDb(resolveDatabaseTarget(database.url));
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(imported.out);
    // Everyone has the app: refs straight into the table (installs are measured in the delivery bench).
    const people = await db.person.findMany({ select: { id: true } });
    for (let i = 0; i < people.length; i += 1000) {
      await db.conversationRef.createMany({
        data: people.slice(i, i + 1000).map((p) => ({
          conversationId: `a:${p.id}`,
          userId: `29:${p.id}`,
          serviceUrl: "http://127.0.0.1:9/",
          channelId: "msteams",
          personId: p.id,
          installedAt: new Date(),
          reference: JSON.stringify({
            serviceUrl: "http://127.0.0.1:9/",
            conversation: { id: `a:${p.id}` },
            user: { id: `29:${p.id}` },
            bot: { id: "28:bot" },
          }),
        })),
      });
    }
    const jobs = (at: string) => buildPulseJobs({ db, clock: fixedClock(at), minGroupSize: 5, answerTokenSecret: randomUUID(), defaultLocale: "sv-SE" });
    await jobs("2026-11-23T07:00:00Z")[0]!.run(new Date("2026-11-23T07:00:00Z")); // default schedule
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const result = await jobs("2026-11-23T08:00:30Z")[0]!.run(new Date("2026-11-23T08:00:30Z"));
    const ms = performance.now() - started;
    const again = performance.now();
    await jobs("2026-11-23T08:01:30Z")[0]!.run(new Date("2026-11-23T08:01:30Z"));
    return {
      db: provider,
      recipients: result.planned ?? 0,
      plan_s: (ms / 1000).toFixed(1),
      cards_per_s: Math.round(((result.planned ?? 0) / ms) * 1000),
      next_tick_ms: Math.round(performance.now() - again),
      rss_growth: mb(process.memoryUsage().rss - rssBefore),
    };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

export function printPulsePlanning(rows: Record<string, string | number>[]): void {
  printTable("Pulse planning for org-large (issue 4)", rows);
}
