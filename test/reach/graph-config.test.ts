// Graph settings are validated at start like every other setting; a managed identity works
// instead of a secret.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConfigError, loadConfig } from "../../src/config.js";
import { FakeGraph, CLIENT_ID, MANAGED_IDENTITY_HEADER } from "../harness/fake-graph.js";
import { createGraphClient } from "../../src/graph/graph-client.js";
import { createTokenSource } from "../../src/graph/graph-token.js";
import { createGraphDirectory } from "../../src/graph/graph-adapters.js";

const base = { NODE_ENV: "test", DATABASE_URL: "file:/tmp/unused.db" } as const;
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe("Graph settings", () => {
  it("are off unless GRAPH_CLIENT_ID is set, with the documented defaults when it is", () => {
    expect(loadConfig({ ...base }).graph).toBeUndefined();
    const graph = loadConfig({ ...base, GRAPH_CLIENT_ID: CLIENT_ID, GRAPH_CLIENT_SECRET: "s", BOT_TENANT_ID: "t1" }).graph!;
    expect(graph).toMatchObject({
      tenantId: "t1",
      baseUrl: "https://graph.microsoft.com",
      loginUrl: "https://login.microsoftonline.com",
      ratePerSecond: 5,
      timeoutMs: 30_000,
      usersSync: false,
    });
  });

  it("list every problem: no secret, both secret and managed identity, no tenant, a bad URL", () => {
    expect(problemsOf({ GRAPH_CLIENT_ID: "x", GRAPH_TENANT_ID: "t" })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_SECRET: required/)]);
    expect(problemsOf({ GRAPH_CLIENT_ID: "x", GRAPH_CLIENT_SECRET: "s", GRAPH_MANAGED_IDENTITY: "true", GRAPH_TENANT_ID: "t" })).toEqual([
      expect.stringMatching(/either it or GRAPH_MANAGED_IDENTITY/),
    ]);
    expect(problemsOf({ GRAPH_CLIENT_ID: "x", GRAPH_CLIENT_SECRET: "s" })).toEqual([expect.stringMatching(/^GRAPH_TENANT_ID: required/)]);
    expect(problemsOf({ GRAPH_CLIENT_SECRET: "s" })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID: required/)]);
    expect(problemsOf({ GRAPH_CLIENT_ID: "x", GRAPH_CLIENT_SECRET: "s", GRAPH_TENANT_ID: "t", GRAPH_BASE_URL: "not a url" })[0]).toMatch(/^GRAPH_BASE_URL/);
    expect(problemsOf({ GRAPH_CLIENT_ID: "x", GRAPH_MANAGED_IDENTITY: "true", GRAPH_TENANT_ID: "t" })).toEqual([
      expect.stringMatching(/IDENTITY_ENDPOINT and IDENTITY_HEADER/),
    ]);
  });

  describe("with a managed identity", () => {
    let fake: FakeGraph;
    beforeEach(async () => {
      fake = await new FakeGraph().start();
      fake.addUser({ id: "u1", displayName: "U", mail: "u@kommun.se", userPrincipalName: "u@kommun.se" });
    });
    afterEach(async () => fake.stop());

    it("gets the token from IDENTITY_ENDPOINT with IDENTITY_HEADER and no secret", async () => {
      const config = loadConfig({
        ...base,
        GRAPH_CLIENT_ID: CLIENT_ID,
        GRAPH_MANAGED_IDENTITY: "true",
        IDENTITY_ENDPOINT: `${fake.url}/msi/token`,
        IDENTITY_HEADER: MANAGED_IDENTITY_HEADER,
        GRAPH_TENANT_ID: "t",
        GRAPH_BASE_URL: fake.url,
      }).graph!;
      const directory = createGraphDirectory(createGraphClient(config, createTokenSource(config)));
      expect(await directory.findUsersByPrimaryAddress(["u@kommun.se"])).toHaveLength(1);
      expect(fake.tokenRequests).toHaveLength(1);
      expect(fake.tokenRequests[0]!.get("resource")).toBe(fake.url);
      expect(fake.calls[0]!.authorization).toMatch(/^Bearer mi-/);
    });
  });
});
