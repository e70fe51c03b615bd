// Issue 21: no inbound request waits on Microsoft's key endpoint past BOT_AUTH_TIMEOUT_SECONDS.
// The OpenID metadata and JWKS are served on loopback (test/harness/bot-auth.ts) and made to hang:
// connections accepted, requests read, nothing ever written — what botbuilder's own key fetch
// waited on forever, once per request. Real HTTP, the whole app in-process, SQLite.
//   - cold start with the endpoint hanging: every request is answered within the bound — a token
//     that needs the keys gets 503 with Retry-After (the cause is ours), anything else 401 at once;
//     the hanging endpoint is asked once per refresh, not once per request; when it answers again,
//     valid tokens pass;
//   - keys cached and due for refresh, the endpoint hanging: valid tokens pass at once from the
//     last good keys while the refresh waits in the background, and bad ones are still refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { message, teamsUser, TENANT_ID } from "../harness/activities.js";
import { LocalTokenIssuer } from "../harness/bot-auth.js";
import { sleep, waitUntil } from "../harness/wait-until.js";

const APP_ID = "00000000-aaaa-4bbb-8ccc-000000000021";
const BOUND_MS = 1_000;
/**
 * Time to answer once the bound has passed: 25 requests at once, RSA checks and the app in this
 * process, on a loaded 2-core machine. Without a bound the requests wait as long as the endpoint
 * keeps the connection open (here: for ever).
 */
const SLACK_MS = 2_500;

let app: TestApp;
let issuer: LocalTokenIssuer;

beforeAll(async () => {
  issuer = await new LocalTokenIssuer().start();
  app = await startTestApp({
    env: {
      BOT_ID: APP_ID,
      BOT_PASSWORD: "test-secret",
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      BOT_AUTH_TIMEOUT_SECONDS: String(BOUND_MS / 1000),
      BOT_SIGNING_KEYS_REFRESH_HOURS: String(2 / 3600), // due again two seconds after each refresh
      ANSWER_TOKEN_SECRET: "test-answer-token-secret-0123456789abcdef",
      ALLOWED_TENANT_IDS: TENANT_ID,
      SCHEDULER_ENABLED: "false",
    },
  });
}, 60_000);

afterEach(() => issuer.stall(false));

afterAll(async () => {
  await app?.stop();
  await issuer?.stop();
});

const valid = () => `Bearer ${issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl })}`;
// A typing indicator: authenticated, then nothing to answer and nothing to send (no outbound token needed).
const activity = () => ({ ...message(teamsUser(), app.serviceUrl, ""), type: "typing", text: undefined });

async function post(authorization: string | undefined): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = performance.now();
  const res = await fetch(`${app.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify(activity()),
  });
  await res.text();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get("retry-after") };
}

const refusedAtOnce = () => [
  undefined,
  "Bearer abc.def.ghi",
  `Bearer ${issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, iss: "https://evil.example.com" })}`,
  `Bearer ${issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl, iss: `https://sts.windows.net/${TENANT_ID}/` })}`,
];

describe("a key endpoint that accepts connections and never answers", () => {
  it("cold start: every request answered within the bound (503 + Retry-After when the keys are needed, 401 otherwise), one fetch per refresh; valid tokens pass once it answers", async () => {
    issuer.stall(true);
    const answers = await Promise.all([...Array.from({ length: 20 }, () => post(valid())), ...refusedAtOnce().map((a) => post(a))]);
    for (const a of answers.slice(0, 20)) {
      expect(a.status, JSON.stringify(a)).toBe(503);
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(a.ms).toBeLessThan(BOUND_MS + SLACK_MS);
    }
    for (const a of answers.slice(20)) {
      expect(a.status, JSON.stringify(a)).toBe(401);
      expect(a.ms).toBeLessThan(BOUND_MS + SLACK_MS);
    }
    // Twenty requests shared one refresh: botbuilder asked once per request.
    expect(issuer.metadataRequests).toBe(1);

    // Still hanging, one request after another: each within the bound, and no fetch per request.
    for (let i = 0; i < 5; i++) {
      const a = await post(valid());
      expect(a.status).toBe(503);
      expect(a.ms).toBeLessThan(BOUND_MS + SLACK_MS);
    }
    expect(issuer.metadataRequests).toBeLessThanOrEqual(2);
    expect(app.logs.some((l) => l.event === "auth.keys_refresh_failed" && l.haveKeys === false)).toBe(true);

    // The endpoint answers again: within a few seconds (the pause after a failed refresh) valid tokens pass.
    issuer.stall(false);
    const deadline = Date.now() + 15_000;
    let last = await post(valid());
    while (last.status !== 200 && Date.now() < deadline) {
      expect(last.status).toBe(503);
      await sleep(250);
      last = await post(valid());
    }
    expect(last.status).toBe(200);
  }, 60_000);

  it("cached keys, refresh due, endpoint hanging: valid tokens pass at once from the last good keys; bad ones are still refused", async () => {
    expect((await post(valid())).status).toBe(200); // keys in hand
    issuer.stall(true);
    await sleep(2_200); // the keys are now due for refresh
    const asked = issuer.metadataRequests;
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(valid())));
    for (const a of answers) {
      expect(a.status, JSON.stringify(a)).toBe(200);
      expect(a.ms).toBeLessThan(BOUND_MS + SLACK_MS);
    }
    // A refresh was started, and is hanging: it runs beside the answers, so its request may reach the
    // issuer just after they are back on a loaded machine — wait for it, then there is exactly one.
    await waitUntil(() => issuer.metadataRequests > asked, 5_000, "the background key refresh");
    expect(issuer.metadataRequests).toBe(asked + 1);
    for (const authorization of refusedAtOnce()) expect((await post(authorization)).status).toBe(401);
    const { privateKey } = await import("node:crypto").then((c) => c.generateKeyPairSync("rsa", { modulusLength: 2048 }));
    expect((await post(`Bearer ${issuer.sign({ aud: APP_ID, serviceurl: app.serviceUrl }, { key: privateKey })}`)).status).toBe(401);

    // The refresh gives up at the bound and is tried again later; the old keys keep serving.
    await sleep(BOUND_MS + 200);
    expect(app.logs.some((l) => l.event === "auth.keys_refresh_failed" && l.haveKeys === true)).toBe(true);
    const again = await post(valid());
    expect(again.status).toBe(200);
    expect(again.ms).toBeLessThan(BOUND_MS + SLACK_MS);
    issuer.stall(false);
  }, 60_000);
});
