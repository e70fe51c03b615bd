// A JSON answer straight through Node's response API: res.json/res.send cost ~3% of the server's
// CPU per answer on POST /api/messages (issue 22), mostly for an ETag no POST answer ever uses.
import type { ServerResponse } from "node:http";
import { JsonText } from "../json-text.js";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Already JSON (a card kept as text, src/json-text.ts): written as it is.
  const text = body instanceof JsonText ? body.text : JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}
