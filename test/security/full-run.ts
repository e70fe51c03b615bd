// One realistic run of everything that touches answers, ratings and sick leave, recorded for the
// privacy scans: the demo org and its absences imported by the CLI, everyone installs the bot,
// every member answers the pulse through /api/messages (extremes included: the only member of a
// unit answers "Mycket dåligt"), a friskfaktor round is rated and closed, cases are opened, sent
// and acted on, and `friskpuls tick --now` (child processes) plans, closes and summarises.
// Recorded: every HTTP response (with who asked), every activity the fake connector received, and
// every log line — the in-process app's pino log and console, and the CLI children's output.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { vi } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, cardSubmit, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { ORG_DEMO_DIR, readDemoCsv } from "../harness/org-files.js";
import { manualClock } from "../harness/tick-cli.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { FACTOR_IDS } from "../../src/domain/health-factors/catalogue.js";

const run = promisify(execFile);

export const K = 5;

export const DEMO = {
  units: readDemoCsv("units.csv").map(([id, name, parentId]) => ({ id: id!, name: name!, parentId: parentId || null })),
  people: readDemoCsv("people.csv").map(([id, displayName, email, aadObjectId]) => ({
    id: id!,
    displayName: displayName!,
    email: email!,
    aadObjectId: aadObjectId!,
  })),
  assignments: readDemoCsv("assignments.csv").map(([personId, unitId, role]) => ({ personId: personId!, unitId: unitId!, role: role! })),
  absences: readDemoCsv("absences.csv").map(([personId, firstDay, lastDay]) => ({ personId: personId!, firstDay: firstDay!, lastDay: lastDay! })),
};

export interface Exchange {
  /** The person who sent the activity (the response goes back to them only). */
  personId: string;
  request: Record<string, any>;
  status: number;
  body: unknown;
}

export interface LogSource {
  name: string;
  text: string;
}

export interface FullRun {
  app: TestApp;
  users: Map<string, TeamsUser>;
  /** Everyone's last answer to each question, by person: the ground truth the scans compare with. */
  answers: Map<string, Record<string, number>>;
  ratings: Map<string, Record<string, string>>;
  exchanges: Exchange[];
  logs: LogSource[];
  /** Everything the in-process app printed on the console (botbuilder does). */
  console: string[];
  pulseId: string;
  roundId: string;
}

