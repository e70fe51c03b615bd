// `friskpuls schedule …` (issue 16): holiday pauses and question packs of a unit's pulse schedule,
// a unit's own pause, and when the next pulse reaches a unit — the same as the `pulsschema` card.
import type { Command } from "commander";
import { DateTime } from "luxon";
import { loadConfig } from "../../config.js";
import { migrateDatabase } from "../../db/migrate.js";
import { createDb, type Db } from "../../db/client.js";
import { systemClock } from "../../clock.js";
import { changeScheduleOptions, readEffectiveSchedule } from "../../domain/pulse/change-schedule.js";
import { setUnitPause } from "../../domain/pulse/unit-pauses.js";
import { QUESTION_PACK_IDS, isQuestionPack } from "../../domain/pulse/question-bank.js";
import { formatPauseText, parsePauseText } from "../../domain/schedule/pause-periods.js";

async function withDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  await migrateDatabase(config.database);
  const db = createDb(config.database);
  try {
    return await run(db);
  } finally {
    await db.$disconnect();
  }
}

function nowFrom(iso: string | undefined): Date {
  if (!iso) return systemClock.now();
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`schedule: --now is not an ISO time: ${iso}`);
  return at;
}

async function show(db: Db, unitId: string, now: Date): Promise<void> {
  const s = await readEffectiveSchedule(db, unitId, now);
  if (!s) throw new Error(`schedule: unknown unit or no schedule above it: ${unitId}`);
  const next = s.nextPulseAt ? DateTime.fromJSDate(s.nextPulseAt, { zone: s.timeZone }).toFormat("yyyy-MM-dd HH:mm ZZZZ") : "none within a year";
  console.log(`${s.unitId}\t${s.unitName}`);
  console.log(
    `  schedule: weekday ${s.weekday}, every ${s.intervalWeeks} week(s) at ${s.sendTime}, ${s.answerWindowDays} day(s) to answer (from ${s.fromUnitId})`,
  );
  console.log(`  pauses: ${s.pauses?.length ? formatPauseText(s.pauses, "en-US") : "none"}`);
  console.log(`  question pack: ${s.questionPack ?? "standard"}`);
  console.log(`  unit pause: ${s.unitPause ? `${s.unitPause.fromDate}..${s.unitPause.toDate}` : "none"}`);
  console.log(`  next pulse: ${next}`);
}

export function registerSchedule(program: Command): void {
  const schedule = program.command("schedule").description("pulse schedules: holiday pauses, question packs, unit pauses, the next pulse");
  schedule
    .command("show <unitId>")
    .description("the schedule that reaches a unit, its pauses and pack, and when the next pulse comes")
    .option("--now <iso>", "look from this moment (default: now)")
    .action(async (unitId: string, o: { now?: string }) => withDb((db) => show(db, unitId, nowFrom(o.now))));
  schedule
    .command("pauses <unitId> [periods]")
    .description('periods without pulses for the schedule the unit owns, e.g. "v52-1, juli, 2027-04-01..2027-04-05" (empty: none)')
    .action(async (unitId: string, text: string | undefined) => {
      const parsed = parsePauseText(text ?? "");
      if (!parsed.ok)
        throw new Error(`schedule: cannot read the pause "${parsed.problem}" (weeks v52-1, months juli or june-august, dates 2027-04-01..2027-04-05)`);
      await withDb(async (db) => {
        const now = systemClock.now();
        const result = await changeScheduleOptions(db, { unitId, pauses: parsed.periods, actorId: null, now });
        if (!result.ok) throw new Error(`schedule: ${unitId} has no schedule of its own (an HR partner gives it one with pulsschema)`);
        await show(db, unitId, now);
      });
    });
  schedule
    .command("pack <unitId> <pack>")
    .description(`the question pack of the schedule the unit owns: standard, ${QUESTION_PACK_IDS.join(", ")}`)
    .action(async (unitId: string, pack: string) => {
      if (pack !== "standard" && !isQuestionPack(pack)) throw new Error(`schedule: unknown pack ${pack} (standard, ${QUESTION_PACK_IDS.join(", ")})`);
      await withDb(async (db) => {
        const now = systemClock.now();
        const result = await changeScheduleOptions(db, { unitId, questionPack: pack, actorId: null, now });
        if (!result.ok) throw new Error(`schedule: ${unitId} has no schedule of its own (an HR partner gives it one with pulsschema)`);
        await show(db, unitId, now);
      });
    });
  schedule
    .command("pause-unit <unitId>")
    .description("a unit's own pause (the unit and the units below it), on behalf of its chef or an HR partner covering it")
    .requiredOption("--by <personId>", "the chef or HR partner who decided it (checked against their roles)")
    .option("--from <day>", "first day, YYYY-MM-DD")
    .option("--until <day>", "last day, YYYY-MM-DD")
    .option("--clear", "remove the pause")
    .action(async (unitId: string, o: { by: string; from?: string; until?: string; clear?: boolean }) => {
      const change = { unitId, unitPauseFrom: o.clear ? "" : (o.from ?? ""), unitPauseUntil: o.clear ? "" : (o.until ?? "") };
      if (!o.clear && (!o.from || !o.until)) throw new Error("schedule: give --from and --until, or --clear");
      await withDb(async (db) => {
        const now = systemClock.now();
        const result = await setUnitPause(db, o.by, change, now);
        if (!result.ok) {
          throw new Error(
            result.reason === "notAllowed"
              ? `schedule: ${o.by} is neither the chef of ${unitId} nor an HR partner covering it`
              : "schedule: the dates cannot be used (first and last day, at most 400 days)",
          );
        }
        await show(db, unitId, now);
      });
    });
}
