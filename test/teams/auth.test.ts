import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { installationUpdate, message, teamsUser } from "../harness/activities.js";
import { LocalTokenIssuer, unsignedToken } from "../harness/bot-auth.js";
import { buildPerson } from "../harness/factories.js";

const APP_ID = "00000000-aaaa-4bbb-8ccc-000000000001";

describe("with BOT_ID set, /api/messages requires a valid Bot Framework token", () => {
  let app: TestApp;
  let issuer: LocalTokenIssuer;
  beforeAll(async () => {
    issuer = await new LocalTokenIssuer().start();
    app = await startTestApp({
      env: {
        BOT_ID: APP_ID,
        BOT_PASSWORD: "test-secret",
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
        ANSWER_TOKEN_SECRET: "test-answer-token-secret-0123456789abcdef",
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    await issuer.stop();
  });

  const claimsFor = (serviceUrl: string) => ({ aud: APP_ID, serviceurl: serviceUrl });

  it("refuses a request without an Authorization header with 401 and stores nothing", async () => {
    const user = teamsUser();
    const res = await app.post(installationUpdate(user, app.serviceUrl, "add"));
    expect(res.status).toBe(401);
    expect(await app.db.conversationRef.count()).toBe(0);
    expect(app.connector.sent).toHaveLength(0);
  });

  it("refuses an unsigned token (alg none) with 401", async () => {
    const user = teamsUser();
    const res = await app.post(message(user, app.serviceUrl, "hjälp"), {
      authorization: `Bearer ${unsignedToken(claimsFor(app.serviceUrl))}`,
    });
    expect(res.status).toBe(401);
    expect(app.connector.sent).toHaveLength(0);
  });

  it("refuses a token signed by a key that is not in the metadata with 401", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const token = issuer.sign(claimsFor(app.serviceUrl), { key: privateKey });
    const res = await app.post(installationUpdate(teamsUser(), app.serviceUrl, "add"), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it("refuses a token for another bot (wrong audience) with 401", async () => {
    const token = issuer.sign({ aud: "some-other-bot", serviceurl: app.serviceUrl });
    const res = await app.post(installationUpdate(teamsUser(), app.serviceUrl, "add"), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it("accepts a correctly signed token, so the 401s above are about the token", async () => {
    const person = await buildPerson(app.db);
    const user = teamsUser({ aadObjectId: person.aadObjectId! });
    const token = issuer.sign(claimsFor(app.serviceUrl));
    const res = await app.post(installationUpdate(user, app.serviceUrl, "add"), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await app.db.conversationRef.count({ where: { personId: person.id } })).toBe(1);
  });

  it("takes the same token again (verified once, issue 22), but not for another service URL", async () => {
    const person = await buildPerson(app.db);
    const user = teamsUser({ aadObjectId: person.aadObjectId! });
    const token = issuer.sign(claimsFor(app.serviceUrl));
    for (let i = 0; i < 3; i++) {
      expect((await app.post(installationUpdate(user, app.serviceUrl, "add"), { authorization: `Bearer ${token}` })).status).toBe(200);
    }
    const elsewhere = "https://smba.example.invalid/emea/";
    expect((await app.post(installationUpdate(user, elsewhere, "add"), { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});
