// Load on /api/messages (issue 8): the real server in its own process, started as `npm start`
// starts it (local mode, no BOT_ID, V8 flags from package.json, default log level), org-large
// imported with the CLI and one open pulse for its ~10,000 members. An open-loop generator
// (bench/open-loop.ts) then sends pulse.answer invokes at a fixed rate, each from a different person (a pre-built list, one
// request each), with serviceUrl pointing at a fake Bot Connector in its own process. Prints
// latency, errors, the achieved rate and answers acknowledged against answers stored.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "../src/db/client.js";
import { resolveDatabaseTarget } from "../src/db/database-target.js";
import { PROJECT_ROOT } from "../src/project-root.js";
import { ensureDefaultSchedule, listActiveSchedules } from "../src/domain/pulse/pulse-schedules.js";
import { planPulse } from "../src/domain/pulse/plan-pulse.js";
import { CORE_QUESTION_ID } from "../src/domain/pulse/question-bank.js";
import { LOCALES, translatorFor } from "../src/i18n/index.js";
import { createBenchDatabase, mb, personalActivity, printTable, runCli, SHARED_DATA, startChild } from "./lib.js";
import { percentile, runOpenLoop } from "./open-loop.js";

export interface LoadOptions {
  rate: number;
  seconds: number;
  connections: number;
  warmup: number;
}

export interface LoadResult {
  db: string;
  requests: number;
  target_rps: number;
  achieved_rps: string;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  non_2xx: number;
  acknowledged: number;
  stored: number;
  lost: number;
  server_cpu_ms_per_answer: string;
  server_peak_rss: string;
}

export async function benchLoad(provider: "sqlite" | "postgres", o: LoadOptions): Promise<LoadResult> {
  const database = await createBenchDatabase(provider);
  const { child: connectorProcess, hello } = await startChild("bench/teams-limits-connector.ts");
  const serviceUrl = `http://127.0.0.1:${hello.port}/`;
  await fetch(`${serviceUrl}_control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enforce: false }) });
  const db = createDb(resolveDatabaseTarget(database.url));
  let server: ServerProcess | undefined;
  // BENCH_LOG_DIR keeps the server's log there (for a look at http.request timings afterwards).
  const logDir = process.env.BENCH_LOG_DIR ? mkdtempSync(join(process.env.BENCH_LOG_DIR, `${provider}-`)) : mkdtempSync(join(tmpdir(), "friskpuls-load-"));
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
    const { pulseId, people } = await openPulse(db);
    const needed = o.warmup + o.rate * o.seconds;
    if (people.length < needed) throw new Error(`${people.length} recipients, ${needed} answers wanted: lower --rate/--seconds`);
    console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s; pulse open for ${people.length} recipients`);

    server = await startServer(database.url, logDir);
    const bodies = people.map((p, i) => JSON.stringify(answerActivity(p, serviceUrl, pulseId, 1 + (i % 5))));
    let next = 0;
    const run = async (amount: number, rate: number) => {
      let acknowledged = 0;
      const first = next;
      next += amount;
      const result = await runOpenLoop({
        url: `${server!.url}/api/messages`,
        rate,
        count: amount,
        body: (n) => bodies[first + n]!,
        sockets: o.connections,
        timeoutMs: 10_000,
        onResponse: (status, body) => {
          if (status === 200 && isAcknowledged(body)) acknowledged++;
        },
      });
      return { result, acknowledged };
    };
    // Warm-up (JIT, connection pools, first-time caches) with other people than the measured ones.
    const warm = o.warmup > 0 ? await run(o.warmup, Math.min(o.rate, 100)) : undefined;
    const cpuBefore = server.cpuMs();
    const measured = await run(o.rate * o.seconds, o.rate);
    const cpuMs = server.cpuMs() - cpuBefore;
    await sleep(500);
    const stored = await storedAnswers(db, pulseId);
    const connectorStats = (await (await fetch(`${serviceUrl}_stats`)).json()) as { requests: number };
    const peakRss = server.peakRss();
    const serverErrors = readFileSync(join(logDir, "server.log"), "utf8")
      .split("\n")
      .filter((l) => /"level":(50|60)/.test(l)).length;
    const r = measured.result;
    const latency = (p: number) => Math.round(percentile(r.latencies, p));
    const acknowledged = (warm?.acknowledged ?? 0) + measured.acknowledged;
    console.log(
      `[${provider}] ${JSON.stringify({
        sent: next,
        warmup: warm && {
          acknowledged: warm.acknowledged,
          errors: warm.result.errors,
          non2xx: warm.result.non2xx,
          p99: Math.round(percentile(warm.result.latencies, 99)),
        },
        measured: { sent: r.sent, acknowledged: measured.acknowledged, errors: r.errors, non2xx: r.non2xx, durationS: r.durationS, p999: latency(99.9) },
        stored,
        serverErrorLines: serverErrors,
        connectorRequests: connectorStats.requests,
      })}`,
    );
    return {
      db: provider,
      requests: r.sent,
      target_rps: o.rate,
      achieved_rps: (r.sent / r.durationS).toFixed(1),
      p50_ms: latency(50),
      p90_ms: latency(90),
      p99_ms: latency(99),
      max_ms: latency(100),
      errors: r.errors,
      non_2xx: r.non2xx,
      acknowledged,
      stored: stored.participations,
      // An acknowledged answer missing from the database. (Stored but not acknowledged would show as negative.)
      lost: acknowledged - stored.participations,
      // CPU time (user + system) the server process spent per request of the measured run.
      server_cpu_ms_per_answer: (cpuMs / r.sent).toFixed(2),
      server_peak_rss: mb(peakRss),
    };
  } finally {
    await server?.stop();
    await db.$disconnect();
    connectorProcess.kill("SIGTERM");
    await database.drop();
    if (!process.env.BENCH_LOG_DIR) rmSync(logDir, { recursive: true, force: true });
  }
}

