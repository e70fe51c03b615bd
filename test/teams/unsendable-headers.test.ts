// Issue 21: a header value Node's HTTP client refuses (ERR_INVALID_CHAR) — botbuilder copies the
// conversation id into x-ms-conversation-id — is sent percent-encoded rather than failing the
// request. (Inbound, such ids are refused at the envelope: test/security/fuzz.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { send } from "../../src/teams/no-retry-http-client.js";

let server: Server;
let url = "";
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"id":"1"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/conversations/x/activities`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("headers built from activity fields", () => {
  it.each([
    ["a bidi override", "a:1\u202eabc", "a:1%E2%80%AEabc"],
    ["a zero-width space", "a:1\u200babc", "a:1%E2%80%8Babc"],
    ["a BOM", "\ufeffa:1abc", "%EF%BB%BFa:1abc"],
    ["a line separator", "a:1\u2028abc", "a:1%E2%80%A8abc"],
    ["CR LF (no header injection)", "a:1\r\nx-injected: yes", "a:1%0D%0Ax-injected: yes"],
    ["a lone surrogate", "a:1\ud800abc", "a:1%EF%BF%BDabc"],
    ["an emoji", "a:1\u{1f600}", "a:1%F0%9F%98%80"],
  ])("%s is sent percent-encoded, and the request goes out", async (_name, id, expected) => {
    const response = await send(url, "POST", { "content-type": "application/json", "x-ms-conversation-id": id }, "{}", 5_000);
    expect(response.status).toBe(200);
    expect(received.at(-1)!["x-ms-conversation-id"]).toBe(expected);
    expect(received.at(-1)!["x-injected"]).toBeUndefined();
  });

  it("a value Node can send is left as it is", async () => {
    await send(url, "POST", { "content-type": "application/json", "x-ms-conversation-id": "19:abc@thread.tacv2;messageid=17" }, "{}", 5_000);
    expect(received.at(-1)!["x-ms-conversation-id"]).toBe("19:abc@thread.tacv2;messageid=17");
  });
});
