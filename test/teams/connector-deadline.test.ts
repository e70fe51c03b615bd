// Issue 21: a request to the Bot Connector has a deadline for the whole exchange, not only for an
// idle socket: an answer that trickles in a byte at a time, or a connection accepted and never
// answered, ends at the bound with ETIMEDOUT (the engine then treats the send as ambiguous).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { networkFailure, send } from "../../src/teams/no-retry-http-client.js";
import { classifySendError } from "../../src/delivery/classify-send-error.js";

const BOUND_MS = 600;
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === "/silent") return; // accepted, read, never answered
    // Headers at once, then a byte every 100 ms, forever: the socket is never idle.
    res.writeHead(200, { "content-type": "application/json" });
    const timer = setInterval(() => res.write(" "), 100);
    res.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a Bot Connector that holds the request", () => {
  it.each(["/trickle", "/silent"])("%s: the send ends at the bound, as a timeout (ambiguous, never resent)", async (path) => {
    const started = performance.now();
    const error = await send(`${base}${path}`, "POST", { "content-type": "application/json" }, "{}", BOUND_MS).then(
      () => undefined,
      (e: unknown) => e,
    );
    const ms = performance.now() - started;
    expect(error).toMatchObject({ code: "ETIMEDOUT" });
    expect(ms).toBeGreaterThanOrEqual(BOUND_MS - 50);
    expect(ms).toBeLessThan(BOUND_MS + 1_000);
    expect(classifySendError(networkFailure(error))).toMatchObject({ action: "fail", reason: expect.stringMatching(/^ambiguous: ETIMEDOUT/) });
  });
});
