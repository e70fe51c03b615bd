// A JSON answer straight through Node's response API: res.json/res.send cost ~3% of the server's
// CPU per answer on POST /api/messages (issue 22), mostly for an ETag no POST answer ever uses.
import type { ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}
