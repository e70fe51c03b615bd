// The tab API's sign-in (issue 17): Teams SSO tokens validated by the server itself against a key
// set served over HTTP (the stand-in for Entra's keys), and the local dev sign-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { startTabKeys, TAB_TEST_APP_ID, TAB_TEST_TENANT, type TabKeys } from "../harness/tab-tokens.js";

const OTHER_TENANT = "11111111-2222-4333-8444-555555555555";

async function get(app: TestApp, path: string, token?: string) {
  const res = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

describe("tab sign-in with Teams SSO tokens", () => {
  let keys: TabKeys;
  let app: TestApp;
  let oid: string;
  let personId: string;

  beforeAll(async () => {
    keys = await startTabKeys();
    app = await startTestApp({ env: keys.env });
    const unit = await buildUnit(app.db, { name: "Hemtjänst Norr" });
    const person = await buildPerson(app.db, { displayName: "Anna Berg" });
    await assignRole(app.db, person.id, unit.id, "member");
    oid = person.aadObjectId!;
    personId = person.id;
  });
  afterAll(async () => {
    await app?.stop();
    await keys?.close();
  });

  it("accepts a valid token and finds the person by the token's object id", async () => {
    const res = await get(app, "/api/tab/me", await keys.mint({ oid }));
    expect(res.status).toBe(200);
    expect(res.body.person.id).toBe(personId);
  });

  it("answers 401 with a reason for a missing, malformed, expired, foreign or mis-addressed token", async () => {
    const cases: [string, string | undefined, RegExp][] = [
      ["no token", undefined, /Authorization: Bearer/],
      ["not a JWT", "abc.def.ghi", /not a JWT/],
      ["expired", await keys.mint({ oid, expiresIn: -600 }), /expired/],
      ["foreign tenant", await keys.mint({ oid, tid: OTHER_TENANT }), /tenant/],
      ["issuer of another tenant", await keys.mint({ oid, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }), /issuer/],
      ["not Entra's issuer", await keys.mint({ oid, iss: `https://evil.example/${TAB_TEST_TENANT}/v2.0` }), /issuer/],
      ["wrong audience", await keys.mint({ oid, aud: "00000000-1111-4222-8333-444444444444" }), /another app/],
      ["without access_as_user", await keys.mint({ oid, scp: "User.Read" }), /access_as_user/],
      ["signed by an unknown key", await keys.mintWithForeignKey({ oid }), /signature/],
    ];
    for (const [label, token, message] of cases) {
      const res = await get(app, "/api/tab/me", token);
      expect(res.status, label).toBe(401);
      expect(res.body.message, label).toMatch(message);
      expect(res.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
      expect(JSON.stringify(res.body), label).not.toContain(personId);
    }
  });

  it("refuses a valid token for someone who is not in the organisation data (403)", async () => {
    const res = await get(app, "/api/tab/me", await keys.mint({ oid: "3a1b2c3d-0000-4000-8000-000000000000" }));
    expect(res.status).toBe(403);
    expect(res.body.error).toBe("unknownPerson");
  });

  it("refuses a person who has left, though their token is valid", async () => {
    const gone = await buildPerson(app.db, { displayName: "Slutat Person" });
    await app.db.person.update({ where: { id: gone.id }, data: { active: false } });
    expect((await get(app, "/api/tab/me", await keys.mint({ oid: gone.aadObjectId! }))).status).toBe(403);
  });

  it("answers unknown API paths only after the token was checked", async () => {
    expect((await get(app, "/api/tab/nothing-here")).status).toBe(401);
    expect((await get(app, "/api/tab/nothing-here", await keys.mint({ oid }))).status).toBe(404);
  });

  it("publishes the OpenAPI document without a token", async () => {
    const res = await get(app, "/api/tab/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.components.securitySchemes.teamsSso.scheme).toBe("bearer");
  });
});

describe("tab sign-in settings", () => {
  it("accepts the App ID URI as TAB_APP_ID, and v1 tokens whose audience is that URI", async () => {
    const keys = await startTabKeys();
    const uri = `api://friskpuls.example.se/${TAB_TEST_APP_ID}`;
    const app = await startTestApp({ env: { ...keys.env, TAB_APP_ID: uri } });
    try {
      const person = await buildPerson(app.db);
      const v2 = await keys.mint({ oid: person.aadObjectId! });
      const v1 = await keys.mint({ oid: person.aadObjectId!, aud: uri, iss: `https://sts.windows.net/${TAB_TEST_TENANT}/` });
      expect((await get(app, "/api/tab/me", v2)).status).toBe(200);
      expect((await get(app, "/api/tab/me", v1)).status).toBe(200);
      expect((await get(app, "/api/tab/me", await keys.mint({ oid: person.aadObjectId!, aud: "api://other.example/x" }))).status).toBe(401);
    } finally {
      await app.stop();
      await keys.close();
    }
  });

  it("answers 503, not 401, when Entra's keys cannot be fetched", async () => {
    const keys = await startTabKeys();
    const app = await startTestApp({ env: { ...keys.env, ENTRA_JWKS_URL: "http://127.0.0.1:9/keys" } });
    try {
      const person = await buildPerson(app.db);
      const res = await get(app, "/api/tab/me", await keys.mint({ oid: person.aadObjectId! }));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
    } finally {
      await app.stop();
      await keys.close();
    }
  });

  it("will not start with TAB_APP_ID but no tenant to accept", () => {
    expect(() => loadConfig({ TAB_APP_ID: TAB_TEST_APP_ID })).toThrow(/ALLOWED_TENANT_IDS: required with TAB_APP_ID/);
    expect(loadConfig({ TAB_APP_ID: TAB_TEST_APP_ID, BOT_TENANT_ID: TAB_TEST_TENANT }).tab.allowedTenantIds).toEqual([TAB_TEST_TENANT]);
  });
});

describe("the local dev sign-in", () => {
  it("lets a person pick who they are without BOT_ID, and its tokens pass the same checks", async () => {
    const app = await startTestApp();
    try {
      const unit = await buildUnit(app.db, { name: "Förskolan Solen" });
      const chef = await buildPerson(app.db, { displayName: "Chef Chefsson" });
      await assignRole(app.db, chef.id, unit.id, "manager");
      expect((await get(app, "/api/tab/config")).body).toEqual({ devSignIn: true });
      const people = (await get(app, "/api/tab/dev/people")).body as { id: string; roles: string[]; units: string[] }[];
      expect(people.find((p) => p.id === chef.id)).toMatchObject({ roles: ["manager"], units: ["Förskolan Solen"] });
      const issued = await fetch(`${app.url}/api/tab/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ personId: chef.id }),
      });
      const { token } = (await issued.json()) as { token: string };
      const me = await get(app, "/api/tab/me", token);
      expect(me.status).toBe(200);
      expect(me.body.person.id).toBe(chef.id);
      const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
      expect((await get(app, "/api/tab/me", tampered)).status).toBe(401);
      const unknown = await fetch(`${app.url}/api/tab/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ personId: "nobody" }),
      });
      expect(unknown.status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it("does not exist with BOT_ID, and a dev token from a local run is refused there", async () => {
    const local = await startTestApp();
    const keys = await startTabKeys();
    const app = await startTestApp({
      env: { ...keys.env, BOT_ID: "00000000-0000-4000-8000-00000000b07d", BOT_PASSWORD: "secret", ANSWER_TOKEN_SECRET: "x".repeat(40) },
    });
    try {
      const person = await buildPerson(local.db);
      await app.db.person.create({ data: { id: person.id, displayName: person.displayName, aadObjectId: person.aadObjectId, locale: "sv-SE" } });
      const issued = await fetch(`${local.url}/api/tab/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ personId: person.id }),
      });
      const { token } = (await issued.json()) as { token: string };
      expect((await get(app, "/api/tab/config")).body).toEqual({ devSignIn: false });
      // Inside /api/tab without the dev routes: a token is asked for, and none is handed out.
      expect((await get(app, "/api/tab/dev/people")).status).toBe(401);
      const asked = await fetch(`${app.url}/api/tab/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ personId: person.id }),
      });
      expect(asked.status).toBe(401);
      expect(await asked.text()).not.toContain('token":');
      expect((await get(app, "/api/tab/me", token)).status).toBe(401);
    } finally {
      await app.stop();
      await local.stop();
      await keys.close();
    }
  });
});
