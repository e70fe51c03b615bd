// The Graph client against a fake Graph and token endpoint over real HTTP: token, paging,
// 429 Retry-After, 5xx backoff, 404/409 to the caller, deadlines, links to other hosts refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph, CATALOG_APP_ID } from "../harness/fake-graph.js";
import { loadConfig, type GraphConfig } from "../../src/config.js";
import { createGraphClient, GraphUnavailableError } from "../../src/graph/graph-client.js";
import { createTokenSource } from "../../src/graph/graph-token.js";
import { createGraphDirectory, createGraphInstaller } from "../../src/graph/graph-adapters.js";

function graphConfig(fake: FakeGraph, env: Record<string, string> = {}): GraphConfig {
  return loadConfig({ NODE_ENV: "test", DATABASE_URL: "file:/tmp/unused.db", ...fake.env(env) }).graph!;
}

describe("the Graph client", () => {
  let fake: FakeGraph;
  beforeEach(async () => {
    fake = await new FakeGraph().start();
    for (let i = 1; i <= 5; i++) fake.addUser({ id: `u${i}`, displayName: `User ${i}`, mail: `user${i}@kommun.se`, userPrincipalName: `user${i}@kommun.se` });
  });
  afterEach(async () => fake.stop());

  const client = (env: Record<string, string> = {}) => {
    const config = graphConfig(fake, env);
    return createGraphClient(config, createTokenSource(config), { backoffMs: 20 });
  };

  it("gets a client-credentials token once, sends it as Bearer, and follows @odata.nextLink through every page", async () => {
    fake.pageSize = 2;
    const directory = createGraphDirectory(client());
    const users = await directory.findUsersByPrimaryAddress(["user1@kommun.se", "user2@kommun.se", "user3@kommun.se", "user4@kommun.se", "user5@kommun.se"]);
    expect(users.map((u) => u.id).sort()).toEqual(["u1", "u2", "u3", "u4", "u5"]);
    const lookups = fake.callsTo("GET", "/v1.0/users");
    expect(lookups).toHaveLength(3);
    expect(lookups[0]!.query.get("$select")).toContain("userPrincipalName");
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0]!.get("scope")).toBe(`${fake.url}/.default`);
    expect(new Set(lookups.map((c) => c.authorization)).size).toBe(1);
  });

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    fake.fail("GET", "/v1.0/users", 429, { retryAfter: "1" });
    const started = Date.now();
    const users = await createGraphDirectory(client()).findUsersByPrimaryAddress(["user1@kommun.se"]);
    expect(users).toHaveLength(1);
    const [first, second] = fake.callsTo("GET", "/v1.0/users");
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("retries 5xx with backoff and gives up with GraphUnavailableError after GRAPH_MAX_ATTEMPTS", async () => {
    fake.fail("GET", "/v1.0/users", 503, { times: 2 });
    expect(await createGraphDirectory(client()).findUsersByPrimaryAddress(["user2@kommun.se"])).toHaveLength(1);
    expect(fake.callsTo("GET", "/v1.0/users")).toHaveLength(3);

    fake.fail("GET", "/v1.0/users", 500, { times: 10 });
    const error = await createGraphDirectory(client({ GRAPH_MAX_ATTEMPTS: "3" }))
      .findUsersByPrimaryAddress(["user2@kommun.se"])
      .catch((e) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(error.status).toBe(500);
    expect(fake.callsTo("GET", "/v1.0/users")).toHaveLength(3 + 3);
  });

  it("gives 404 and 409 back to the caller: user not found, already installed", async () => {
    const installer = createGraphInstaller(client(), "unused", CATALOG_APP_ID);
    expect(await installer.install("nobody", CATALOG_APP_ID)).toBe("userNotFound");
    expect(await installer.install("u1", CATALOG_APP_ID)).toBe("installed");
    expect(await installer.install("u1", CATALOG_APP_ID)).toBe("alreadyInstalled");
    expect(await installer.isInstalled("u1", CATALOG_APP_ID)).toBe(true);
    expect(await installer.isInstalled("u2", CATALOG_APP_ID)).toBe(false);
    fake.fail("POST", "/v1.0/users/u3", 403);
    expect(await installer.install("u3", CATALOG_APP_ID)).toEqual({ refused: 403 });
  });

  it("puts a deadline on every request: a hanging Graph is retried, then reported", async () => {
    fake.responseDelayMs = 3000;
    const graph = client({ GRAPH_TIMEOUT_SECONDS: "0.3", GRAPH_MAX_ATTEMPTS: "2" });
    const started = Date.now();
    const error = await createGraphDirectory(graph)
      .findUsersByPrimaryAddress(["user1@kommun.se"])
      .catch((e) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(fake.callsTo("GET", "/v1.0/users")).toHaveLength(2);
  });

  it("an install that timed out after reaching Graph is asked again and comes back 409: already installed", async () => {
    fake.installDelayMs = 3000;
    const installer = createGraphInstaller(client({ GRAPH_TIMEOUT_SECONDS: "0.3" }), "unused", CATALOG_APP_ID);
    expect(await installer.install("u4", CATALOG_APP_ID)).toBe("alreadyInstalled");
    expect(fake.callsTo("POST", "/v1.0/users/u4")).toHaveLength(2);
  });

  it("renews the token once on 401", async () => {
    fake.fail("GET", "/v1.0/users", 401);
    expect(await createGraphDirectory(client()).findUsersByPrimaryAddress(["user1@kommun.se"])).toHaveLength(1);
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it("looks the catalogue id up by the manifest id once", async () => {
    const installer = createGraphInstaller(client(), "00000000-0000-4000-8000-0000000000aa", undefined);
    expect(await installer.catalogAppId()).toBe(CATALOG_APP_ID);
    expect(await installer.catalogAppId()).toBe(CATALOG_APP_ID);
    const lookups = fake.callsTo("GET", "/v1.0/appCatalogs/teamsApps");
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.query.get("$filter")).toBe("externalId eq '00000000-0000-4000-8000-0000000000aa'");
    expect(await createGraphInstaller(client(), "not-uploaded", undefined).catalogAppId()).toBeNull();
  });

  it("never sends the token to a host other than GRAPH_BASE_URL's", async () => {
    const graph = client();
    const error = await graph.request({ path: "https://evil.example/v1.0/users" }).catch((e) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(fake.calls).toHaveLength(0);
  });
});