/** The organisation's default schedule and one pulse for it, due a minute ago (so open for three days). */
async function openPulse(db: Db): Promise<{ pulseId: string; people: { id: string; aadObjectId: string }[] }> {
  await ensureDefaultSchedule(db, new Date());
  const [schedule] = await listActiveSchedules(db);
  if (!schedule) throw new Error("no pulse schedule");
  const pulse = await planPulse(db, schedule, new Date(Date.now() - 60_000));
  if (!pulse.questionIds.includes(CORE_QUESTION_ID)) throw new Error("the pulse lacks the core question");
  const recipients = new Set(pulse.recipients.map((r) => r.personId));
  const people = (await db.person.findMany({ where: { active: true }, select: { id: true, aadObjectId: true }, orderBy: { id: "asc" } })).filter(
    (p): p is { id: string; aadObjectId: string } => recipients.has(p.id) && !!p.aadObjectId,
  );
  return { pulseId: pulse.pulseId, people };
}

/** Pressing one answer on the pulse card, as Teams sends it (Action.Execute invoke). */
function answerActivity(person: { id: string; aadObjectId: string }, serviceUrl: string, pulseId: string, value: number) {
  return personalActivity(person, serviceUrl, {
    type: "invoke",
    name: "adaptiveCard/action",
    value: {
      action: { type: "Action.Execute", verb: "pulse.answer", data: { verb: "pulse.answer", pulseId, questionId: CORE_QUESTION_ID, value } },
      trigger: "manual",
    },
  });
}

/** "Ditt svar:" / "Your answer:": what the card says once a person's choice is stored. */
const YOUR_ANSWER = LOCALES.map((locale) => translatorFor(locale)("pulse.card.yourAnswer", { answer: "" }).trim());

/** The invoke answered with the card in its answered state (the person's choice marked), not a refusal. */
function isAcknowledged(body: string): boolean {
  try {
    const response = JSON.parse(body) as { statusCode?: number; type?: string; value?: unknown };
    const card = JSON.stringify(response.value);
    return response.statusCode === 200 && response.type === "application/vnd.microsoft.card.adaptive" && YOUR_ANSWER.some((text) => card.includes(text));
  } catch {
    return false;
  }
}

/** Answers in the database: participation rows (who answered which question) and distinct answer tokens. */
async function storedAnswers(db: Db, pulseId: string): Promise<{ participations: number; tokens: number; answered: number }> {
  const participations = await db.pulseParticipation.count({ where: { pulseId, questionId: CORE_QUESTION_ID } });
  const tokens = (await db.pulseAnswer.groupBy({ by: ["token"], where: { pulseId, questionId: CORE_QUESTION_ID } })).length;
  const answered = await db.pulseRecipient.count({ where: { pulseId, answered: true } });
  if (participations !== tokens || tokens !== answered)
    throw new Error(`inconsistent answers: ${participations} participations, ${tokens} tokens, ${answered} answered`);
  return { participations, tokens, answered };
}

/** The V8 flags `npm start` gives the server (package.json), so it is measured as deployed. */
export function serverNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  return start.split(" ").filter((arg) => arg.startsWith("--max-"));
}

interface ServerProcess {
  url: string;
  child: ChildProcess;
  peakRss(): number;
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * `friskpuls serve` as `npm start` runs it, logging (info: a line or two per request) to a file as
 * a deployment would: stdout into a pipe read by this process would block the server whenever
 * the load generator keeps this event loop busy (pipes are synchronous in Node on Linux), which showed
 * up as multi-second stalls that were the benchmark's, not the server's.
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it.
 */
async function startServer(databaseUrl: string, logDir: string): Promise<ServerProcess> {
  const nodeArgs = [...serverNodeArgs(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATABASE_URL: databaseUrl, PORT: "0" };
  for (const key of ["BOT_ID", "BOT_PASSWORD", "LOG_LEVEL", "NODE_ENV"]) delete env[key];
  const logFile = join(logDir, "server.log");
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, "bin/friskpuls.mjs"), "serve"], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", log, "inherit"],
  });
  closeSync(log);
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${readFileSync(logFile, "utf8")}`);
    const line = readFileSync(logFile, "utf8")
      .split("\n")
      .find((l) => l.includes('"http.listening"'));
    if (line) url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
    else await sleep(100);
  }
  return {
    url,
    child,
    peakRss: () => {
      // VmHWM: the process's peak resident set size, in kB.
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return match ? Number(match[1]) * 1024 : 0;
    },
    cpuMs: () => {
      // utime + stime in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** benchLoad for one database in a fresh `npm run bench` process; its output passes through. */
export async function benchLoadInChild(provider: "sqlite" | "postgres", args: string[]): Promise<LoadResult> {
  const passed = args.filter((a, i) => a !== "--db" && args[i - 1] !== "--db");
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, "bin/run-ts.mjs"), join(PROJECT_ROOT, "bench/run.ts"), ...passed, "--db", provider, "--result-line"],
    {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let result: LoadResult | undefined;
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("LOAD_RESULT ")) result = JSON.parse(line.slice("LOAD_RESULT ".length)) as LoadResult;
      else if (!line.startsWith("# Friskpuls benchmarks")) console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0 || !result) throw new Error(`the ${provider} load run failed (exit ${code})`);
  return result;
}

export function printLoad(results: LoadResult[]): void {
  printTable("Load on /api/messages: pulse answers from distinct people (issue 8)", results as unknown as Record<string, string | number>[]);
}
