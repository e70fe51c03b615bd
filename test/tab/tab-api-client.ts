// Calls the tab API of a running test app as a person, with a token minted for their Entra object id.
import type { TestApp } from "../harness/start-app.js";
import type { TabKeys } from "../harness/tab-tokens.js";

export interface TabResponse {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export function tabClient(app: TestApp, keys: TabKeys) {
  const call = async (method: "GET" | "POST", path: string, who: { oid: string }, body?: unknown): Promise<TabResponse> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await keys.mint({ oid: who.oid })}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
  return {
    get: (path: string, who: { oid: string }) => call("GET", path, who),
    post: (path: string, who: { oid: string }, body: unknown) => call("POST", path, who, body),
  };
}

/** Every object in a JSON value (depth first), for checks over a whole response. */
export function everyObject(value: unknown, visit: (o: Record<string, unknown>, path: string) => void, path = "$"): void {
  if (Array.isArray(value)) value.forEach((v, i) => everyObject(v, visit, `${path}[${i}]`));
  else if (value !== null && typeof value === "object") {
    visit(value as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(value)) everyObject(v, visit, `${path}.${k}`);
  }
}

/** Semicolon CSV (as the API writes it) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