export async function fullRun(): Promise<FullRun> {
  const clock = manualClock("2026-11-23T05:00:00Z");
  const printed: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi
      .spyOn(console, level)
      .mockImplementation(
        (...args: unknown[]) =>
          void printed.push(
            args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "),
          ),
      ),
  );
  const app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false", MIN_GROUP_SIZE: String(K) } });
  const logs: LogSource[] = [];
  const exchanges: Exchange[] = [];
  const users = new Map<string, TeamsUser>();
  const answers = new Map<string, Record<string, number>>();
  const ratings = new Map<string, Record<string, string>>();

  const cli = async (name: string, args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: app.databaseUrl, LOG_LEVEL: "debug" },
      maxBuffer: 64 * 1024 * 1024,
    });
    logs.push({ name: `${name} stdout`, text: stdout }, { name: `${name} stderr`, text: stderr });
    return stdout;
  };
  const tick = async (iso: string) => {
    clock.set(iso);
    const out = await cli(`tick ${iso}`, ["tick", "--now", iso, "--horizon", "5"]);
    return JSON.parse(out.trim().split("\n").at(-1)!) as { jobs: Record<string, Record<string, number>> };
  };
  const post = async (personId: string, activity: Record<string, any>) => {
    const res = await app.post(activity);
    exchanges.push({ personId, request: activity, status: res.status, body: res.body });
    return res;
  };
  const act = (personId: string, verb: string, data: Record<string, unknown>) =>
    post(personId, cardAction(users.get(personId)!, app.serviceUrl, verb, { verb, ...data }));
  const say = (personId: string, text: string) => post(personId, message(users.get(personId)!, app.serviceUrl, text));

  try {
    await cli("org import", ["org", "import", ORG_DEMO_DIR, "--json"]);
    await cli("absences import", ["absences", "import", join(ORG_DEMO_DIR, "absences.csv"), "--now", "2026-11-23T05:00:00Z", "--json"]);
    for (const p of DEMO.people) {
      const user = teamsUser({ aadObjectId: p.aadObjectId, name: p.displayName });
      users.set(p.id, user);
      await post(p.id, botAdded(user, app.serviceUrl));
    }

    await tick("2026-11-23T06:00:00Z"); // the default schedule; sick-leave cases open (sent at 08)
    // The HR partner of the school förvaltning starts a friskfaktor round for it.
    clock.set("2026-11-23T06:30:00Z");
    await act("P000001", "hf.start", { unitIds: "U1", windowDays: "7" });
    await tick("2026-11-23T08:00:30Z"); // pulse cards, rating cards, case digests
    const pulse = await app.db.pulse.findFirstOrThrow();
    const questionIds = JSON.parse(pulse.questionIds) as string[];
    const round = await app.db.hfRound.findFirstOrThrow();

    // Every member answers through the bot. The only member of each small unit answers
    // "Mycket dåligt" (5), the extreme nobody else gives; some use the Action.Submit fallback,
    // some change their mind, one asks to be contacted.
    clock.set("2026-11-23T09:30:00Z");
    const members = [...new Set(DEMO.assignments.filter((a) => a.role === "member").map((a) => a.personId))].sort();
    const unitSize = new Map<string, number>();
    for (const a of DEMO.assignments.filter((a) => a.role === "member")) unitSize.set(a.unitId, (unitSize.get(a.unitId) ?? 0) + 1);
    const alone = (personId: string) => DEMO.assignments.some((a) => a.personId === personId && a.role === "member" && unitSize.get(a.unitId) === 1);
    for (const [i, personId] of members.entries()) {
      const health = alone(personId) ? 5 : 1 + (i % 4);
      const mine: Record<string, number> = {};
      const send = (questionId: string, value: number) =>
        i % 7 === 3
          ? post(personId, cardSubmit(users.get(personId)!, app.serviceUrl, { verb: "pulse.answer", pulseId: pulse.id, questionId, value }, `card-${i}`))
          : act(personId, "pulse.answer", { pulseId: pulse.id, questionId, value });
      if (i % 5 === 0) await send("self_rated_health", health === 1 ? 2 : 1); // changed below
      await send("self_rated_health", health);
      mine.self_rated_health = health;
      const rotating = questionIds[1];
      if (rotating && i % 3 !== 0) {
        const value = rotating === "presenteeism" || rotating === "work_environment_problems" ? 1 + (i % 2) : 1 + (i % 5);
        await send(rotating, value);
        mine[rotating] = value;
      }
      answers.set(personId, mine);
    }
    await act(members[2]!, "pulse.contact", { pulseId: pulse.id, wanted: true });

    // The round's members rate the eight factors: extremes, "Vet inte", a change of mind. In
    // Grundskolan only three people rate early_intervention (all "1"); the rest say "Vet inte".
    const raters = (await app.db.hfRecipient.findMany({ where: { roundId: round.id }, orderBy: { personId: "asc" } })).map((r) => r.personId);
    const school = raters.filter((p) => DEMO.assignments.some((a) => a.personId === p && a.unitId === "U1.2.1" && a.role === "member"));
    for (const [i, personId] of raters.entries()) {
      const value = i === 0 ? "1" : i === 1 ? "5" : String(2 + (i % 3));
      const mine = Object.fromEntries(FACTOR_IDS.map((f, j) => [f, j === 3 && i % 4 === 0 ? "dk" : value]));
      if (school.includes(personId)) mine.early_intervention = school.indexOf(personId) < 3 ? "1" : "dk";
      if (i === 2) await act(personId, "hf.rate", { roundId: round.id, ...Object.fromEntries(FACTOR_IDS.map((f) => [f, "4"])) });
      await act(personId, "hf.rate", { roundId: round.id, ...mine });
      ratings.set(personId, mine);
    }

    // Leaders and members use the chat; a chef acts on their cases.
    for (const [personId, text] of [
      ["P000004", "resultat"],
      ["P000020", "resultat"],
      ["P000004", "ärenden"],
      ["P000001", "friskfaktorer"],
      ["P000020", "hjälp"],
      ["P000066", "om"],
    ] as const)
      await say(personId, text);
    const chefCases = await app.db.nudgeCase.findMany({ where: { status: "open" }, orderBy: { id: "asc" } });
    const owner = chefCases[0]!.ownerId;
    const own = chefCases.filter((c) => c.ownerId === owner);
    await act(owner, "nudge.plan", { caseId: own[0]!.id, slot: 0, caseIds: own.map((c) => c.id), plannedFor_0: "2026-11-27" });
    if (own[1]) await act(owner, "nudge.dismiss", { caseId: own[1].id, slot: 1, caseIds: own.map((c) => c.id), reason_1: "known_cause" });

    await tick("2026-11-26T08:00:10Z"); // the pulse closes: summaries, overviews; the contact request's case
    await tick("2026-11-30T08:00:30Z"); // the round closes: profiles to chef and skyddsombud
    clock.set("2026-11-30T09:00:00Z");
    for (const [personId, text] of [
      ["P000004", "resultat"],
      ["P000025", "resultat"],
      ["P000001", "resultat"],
      ["P000004", "friskfaktorer"],
      ["P000011", "friskfaktorer"],
      ["P000001", "friskfaktorer"],
      ["P000020", "friskfaktorer"],
    ] as const)
      await say(personId, text);
    await act("P000004", "hf.propose", { roundId: round.id, unitId: "U1.1.1", proposal: "sam,leadership" });
    await act("P000011", "hf.confirm", { roundId: round.id, unitId: "U1.1.1", factorIds: ["leadership", "sam"] });
    await act("P000004", "hf.activity", { roundId: round.id, unitId: "U1.1.1", factorId: "sam", what: "Skyddsrond", owner: "Nils", dueDate: "2026-12-10" });
    await tick("2026-11-30T09:30:00Z"); // the other party's cards

    logs.push({ name: "server (pino)", text: app.rawLogs.join("\n") }, { name: "server (console)", text: printed.join("\n") });
    return { app, users, answers, ratings, exchanges, logs, console: printed, pulseId: pulse.id, roundId: round.id };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}
