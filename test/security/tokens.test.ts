// With BOT_ID set, /api/messages takes only activities with a valid Bot Framework token (signed by a
// key in the OpenID metadata, for this bot, from the Bot Framework issuer, in date, for the
// activity's serviceUrl), and only from allowed tenants. Authentication comes first: a caller
// without a valid token gets the same 401 whatever the body says, so it learns nothing — not even
// whether its tenant is allowed. Tokens are signed with the test's own key pair; the metadata is
// served on loopback (test/harness/bot-auth.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { cardAction, installationUpdate, TENANT_ID, teamsUser, type TeamsUser } from "../harness/activities.js";
import { LocalTokenIssuer, unsignedToken } from "../harness/bot-auth.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

const APP_ID = "00000000-aaaa-4bbb-8ccc-000000000002";
const OTHER_TENANT = "0b0b0b0b-1111-4222-8333-444444444444";

let app: TestApp;
let issuer: LocalTokenIssuer;
let member: TeamsUser;
let pulseId = "";

const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const valid = () => issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl });
const answer = (user: TeamsUser, value = 2) =>
  cardAction(user, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId, questionId: "self_rated_health", value });
const stored = async () => ({
  refs: await app.db.conversationRef.count(),
  answers: await app.db.pulseAnswer.count(),
  participation: await app.db.pulseParticipation.count(),
  claims: await app.db.processedActivity.count(),
  sent: app.connector.sent.length,
});

beforeAll(async () => {
  issuer = await new LocalTokenIssuer().start();
  app = await startTestApp({
    env: {
      BOT_ID: APP_ID,
      BOT_PASSWORD: "test-secret",
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      ANSWER_TOKEN_SECRET: "test-answer-token-secret-0123456789abcdef",
      ALLOWED_TENANT_IDS: TENANT_ID,
      SCHEDULER_ENABLED: "false",
    },
  });
  await buildUnit(app.db, { id: "U1", name: "Skolan" });
  const person = await buildPerson(app.db, { id: "P-member" });
  await assignRole(app.db, person.id, "U1", "member");
  member = teamsUser({ aadObjectId: person.aadObjectId! });
  const schedule = await app.db.pulseSchedule.create({ data: { unitId: "U1", anchorDate: "2026-01-05", rotatingQuestions: "[]" } });
  const pulse = await app.db.pulse.create({
    data: {
      scheduleId: schedule.id,
      unitId: "U1",
      dueAt: new Date(Date.now() - 3600_000),
      closesAt: new Date(Date.now() + 3 * 86_400_000),
      questionIds: JSON.stringify(["self_rated_health"]),
    },
  });
  pulseId = pulse.id;
  await app.db.pulseRecipient.create({ data: { pulseId, personId: person.id, unitIds: JSON.stringify(["U1"]) } });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await issuer?.stop();
});

