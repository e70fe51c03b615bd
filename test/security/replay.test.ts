// Replayed activities (ADR 0012): Teams and the Bot Connector may deliver an activity again. The
// same activity id in the same conversation is handled once — across processes, on SQLite and
// PostgreSQL — and a replay changes nothing and sends nothing; an invoke replay still gets a 200.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DATABASES } from "../harness/databases.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, cardSubmit, message, teamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { manualClock } from "../harness/tick-cli.js";
import { buildJobs } from "../../src/jobs/registry.js";
import { createReplayGuard } from "../../src/teams/replay-guard.js";
import type { TurnContext } from "botbuilder";
import { canonicalPayloads, seedOrg, SEED_NOW, writableState, type Seed } from "./seed.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startFriskpuls, type RunningFriskpuls } from "../../src/main.js";
import { buildPerson } from "../harness/factories.js";
import { claimActivity, CLAIM_LEASE_MS, purgeProcessedActivities, REPLAY_WINDOW_MS } from "../../src/teams/processed-activities.js";

describe.each(TEST_DATABASES)("replayed activities (%s)", (database) => {
  const clock = manualClock(SEED_NOW);
  let app: TestApp;
  let seed: Seed;
  const payload = (verb: string) => canonicalPayloads(seed).find((p) => p.verb === verb)!;
  const sentSince = (n: number) => app.connector.sent.slice(n);

  beforeAll(async () => {
    app = await startTestApp({ database, clock, env: { SCHEDULER_ENABLED: "false" } });
    seed = await seedOrg(app);
  }, 60_000);
  afterAll(async () => app?.stop());

  it("a replayed pulse answer changes nothing, even with other data, and gets a 200 with a message instead of a card", async () => {
    const { data } = payload("pulse.answer");
    const first = cardAction(seed.users.m1_0!, app.serviceUrl, "pulse.answer", data);
    const res = await app.post(first);
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toContain("Ditt svar: Bra");
    const state = await writableState(app);
    const sent = app.connector.sent.length;

    const again = await app.post(first);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Det här har redan tagits emot." });
    // Same id and conversation, different value: still the same activity, so still nothing.
    const forged = await app.post({ ...first, value: { ...first.value, action: { ...first.value.action, data: { ...data, value: 5 } } } });
    expect(forged.body.type).toBe("application/vnd.microsoft.activity.message");
    expect(await writableState(app)).toEqual(state);
    expect(sentSince(sent)).toEqual([]);
    expect((await app.db.pulseAnswer.findMany({ where: { pulseId: seed.pulseId } })).map((a) => a.value)).toEqual([2]);
  });

  it("a replayed Action.Submit (the fallback) does not update the card a second time", async () => {
    const submit = cardSubmit(
      seed.users.m1_1!,
      app.serviceUrl,
      { verb: "pulse.answer", pulseId: seed.pulseId, questionId: "self_rated_health", value: 3 },
      "card-1",
    );
    const sent = app.connector.sent.length;
    await app.post(submit);
    expect(sentSince(sent).map((s) => s.method)).toEqual(["PUT"]);
    const state = await writableState(app);
    expect((await app.post(submit)).status).toBe(200);
    expect(sentSince(sent)).toHaveLength(1);
    expect(await writableState(app)).toEqual(state);
  });

  it("a replayed chat message gets no second reply, a replayed install no second welcome", async () => {
    const hello = message(seed.users.chef1!, app.serviceUrl, "hjälp");
    const person = await buildPerson(app.db);
    const added = botAdded(teamsUser({ aadObjectId: person.aadObjectId! }), app.serviceUrl);
    const sent = app.connector.sent.length;
    await app.post(hello);
    await app.post(added);
    expect(sentSince(sent)).toHaveLength(2);
    await app.post(hello);
    await app.post(added);
    await app.post(hello);
    expect(sentSince(sent)).toHaveLength(2);
  });

  it("replayed card actions with side effects record one priority step, one notification and one planned date", async () => {
    const propose = cardAction(seed.users.chef1!, app.serviceUrl, "hf.propose", payload("hf.propose").data);
    const plan = cardAction(seed.users.chef1!, app.serviceUrl, "nudge.plan", payload("nudge.plan").data);
    expect(cardText((await app.post(propose)).body.value)).toContain("Du har föreslagit:");
    expect(cardText((await app.post(plan)).body.value)).toContain("Sparat: planerat.");
    const state = await writableState(app);
    expect(state.priorityStep).toHaveLength(1);
    expect(state.outbox).toBe(1); // the skyddsombud's card
    for (const activity of [propose, plan, propose]) expect((await app.post(activity)).body.type).toBe("application/vnd.microsoft.activity.message");
    const movedDate = {
      ...plan,
      value: { ...plan.value, action: { ...plan.value.action, data: { ...payload("nudge.plan").data, plannedFor_0: "2026-12-01" } } },
    };
    await app.post(movedDate);
    expect(await writableState(app)).toEqual(state);
    expect((await app.db.nudgeCase.findUniqueOrThrow({ where: { id: seed.caseId } })).plannedFor).toBe("2026-11-27");
  });

  it("the same activity id in another conversation is another activity", async () => {
    const mine = cardAction(seed.users.m1_2!, app.serviceUrl, "pulse.answer", {
      verb: "pulse.answer",
      pulseId: seed.pulseId,
      questionId: "self_rated_health",
      value: 1,
    });
    const theirs = {
      ...cardAction(seed.users.m1_3!, app.serviceUrl, "pulse.answer", {
        verb: "pulse.answer",
        pulseId: seed.pulseId,
        questionId: "self_rated_health",
        value: 1,
      }),
      id: mine.id,
    };
    const before = await app.db.pulseParticipation.count();
    expect(cardText((await app.post(mine)).body.value)).toContain("Ditt svar");
    expect(cardText((await app.post(theirs)).body.value)).toContain("Ditt svar");
    expect(await app.db.pulseParticipation.count()).toBe(before + 2);
  });

  it("a turn that failed is not remembered: the redelivery is handled", async () => {
    const hello = message(seed.users.so1!, app.serviceUrl, "om");
    app.connector.failNext(1, { status: 500 });
    const sent = app.connector.sent.length;
    await app.post(hello);
    expect(sentSince(sent)).toHaveLength(0); // the reply failed
    await app.post(hello);
    expect(sentSince(sent)).toHaveLength(1);
    await app.post(hello);
    expect(sentSince(sent)).toHaveLength(1);
  });

  it("two processes on one database: concurrent deliveries of one activity are handled exactly once", async () => {
    const config = loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: app.databaseUrl, SCHEDULER_ENABLED: "false" });
    const second: RunningFriskpuls = await startFriskpuls(config, { logger: createLogger("silent"), clock });
    try {
      for (const key of ["m1_4", "m1_5"]) {
        const answer = cardAction(seed.users[key]!, app.serviceUrl, "pulse.answer", {
          verb: "pulse.answer",
          pulseId: seed.pulseId,
          questionId: "workload",
          value: 4,
        });
        const before = await writableState(app);
        const responses = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            fetch(`${i % 2 ? second.url : app.url}/api/messages`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(answer),
            }).then(async (r) => ({ status: r.status, body: (await r.json()) as { type?: string } })),
          ),
        );
        expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
        expect(responses.filter((r) => r.body.type === "application/vnd.microsoft.card.adaptive")).toHaveLength(1);
        expect(responses.filter((r) => r.body.type === "application/vnd.microsoft.activity.message")).toHaveLength(7);
        const after = await writableState(app);
        expect(after.pulseAnswer.length).toBe(before.pulseAnswer.length + 1);
        expect(after.pulseParticipation.length).toBe(before.pulseParticipation.length + 1);
      }
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("a claim abandoned by a dead process is taken over after the lease; a recent or finished one is not", async () => {
    const now = new Date(SEED_NOW);
    const old = new Date(now.getTime() - CLAIM_LEASE_MS - 1000);
    await app.db.processedActivity.createMany({
      data: [
        { id: "abandoned", receivedAt: old },
        { id: "running", receivedAt: new Date(now.getTime() - 5000) },
        { id: "finished", receivedAt: old, completedAt: old },
      ],
    });
    expect(await claimActivity(app.db, "abandoned", now)).toBe("claimed");
    expect(await claimActivity(app.db, "abandoned", now)).toBe("replay");
    expect(await claimActivity(app.db, "running", now)).toBe("replay");
    expect(await claimActivity(app.db, "finished", now)).toBe("replay");
    expect(await claimActivity(app.db, "new", now)).toBe("claimed");
    await app.db.processedActivity.deleteMany({ where: { id: { in: ["abandoned", "running", "finished", "new"] } } });
  });

  it("proactive turns (continueConversationAsync reuses the stored activity id) are never taken for replays", async () => {
    const guard = createReplayGuard({ db: app.db, clock, logger: createLogger("silent"), secret: "s".repeat(32), defaultLocale: "sv-SE" });
    const turn = (type: string, name?: string) =>
      ({
        activity: { type, name, id: "stored-activity-id", channelId: "msteams", conversation: { id: "a:proactive" } },
        sendActivity: async () => undefined,
      }) as unknown as TurnContext;
    let ran = 0;
    for (let i = 0; i < 3; i++) await guard.onTurn(turn("event", "ContinueConversation"), async () => void ran++);
    expect(ran).toBe(3);
    for (let i = 0; i < 3; i++) await guard.onTurn(turn("message"), async () => void ran++);
    expect(ran).toBe(4);
  });

  it("the table holds only keyed digests, and the tick's purge job removes them after the window", async () => {
    const rows = await app.db.processedActivity.findMany();
    expect(rows.length).toBeGreaterThan(10);
    const everything = JSON.stringify(rows);
    for (const u of Object.values(seed.users)) {
      expect(everything).not.toContain(u.conversationId);
      expect(everything).not.toContain(u.personId);
    }
    expect(rows.every((r) => /^[A-Za-z0-9_-]{43}$/.test(r.id))).toBe(true);

    const justInside = new Date(new Date(SEED_NOW).getTime() + REPLAY_WINDOW_MS - 60_000);
    expect(await purgeProcessedActivities(app.db, justInside)).toEqual({ purged: 0 });
    // The job as cron and `friskpuls tick` run it (registered with every other job).
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: app.databaseUrl });
    const purge = buildJobs({ db: app.db, clock, config, answerTokenSecret: "unused-here" }).find((j) => j.name === "activities.purge")!;
    const after = new Date(new Date(SEED_NOW).getTime() + REPLAY_WINDOW_MS + 60_000);
    expect(await purge.run(after)).toEqual({ purged: rows.length });
    expect(await app.db.processedActivity.count()).toBe(0);
  });
});
