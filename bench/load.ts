// Load on /api/messages (issue 8): the real server in its own process, started as `npm start`
// starts it (V8 flags from package.json, default log level; local mode without BOT_ID, or with
// --auth as in production: BOT_ID set and every request's token verified, issue 22), org-large
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
import { pulseCardKey } from "../src/delivery/outbox-keys.js";
import { STATUS } from "../src/delivery/outbox-status.js";
import { LOCALES, translatorFor } from "../src/i18n/index.js";
import { LocalTokenIssuer } from "../test/harness/bot-auth.js";
import { BENCH_TENANT, createBenchDatabase, mb, personalActivity, printTable, runCli, SHARED_DATA, startChild } from "./lib.js";
import { percentile, runOpenLoop, type OpenLoopResult } from "./open-loop.js";

export interface LoadOptions {
  rate: number;
  seconds: number;
  connections: number;
  warmup: number;
  /**
   * none: local mode (no BOT_ID). shared: BOT_ID set, one token signed by a local key (served
   * through BOT_OPENID_METADATA_URL, the path Microsoft's metadata takes) on every request — as
   * the Bot Connector does, which reuses its token (valid an hour) for many requests; each request
   * is still verified in full. per-request: a token of its own for every request (pre-signed).
   */
  auth: "none" | "shared" | "per-request";
  /** Start the measured run so that the scheduler's minute tick falls in it (a third in). */
  alignTick: boolean;
  /** Server processes on the one database; the load is spread over them in turn. */
  instances: number;
  /** Instead of --seconds at --rate: a 10-second burst at three times --rate (everyone at 09:00). */
  burst: boolean;
}

export interface LoadResult {
  db: string;
  auth: string;
  instances: number;
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
  /** Scheduler ticks (runs of the minute's jobs) that started during the measured run. */
  ticks_in_run: number;
  /** From when the last request was due until the last answer came: what was still queued. */
  drain_s: string;
}

