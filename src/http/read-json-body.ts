// POST /api/messages's JSON body, read without express.json: body-parser's stack (type-is,
// raw-body, iconv-lite, content-type, mime-types) cost ~6% of the server's CPU per answer (issue
// 22). What body-parser 2 did is kept, as the route's tests check it: only `application/json` is
// read (any other type, or no body, leaves no value: the route's activity message); a charset
// other than UTF-8 or an unknown content encoding is a 415; gzip, deflate and br are inflated,
// the bound applying to the inflated size (413); an empty body is `{}`; JSON whose top level is
// not an object or array is a 400 like invalid JSON. The error types are body-parser's, since the
// app's answers carried them: { error: "entity.too.large" } and so on. Unlike body-parser: a body
// over the bound is answered at once (the rest is discarded, not waited for), and charsets
// utf-16/utf-32 (which no Bot Framework client sends) are a 415 like every other non-UTF-8 one.
import type { IncomingMessage } from "node:http";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Transform } from "node:stream";

export type JsonBody =
  /** `value` is undefined when there was no body, or it was not JSON by its content type. */
  { ok: true; value: unknown; raw: Buffer } | { ok: false; status: 400 | 413 | 415; type: string };

const NONE: JsonBody = { ok: true, value: undefined, raw: Buffer.alloc(0) };
const refuse = (status: 400 | 413 | 415, type: string): JsonBody => ({ ok: false, status, type });

const DECOMPRESSORS: Record<string, () => Transform> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const length = req.headers["content-length"];
  // Node's parser has checked Content-Length: present means a number.
  if (length === undefined && req.headers["transfer-encoding"] === undefined) return Promise.resolve(NONE);
  const charset = jsonCharsetOf(req.headers["content-type"]);
  if (charset === undefined) return Promise.resolve(NONE);
  if (charset !== "utf-8") return Promise.resolve(refuse(415, "charset.unsupported"));
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "identity") {
    // Refused before a byte is read; Node discards the rest of the body after the answer.
    if (length !== undefined && Number(length) > limit) return Promise.resolve(refuse(413, "entity.too.large"));
    return collect(req, undefined, limit);
  }
  const decompress = DECOMPRESSORS[encoding];
  if (!decompress) return Promise.resolve(refuse(415, "encoding.unsupported"));
  return collect(req, decompress(), limit);
}

/**
 * The charset of a JSON content type ("utf-8" when none is given), or undefined when the type is
 * not `application/json` (parsed as leniently as the content-type package body-parser used).
 */
function jsonCharsetOf(header: string | undefined): string | undefined {
  // The Bot Framework's own header, and the common one: no parsing.
  if (header === "application/json; charset=utf-8" || header === "application/json") return "utf-8";
  if (header === undefined) return undefined;
  const [type = "", ...parameters] = header.split(";");
  if (type.trim().toLowerCase() !== "application/json") return undefined;
  for (const parameter of parameters) {
    const eq = parameter.indexOf("=");
    if (eq === -1 || parameter.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    const value = parameter.slice(eq + 1).trim();
    return (value.startsWith('"') ? value.slice(1, value.lastIndexOf('"')).replace(/\\(.)/g, "$1") : value).toLowerCase();
  }
  return "utf-8";
}

/** Reads the request, through `inflate` if given, into one Buffer of at most `limit` bytes, then parses it. */
function collect(req: IncomingMessage, inflate: Transform | undefined, limit: number): Promise<JsonBody> {
  const stream = inflate ? req.pipe(inflate) : req;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: JsonBody) => {
      stream.off("data", onData).off("end", onEnd).off("error", onStreamError);
      req.off("error", onAbort).off("close", onClose);
      if (inflate) {
        req.unpipe(inflate);
        inflate.on("error", () => {}); // a late inflate error on a stream nobody reads any more
        inflate.destroy();
      }
      // Whatever is still coming is discarded, never buffered (and the connection stays usable).
      req.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) finish(refuse(413, "entity.too.large"));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(parseJson(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
    const onAbort = () => finish(refuse(400, "request.aborted"));
    // An inflate error says what was wrong with the body (zlib's words), as body-parser answered.
    const onStreamError = (error: Error) => (!inflate ? onAbort() : finish(refuse(400, error.message || "entity.parse.failed")));
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    stream.on("data", onData).on("end", onEnd).on("error", onStreamError);
    if (inflate) req.on("error", onAbort);
    req.on("close", onClose);
  });
}

function parseJson(raw: Buffer): JsonBody {
  let text = raw.toString("utf8"); // bytes that are not UTF-8 become U+FFFD, as with iconv-lite
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // iconv-lite dropped a byte order mark
  // body-parser's special case: an empty body is an empty object.
  if (text.length === 0) return { ok: true, value: {}, raw };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(400, "entity.parse.failed");
  }
  // body-parser's strict mode: only an object or an array at the top.
  if (typeof value !== "object" || value === null) return refuse(400, "entity.parse.failed");
  return { ok: true, value, raw };
}
