// Issue 22: POST /api/messages reads its body and writes its answer without express.json and
// res.json. Over real HTTP: what body-parser answered before (the statuses and error bodies the
// route documents) still holds, the 256 KB bound is kept by Content-Length up front and while a
// chunked or compressed body streams in, and an answer carries no ETag.
import { request } from "node:http";
import { connect } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { message, teamsUser } from "../harness/activities.js";
import { MAX_ACTIVITY_BYTES } from "../../src/http/routes/messages.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One POST over node:http: `chunks` are written one by one (no Content-Length header unless given:
 * chunked), and `end: false` leaves the request unfinished, so an answer must come before the body.
 */
function post(url: string, headers: Record<string, string>, chunks: (string | Buffer)[], end = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/messages`, { method: "POST", headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString("utf8") });
        req.destroy();
      });
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    if (end) req.end();
  });
}

/** A POST with neither Content-Length nor Transfer-Encoding: no body at all (node:http always sends one). */
function postWithoutBody(url: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(`POST /api/messages HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n`);
    });
    const parts: Buffer[] = [];
    socket.on("data", (c: Buffer) => parts.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", text = ""] = Buffer.concat(parts).toString("utf8").split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), headers: {}, text });
    });
  });
}

const JSON_TYPE = { "content-type": "application/json" };
const NOT_AN_ACTIVITY = JSON.stringify({ error: "body must be a Bot Framework activity" });

describe("POST /api/messages: reading the body and writing the answer", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { SCHEDULER_ENABLED: "false" } });
  }, 60_000);
  afterAll(async () => app?.stop());

  const activity = () => JSON.stringify(message(teamsUser(), app.serviceUrl, "hjälp"));

  it("an activity is handled; the answer is JSON with a length and no ETag", async () => {
    const ok = await post(app.url, JSON_TYPE, [activity()]);
    expect(ok.status).toBe(200);
    const refused = await post(app.url, JSON_TYPE, ["[]"]);
    expect(refused.status).toBe(400);
    expect(refused.text).toBe(NOT_AN_ACTIVITY);
    expect(refused.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(refused.headers["content-length"]).toBe(String(Buffer.byteLength(NOT_AN_ACTIVITY)));
    expect(refused.headers.etag).toBeUndefined();
  });

  it("over 256 KB by Content-Length is a 413 before the body has come", async () => {
    const res = await post(app.url, { ...JSON_TYPE, "content-length": String(MAX_ACTIVITY_BYTES + 1) }, ["{"], false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: "entity.too.large" });
  }, 10_000);

  it("over 256 KB streamed without Content-Length (chunked) is a 413 once the bound is passed", async () => {
    const chunk = Buffer.alloc(64 * 1024, " ");
    const res = await post(app.url, JSON_TYPE, ["{", chunk, chunk, chunk, chunk, chunk], false);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ error: "entity.too.large" });
  }, 10_000);

  it("exactly 256 KB is read", async () => {
    const body = activity();
    const padded = body + " ".repeat(MAX_ACTIVITY_BYTES - Buffer.byteLength(body));
    expect((await post(app.url, JSON_TYPE, [padded])).status).toBe(200);
  });

  it("gzip and deflate bodies are inflated; the bound applies to the inflated size", async () => {
    for (const [encoding, compress] of [
      ["gzip", gzipSync],
      ["deflate", deflateSync],
    ] as const) {
      expect((await post(app.url, { ...JSON_TYPE, "content-encoding": encoding }, [compress(activity())])).status, encoding).toBe(200);
      const bomb = await post(app.url, { ...JSON_TYPE, "content-encoding": encoding }, [compress(Buffer.alloc(4 * 1024 * 1024, " "))]);
      expect(bomb.status, encoding).toBe(413);
      expect(JSON.parse(bomb.text)).toEqual({ error: "entity.too.large" });
    }
    const broken = await post(app.url, { ...JSON_TYPE, "content-encoding": "gzip" }, ["not gzip"]);
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text)).toEqual({ error: "incorrect header check" }); // zlib's words, as before
  });

  it("an unknown content encoding or a charset other than UTF-8 is a 415", async () => {
    const encoding = await post(app.url, { ...JSON_TYPE, "content-encoding": "compress" }, [activity()]);
    expect(encoding.status).toBe(415);
    expect(JSON.parse(encoding.text)).toEqual({ error: "encoding.unsupported" });
    for (const charset of ["latin1", "iso-8859-1", "utf8"]) {
      const res = await post(app.url, { "content-type": `application/json; charset=${charset}` }, [activity()]);
      expect(res.status, charset).toBe(415);
      expect(JSON.parse(res.text)).toEqual({ error: "charset.unsupported" });
    }
    for (const type of ["application/json; charset=utf-8", 'Application/JSON; Charset="UTF-8"', "application/json;foo=bar"]) {
      expect((await post(app.url, { "content-type": type }, [activity()])).status, type).toBe(200);
    }
  });

  it("a body that is not JSON by its content type is not read: the activity message", async () => {
    for (const headers of [
      { "content-type": "text/plain" } as Record<string, string>,
      { "content-type": "application/x-www-form-urlencoded" },
      { "content-type": "application/ld+json" },
      {},
    ]) {
      const res = await post(app.url, headers, [activity()]);
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.text).toBe(NOT_AN_ACTIVITY);
    }
  });

  it("invalid JSON, and JSON whose top level is not an object or array, is a 400 that says so", async () => {
    for (const body of ["not json", '{"type":', "42", "null", ' "message"', "  \n"]) {
      const res = await post(app.url, JSON_TYPE, [body]);
      expect(res.status, body).toBe(400);
      expect(JSON.parse(res.text), body).toEqual({ error: "entity.parse.failed" });
    }
  });

  it("a UTF-8 byte order mark is skipped; bytes that are not UTF-8 become U+FFFD, not an error", async () => {
    expect((await post(app.url, JSON_TYPE, ["\ufeff" + activity()])).status).toBe(200);
    const res = await post(app.url, JSON_TYPE, [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])]);
    expect(res.text).toBe(NOT_AN_ACTIVITY);
  });

  it("text that is not text (NUL, a lone surrogate) is a 400", async () => {
    for (const body of ['{"type":"message","text":"a\\u0000b"}', '{"type":"message","text":"\\ud800"}', '{"type":"message","a\\udc00":1}']) {
      const res = await post(app.url, JSON_TYPE, [body]);
      expect(res.status, body).toBe(400);
      expect(JSON.parse(res.text)).toEqual({ error: "body must be valid text" });
    }
    expect((await post(app.url, JSON_TYPE, [activity().replace("hjälp", "hj\\ud83d\\ude00lp")])).status).toBe(200);
  });

  it("no body, or an empty one, is the activity message", async () => {
    const none = await postWithoutBody(app.url);
    expect(none.status).toBe(400);
    expect(none.text).toBe(NOT_AN_ACTIVITY);
    for (const [headers, chunks] of [
      [JSON_TYPE, []],
      [{ ...JSON_TYPE, "content-length": "0" }, []],
      [{ ...JSON_TYPE, "transfer-encoding": "chunked" }, []],
    ] as const) {
      const res = await post(app.url, headers, [...chunks]);
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.text).toBe(NOT_AN_ACTIVITY);
    }
  });
});
