// Issue 21: no outbound call waits without a deadline. Entra's token endpoint (through MSAL) is out
// of reach here, so the token source is a stand-in that never answers — what a token endpoint that
// accepts the connection and stays silent looks like to the caller.
//   - a proactive send without a token fails within BOT_TOKEN_TIMEOUT_SECONDS as "not sent", so the
//     delivery engine retries it (never "ambiguous"), and nothing reached the Bot Connector;
//   - botbuilder's own credentials (replies in a turn) get the same bound: signRequest, which calls
//     getToken on the instance, gives up at the deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppCredentials } from "botframework-connector";
import { FakeConnector } from "../harness/fake-connector.js";
import { loadConfig } from "../../src/config.js";
import { createConnectorSender } from "../../src/teams/connector-sender.js";
import { boundTokenRequests, TokenTimeoutError } from "../../src/teams/bounded-credentials.js";
import { classifySendError } from "../../src/delivery/classify-send-error.js";

const BOUND_MS = 500;
const never = <T>() => new Promise<T>(() => {});

let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
});
afterAll(async () => connector.stop());

describe("a token endpoint that never answers", () => {
  it("a proactive send fails within the bound as not sent, is retried by the engine, and reaches nobody", async () => {
    const config = loadConfig({
      NODE_ENV: "test",
      BOT_ID: "00000000-aaaa-4bbb-8ccc-000000000021",
      BOT_PASSWORD: "x",
      ANSWER_TOKEN_SECRET: "x".repeat(32),
      BOT_TOKEN_TIMEOUT_SECONDS: String(BOUND_MS / 1000),
    });
    const sender = createConnectorSender(config, { createTokenSource: async () => ({ getToken: never }) });
    const reference = { serviceUrl: connector.url, channelId: "msteams", conversation: { id: "a:1abc" }, user: { id: "29:1abc" }, bot: { id: "28:bot" } };
    const started = performance.now();
    const error = await sender.send({ reference } as never, { type: "message", text: "hej" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(BOUND_MS + 1_000);
    expect(error).toMatchObject({ networkCode: "TOKEN_TIMEOUT", mayHaveBeenSent: false });
    expect(classifySendError(error)).toMatchObject({ action: "retry" });
    expect(connector.requests).toHaveLength(0);
  });

  it("a token source that fails is also a retry, not an ambiguous send", async () => {
    const config = loadConfig({ NODE_ENV: "test", BOT_ID: "00000000-aaaa-4bbb-8ccc-000000000021", BOT_PASSWORD: "x", ANSWER_TOKEN_SECRET: "x".repeat(32) });
    const sender = createConnectorSender(config, {
      createTokenSource: async () => ({ getToken: () => Promise.reject(new Error("AADSTS7000215: invalid client secret")) }),
    });
    const reference = { serviceUrl: connector.url, channelId: "msteams", conversation: { id: "a:1abc" }, user: { id: "29:1abc" }, bot: { id: "28:bot" } };
    const error = await sender.send({ reference } as never, { type: "message", text: "hej" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ networkCode: "TOKEN_UNAVAILABLE", mayHaveBeenSent: false });
    expect(classifySendError(error)).toMatchObject({ action: "retry" });
    expect(connector.requests).toHaveLength(0);
  });

  it("botbuilder's credentials (replies): signRequest gives up at the deadline", async () => {
    class SilentEndpointCredentials extends AppCredentials {
      protected refreshToken() {
        return never<never>();
      }
    }
    const credentials = boundTokenRequests(new SilentEndpointCredentials("00000000-aaaa-4bbb-8ccc-000000000021"), BOUND_MS);
    const started = performance.now();
    const error = await credentials.signRequest({ headers: { set: () => undefined } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenTimeoutError);
    expect(performance.now() - started).toBeLessThan(BOUND_MS + 1_000);
  });
});