export async function benchLoad(provider: "sqlite" | "postgres", o: LoadOptions): Promise<LoadResult> {
  const database = await createBenchDatabase(provider);
  const { child: connectorProcess, hello } = await startChild("bench/teams-limits-connector.ts");
  const serviceUrl = `http://127.0.0.1:${hello.port}/`;
  await fetch(`${serviceUrl}_control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enforce: false }) });
  const db = createDb(resolveDatabaseTarget(database.url));
  const servers: ServerProcess[] = [];
  const issuer = o.auth === "none" ? undefined : await new LocalTokenIssuer().start();
  // BENCH_LOG_DIR keeps the server's log there (for a look at http.request timings afterwards).
  const logDir = process.env.BENCH_LOG_DIR ? mkdtempSync(join(process.env.BENCH_LOG_DIR, `${provider}-`)) : mkdtempSync(join(tmpdir(), "friskpuls-load-"));
  try {
    const imported = await runCli(["org", "import", join(SHARED_DATA, "org-large")], { DATABASE_URL: database.url, LOG_LEVEL: "warn" });
    if (imported.code !== 0) throw new Error(`org import failed:\n${imported.out}`);
    const { pulseId, people } = await openPulseRetrying(db);
    const [rate, seconds] = o.burst ? [o.rate * 3, 10] : [o.rate, o.seconds];
    const needed = o.warmup + rate * seconds;
    if (people.length < needed) throw new Error(`${people.length} recipients, ${needed} answers wanted: lower --rate/--seconds`);
    console.log(`[${provider}] org-large imported in ${(imported.ms / 1000).toFixed(1)} s; pulse open for ${people.length} recipients`);

    for (let i = 0; i < o.instances; i++)
      servers.push(await startServer(database.url, join(logDir, i === 0 ? "server.log" : `server-${i}.log`), issuer && authEnv(issuer)));
    const bodies = people.map((p, i) => JSON.stringify(answerActivity(p, serviceUrl, pulseId, 1 + (i % 5))));
    const headers = authHeaders(issuer, o.auth, serviceUrl, needed);
    let next = 0;
    const run = async (amount: number, rate: number) => {
      let acknowledged = 0;
      const first = next;
      next += amount;
      // Request k goes to instance k mod N: one generator per instance at rate/N, each started
      // 1/rate after the previous, so together they send evenly at the rate.
      const n = servers.length;
      const results = await Promise.all(
        servers.map(async (server, i) => {
          const count = Math.ceil((amount - i) / n);
          if (count <= 0) return undefined;
          await sleep((i * 1000) / rate);
          return runOpenLoop({
            url: `${server.url}/api/messages`,
            rate: rate / n,
            count,
            body: (k) => bodies[first + i + k * n]!,
            headers: headers && ((k) => headers(first + i + k * n)),
            sockets: Math.max(1, Math.ceil(o.connections / n)),
            timeoutMs: 10_000,
            onResponse: (status, body) => {
              if (status === 200 && isAcknowledged(body)) acknowledged++;
            },
          });
        }),
      );
      return { result: combineResults(results.filter((r): r is OpenLoopResult => r !== undefined)), acknowledged };
    };
    const cpuMsOfAll = () => servers.reduce((sum, server) => sum + server.cpuMs(), 0);
    // Warm-up (JIT, connection pools, first-time caches) with other people than the measured ones.
    const warm = o.warmup > 0 ? await run(o.warmup, Math.min(o.rate, 100)) : undefined;
    if (o.alignTick) await sleep(msUntilTickAt(seconds / 3));
    const cpuBefore = cpuMsOfAll();
    const measuredFrom = Date.now();
    const measured = await run(rate * seconds, rate);
    const cpuMs = cpuMsOfAll() - cpuBefore;
    const measuredTo = Date.now();
    await sleep(500);
    const stored = await storedAnswers(db, pulseId);
    const connectorStats = (await (await fetch(`${serviceUrl}_stats`)).json()) as { requests: number };
    const peakRss = Math.max(...servers.map((server) => server.peakRss()));
    const logLines = servers.flatMap((server) => readFileSync(server.logFile, "utf8").split("\n"));
    const serverErrors = logLines.filter((l) => /"level":(50|60)/.test(l)).length;
    const ticks = countTicks(logLines, measuredFrom, measuredTo);
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
      auth: o.auth,
      instances: servers.length,
      requests: r.sent,
      target_rps: rate,
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
      // CPU time (user + system) the server processes spent per request of the measured run.
      server_cpu_ms_per_answer: (cpuMs / r.sent).toFixed(2),
      // The largest of the server processes' peak resident set sizes.
      server_peak_rss: mb(peakRss),
      ticks_in_run: ticks,
      drain_s: Math.max(0, r.durationS - (r.sent - 1) / rate).toFixed(1),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await db.$disconnect();
    await issuer?.stop();
    connectorProcess.kill("SIGTERM");
    await database.drop();
    if (!process.env.BENCH_LOG_DIR) rmSync(logDir, { recursive: true, force: true });
  }
}

const BENCH_BOT_ID = "00000000-bbbb-4ccc-8ddd-000000000022";

/** The server's environment as in production: BOT_ID, its secrets, the tenant allow-list; keys from the local issuer. */
function authEnv(issuer: LocalTokenIssuer): Record<string, string> {
  return {
    BOT_ID: BENCH_BOT_ID,
    BOT_PASSWORD: "bench-secret",
    BOT_OPENID_METADATA_URL: issuer.metadataUrl,
    ANSWER_TOKEN_SECRET: "bench-answer-token-secret-0123456789abcdef",
    ALLOWED_TENANT_IDS: BENCH_TENANT,
  };
}

/** The Authorization header of the n-th request, or undefined without auth. */
function authHeaders(
  issuer: LocalTokenIssuer | undefined,
  auth: LoadOptions["auth"],
  serviceUrl: string,
  count: number,
): ((n: number) => Record<string, string>) | undefined {
  if (!issuer) return undefined;
  const sign = () => ({ authorization: `Bearer ${issuer.sign({ aud: BENCH_BOT_ID, serviceurl: serviceUrl })}` });
  if (auth === "shared") {
    const shared = sign();
    return () => shared;
  }
  // Signed before the run: signing on the generator's event loop would delay the requests.
  const all = Array.from({ length: count }, sign);
  return (n) => all[n]!;
}

/** The generators of several instances as one: counts added, latencies merged, the longest duration. */
function combineResults(results: OpenLoopResult[]): OpenLoopResult {
  return {
    sent: results.reduce((n, r) => n + r.sent, 0),
    ok: results.reduce((n, r) => n + r.ok, 0),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    durationS: Math.max(...results.map((r) => r.durationS)),
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
  };
}

/** Milliseconds to wait so that the next minute's tick comes `offsetS` seconds after now + wait. */
function msUntilTickAt(offsetS: number): number {
  const toNextMinute = 60_000 - (Date.now() % 60_000);
  const wait = toNextMinute - offsetS * 1000;
  return wait >= 0 ? wait : wait + 60_000;
}

/** Ticks that ran in [from, to]: the first job of a tick logs `job.run` with the tick's `now`. */
function countTicks(lines: string[], from: number, to: number): number {
  const nows = new Set<string>();
  for (const line of lines) {
    const match = /"event":"job\.run".*"now":"([^"]+)"/.exec(line);
    if (match) nows.add(match[1]!);
  }
  return [...nows].filter((n) => Date.parse(n) >= from && Date.parse(n) <= to).length;
}

/**
 * openPulse, again when planning's transaction ran past Prisma's 5 s (P2028, rolled back): on a
 * machine shared with other work, writing 10,000 recipients sometimes takes longer.
 */
async function openPulseRetrying(db: Db): ReturnType<typeof openPulse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPulse(db);
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== "P2028") throw error;
      console.log(`planning the pulse timed out (attempt ${attempt}); again`);
    }
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
  await markPulseCardsDelivered(db, pulse.pulseId, people);
  return { pulseId: pulse.pulseId, people };
}

/**
 * Every recipient's pulse card as the delivery engine leaves it: delivered, with the activity id
 * Teams gave it. A tap's invoke names that id (replyToId), and the answer path looks it up to keep
 * the person's other pulse card in step (updateOtherPulseCards) — so the bench pays for that too.
 */
async function markPulseCardsDelivered(db: Db, pulseId: string, people: { id: string }[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < people.length; i += 1000) {
    await db.outboxMessage.createMany({
      data: people.slice(i, i + 1000).map((p) => ({
        ...pulseCardKey(pulseId, p.id),
        personId: p.id,
        payload: "{}",
        notBefore: now,
        status: STATUS.delivered,
        activityId: cardActivityId(p.id),
        finishedAt: now,
      })),
    });
  }
}

/** The activity id Teams gave a person's pulse card (any unique string does). */
const cardActivityId = (personId: string) => `1:pulse-card-${personId}`;

/** Pressing one answer on the pulse card, as Teams sends it (Action.Execute invoke). */
function answerActivity(person: { id: string; aadObjectId: string }, serviceUrl: string, pulseId: string, value: number) {
  return personalActivity(person, serviceUrl, {
    type: "invoke",
    name: "adaptiveCard/action",
    // Teams names the card the tap came from.
    replyToId: cardActivityId(person.id),
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

export interface ServerProcess {
  url: string;
  logFile: string;
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
export async function startServer(databaseUrl: string, logFile: string, authEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const nodeArgs = [...serverNodeArgs(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATABASE_URL: databaseUrl, PORT: "0" };
  for (const key of [
    "BOT_ID",
    "BOT_PASSWORD",
    "BOT_OPENID_METADATA_URL",
    "ANSWER_TOKEN_SECRET",
    "ALLOWED_TENANT_IDS",
    "SCHEDULER_ENABLED",
    "LOG_LEVEL",
    "NODE_ENV",
  ])
    delete env[key];
  Object.assign(env, authEnv);
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
    logFile,
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
export async function benchLoadInChild(provider: "sqlite" | "postgres", args: string[], root = PROJECT_ROOT): Promise<LoadResult> {
  const passed = args.filter((a, i) => a !== "--db" && args[i - 1] !== "--db");
  const child = spawn(
    process.execPath,
    // `root`: another checkout's bench and server (load-series --baseline), measured the same way.
    [join(root, "bin/run-ts.mjs"), join(root, "bench/run.ts"), ...passed, "--db", provider, "--result-line"],
    {
      cwd: root,
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