describe("tokens", () => {
  const { privateKey: strangerKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const refused: [string, () => Record<string, string>][] = [
    ["no Authorization header", () => ({})],
    ["an empty Bearer", () => ({ authorization: "Bearer " })],
    ["another scheme", () => ({ authorization: `Basic ${Buffer.from("bot:secret").toString("base64")}` })],
    ["garbage", () => bearer("abc.def.ghi")],
    [
      "an unsigned token (alg none)",
      () => bearer(unsignedToken({ aud: APP_ID, serviceurl: app.serviceUrl, iss: "https://api.botframework.com", exp: now() + 3600 })),
    ],
    ["a token signed by a key not in the metadata", () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl }, { key: strangerKey }))],
    ["a token for another bot (audience)", () => bearer(issuer.sign({ aud: "another-bot", serviceurl: app.serviceUrl }))],
    [
      "an expired token (an hour ago)",
      () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, nbf: now() - 7200, iat: now() - 7200 }, { expiresInSec: -3600 })),
    ],
    [
      "a token that expired just past the clock skew allowance",
      () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, nbf: now() - 7200, iat: now() - 7200 }, { expiresInSec: -360 })),
    ],
    [
      "a token not valid yet",
      () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, nbf: now() + 3600, iat: now() + 3600 }, { expiresInSec: 7200 })),
    ],
    ["a token from another issuer", () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, iss: "https://evil.example.com" }))],
    [
      "a token from an Entra issuer, not the Bot Framework",
      () => bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, iss: `https://sts.windows.net/${TENANT_ID}/` })),
    ],
    ["a token issued for another serviceUrl", () => bearer(issuer.sign({ aud: APP_ID, serviceurl: "https://smba.trafficmanager.net/emea/" }))],
  ];

  it.each(refused)("refuses %s with 401, and stores and sends nothing", async (_name, headers) => {
    const before = await stored();
    for (const activity of [installationUpdate(member, app.serviceUrl, "add"), answer(member)]) {
      const res = await app.post(activity, headers());
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: "unauthorized" });
    }
    expect(await stored()).toEqual(before);
  });

  it("accepts a correctly signed token, so the refusals above are about the token", async () => {
    const before = await stored();
    const res = await app.post(answer(member), bearer(valid()));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect((await stored()).answers).toBe(before.answers + 1);
  });

  it("never logs a token, neither in our log nor in what botbuilder prints", async () => {
    const token = valid();
    const printed: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args) => void printed.push(args.map(String).join(" "))),
    );
    try {
      await app.post(answer(member, 3), bearer(token));
      await app.post(answer(member, 3), bearer(`${token}x`));
      await app.post(answer(member, 3), bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl }, { expiresInSec: -3600 })));
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    const logs = [...app.rawLogs, ...printed].join("\n");
    expect(logs).not.toContain(token.split(".")[2]!);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});

describe("the tenant allow-list, after authentication", () => {
  const inTenant = (tenantId: string | undefined, channelTenant = tenantId) => {
    const activity = answer(teamsUser({ aadObjectId: member.aadObjectId!, conversationId: member.conversationId }), 4) as Record<string, any>;
    if (tenantId === undefined) delete activity.conversation.tenantId;
    else activity.conversation.tenantId = tenantId;
    if (channelTenant === undefined) delete activity.channelData;
    else activity.channelData = { tenant: { id: channelTenant } };
    return activity;
  };

  it("an unauthenticated request gets the same 401 whatever its tenant or shape: nothing to tell allowed tenants apart", async () => {
    const before = await stored();
    const bodies = [inTenant(TENANT_ID), inTenant(OTHER_TENANT), inTenant(undefined), { type: "message" }, { type: 42, conversation: "x" }, {}];
    const answers = [];
    for (const body of bodies) {
      for (const headers of [{}, bearer(issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, iss: "https://evil.example.com" }))]) {
        const res = await fetch(`${app.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        });
        answers.push({ status: res.status, body: await res.text(), type: res.headers.get("content-type"), length: res.headers.get("content-length") });
      }
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 401, body: JSON.stringify({ error: "unauthorized" }) });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ["another tenant", () => inTenant(OTHER_TENANT)],
    ["an allowed conversation tenant but another tenant in channelData", () => inTenant(TENANT_ID, OTHER_TENANT)],
    ["an allowed channelData tenant but another conversation tenant", () => inTenant(OTHER_TENANT, TENANT_ID)],
    ["no tenant at all", () => inTenant(undefined)],
  ])("an authenticated activity from %s gets 403 and changes nothing", async (_name, activity) => {
    const before = await stored();
    const res = await app.post(activity(), bearer(valid()));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: "tenant not allowed" });
    expect(await stored()).toEqual(before);
  });

  it("an authenticated, malformed activity is a 400; from the allowed tenant it is handled", async () => {
    const malformed = { ...inTenant(TENANT_ID), from: "someone" };
    expect((await app.post(malformed, bearer(valid()))).status).toBe(400);
    const before = await stored();
    const res = await app.post(inTenant(TENANT_ID), bearer(valid()));
    expect(res.status).toBe(200);
    expect((await stored()).claims).toBe(before.claims + 1);
    expect((await app.db.pulseAnswer.findFirstOrThrow({ where: { pulseId } })).value).toBe(4);
  });
});
