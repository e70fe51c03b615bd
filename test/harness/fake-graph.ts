// A stand-in for Microsoft Graph and the Entra token endpoint over real HTTP: users (lookup by
// mail/UPN/otherMails with paging), the users delta query, the app catalogue and per-user app
// installs. Faults are scripted per path (429 with Retry-After, 5xx, 404); every request is kept.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export interface FakeUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  otherMails?: string[];
  accountEnabled?: boolean;
  department?: string;
}

export interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: any;
  at: number;
}

interface Fault {
  method: string;
  pathPrefix: string;
  status: number;
  retryAfter?: string;
  times: number;
}

type Change = { version: number; id: string; removed: boolean };

export const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
export const CLIENT_SECRET = "fake-graph-secret";
export const GRAPH_TENANT = "7d3c2b8a-1f4e-4c6a-9b2d-5e8f0a1b2c3d";
export const MANAGED_IDENTITY_HEADER = "fake-identity-header";
export const MANIFEST_ID = "00000000-0000-4000-8000-0000000000aa";
export const CATALOG_APP_ID = "catalog-app-1";

export class FakeGraph {
  url = "";
  readonly calls: GraphCall[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  readonly users = new Map<string, FakeUser>();
  /** userId → installed app ids. */
  readonly installed = new Map<string, Set<string>>();
  pageSize = 100;
  /** Called after an install is recorded and before its answer is written (e.g. to kill the caller). */
  onInstall?: (userId: string) => Promise<void> | void;
  installDelayMs = 0;
  /** Every Graph (not token) request waits this long before its answer. */
  responseDelayMs = 0;
  catalogue: { id: string; externalId: string; distributionMethod: string }[] = [
    { id: CATALOG_APP_ID, externalId: MANIFEST_ID, distributionMethod: "organization" },
  ];
  private faults: Fault[] = [];
  private pagesByToken = new Map<string, { items: unknown[]; path: string }>();
  private changes: Change[] = [];
  private version = 0;
  private tokens = new Set<string>();
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) => void this.handle(req, res).catch((error) => this.send(res, 500, { error: { code: "fake", message: String(error) } })),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The env that points Friskpuls at this fake. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      GRAPH_CLIENT_ID: CLIENT_ID,
      GRAPH_CLIENT_SECRET: CLIENT_SECRET,
      GRAPH_TENANT_ID: GRAPH_TENANT,
      GRAPH_BASE_URL: this.url,
      ENTRA_LOGIN_URL: this.url,
      GRAPH_RATE: "100",
      GRAPH_TIMEOUT_SECONDS: "5",
      TEAMS_APP_ID: MANIFEST_ID,
      ...extra,
    };
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
    this.changes.push({ version: ++this.version, id: user.id, removed: false });
  }

  removeUser(id: string): void {
    this.users.delete(id);
    this.changes.push({ version: ++this.version, id, removed: true });
  }

  updateUser(id: string, patch: Partial<FakeUser>): void {
    this.users.set(id, { ...this.users.get(id)!, ...patch });
    this.changes.push({ version: ++this.version, id, removed: false });
  }

  /** The next `times` requests whose path starts with pathPrefix get this status. */
  fail(method: string, pathPrefix: string, status: number, options: { retryAfter?: string; times?: number } = {}): void {
    this.faults.push({ method, pathPrefix, status, retryAfter: options.retryAfter, times: options.times ?? 1 });
  }

  callsTo(method: string, pathPrefix: string): GraphCall[] {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(pathPrefix));
  }

  installRequestsFor(userId: string): number {
    return this.callsTo("POST", `/v1.0/users/${userId}/teamwork/installedApps`).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url!, this.url);
    const raw = await readBody(req);
    if (req.method === "POST" && url.pathname.endsWith("/oauth2/v2.0/token")) return this.token(url, raw, res);
    if (req.method === "GET" && url.pathname === "/msi/token") return this.managedIdentityToken(req, url, res);
    const call: GraphCall = {
      method: req.method!,
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: raw ? JSON.parse(raw) : undefined,
      at: Date.now(),
    };
    this.calls.push(call);
    if (this.responseDelayMs) await new Promise((r) => setTimeout(r, this.responseDelayMs));
    const bearer = req.headers.authorization?.replace(/^Bearer /, "");
    if (!bearer || !this.tokens.has(bearer)) return this.send(res, 401, { error: { code: "InvalidAuthenticationToken" } });
    const fault = this.faults.find((f) => f.method === req.method && url.pathname.startsWith(f.pathPrefix) && f.times > 0);
    if (fault) {
      fault.times--;
      return this.send(
        res,
        fault.status,
        { error: { code: fault.status === 429 ? "TooManyRequests" : "Fault" } },
        fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
      );
    }
    const path = url.pathname;
    const skip = url.searchParams.get("$skiptoken");
    if (skip) return this.page(res, skip);
    if (req.method === "GET" && path === "/v1.0/users") return this.listUsers(url, res);
    if (req.method === "GET" && path === "/v1.0/users/delta") return this.delta(url, res);
    if (req.method === "GET" && path === "/v1.0/appCatalogs/teamsApps") {
      const externalId = /externalId eq '([^']*)'/.exec(url.searchParams.get("$filter") ?? "")?.[1];
      return this.send(res, 200, { value: this.catalogue.filter((a) => a.externalId === externalId) });
    }
    const installPath = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (installPath) return this.installedApps(req.method!, decodeURIComponent(installPath[1]!), call.body, url, res);
    return this.send(res, 404, { error: { code: "NotFound" } });
  }

  private token(url: URL, raw: string, res: ServerResponse): void {
    const form = new URLSearchParams(raw);
    this.tokenRequests.push(form);
    const tenant = url.pathname.split("/")[1];
    if (
      tenant !== GRAPH_TENANT ||
      form.get("client_id") !== CLIENT_ID ||
      form.get("client_secret") !== CLIENT_SECRET ||
      form.get("grant_type") !== "client_credentials"
    ) {
      return this.send(res, 401, { error: "invalid_client" });
    }
    const token = `tok-${randomUUID()}`;
    this.tokens.add(token);
    this.send(res, 200, { token_type: "Bearer", expires_in: 3599, access_token: token });
  }

  /** The App Service / Container Apps identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER). */
  private managedIdentityToken(req: IncomingMessage, url: URL, res: ServerResponse): void {
    this.tokenRequests.push(url.searchParams);
    if (req.headers["x-identity-header"] !== MANAGED_IDENTITY_HEADER || url.searchParams.get("client_id") !== CLIENT_ID || !url.searchParams.get("resource")) {
      return this.send(res, 400, { error: "invalid_request" });
    }
    const token = `mi-${randomUUID()}`;
    this.tokens.add(token);
    this.send(res, 200, {
      access_token: token,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource: url.searchParams.get("resource"),
      token_type: "Bearer",
    });
  }

  private listUsers(url: URL, res: ServerResponse): void {
    const matches = [...this.users.values()].filter(parseFilter(url.searchParams.get("$filter") ?? ""));
    this.paged(res, matches.map(selectUser), "/v1.0/users");
  }

  private delta(url: URL, res: ServerResponse): void {
    const since = Number(url.searchParams.get("$deltatoken") ?? "0");
    if (url.searchParams.get("$deltatoken") === "expired") return this.send(res, 410, { error: { code: "SyncStateNotFound" } });
    const latest = new Map<string, Change>();
    for (const c of this.changes) if (c.version > since) latest.set(c.id, c);
    const items = [...latest.values()].map((c) => {
      if (c.removed) return { id: c.id, "@removed": { reason: "changed" } };
      const u = this.users.get(c.id)!;
      return { id: u.id, displayName: u.displayName, mail: u.mail, userPrincipalName: u.userPrincipalName, department: u.department ?? null };
    });
    this.paged(res, items, "/v1.0/users/delta", `${this.url}/v1.0/users/delta?$deltatoken=${this.version}`);
  }

  private paged(res: ServerResponse, items: unknown[], path: string, deltaLink?: string): void {
    const token = randomUUID();
    this.pagesByToken.set(token, { items, path });
    this.page(res, `${token}:0`, deltaLink);
  }

  private page(res: ServerResponse, skip: string, deltaLink?: string): void {
    const [token, offsetText] = skip.split(":");
    const entry = this.pagesByToken.get(token!);
    if (!entry) return this.send(res, 400, { error: { code: "BadSkipToken" } });
    const offset = Number(offsetText);
    const value = entry.items.slice(offset, offset + this.pageSize);
    const more = offset + this.pageSize < entry.items.length;
    const body: Record<string, unknown> = { value };
    if (more) body["@odata.nextLink"] = `${this.url}${entry.path}?$skiptoken=${token}:${offset + this.pageSize}`;
    else if (deltaLink ?? entry.path.endsWith("/delta")) body["@odata.deltaLink"] = deltaLink ?? `${this.url}/v1.0/users/delta?$deltatoken=${this.version}`;
    this.send(res, 200, body);
  }

  private async installedApps(method: string, userId: string, body: any, url: URL, res: ServerResponse): Promise<void> {
    if (!this.users.has(userId)) return this.send(res, 404, { error: { code: "NotFound", message: "user not found" } });
    const apps = this.installed.get(userId) ?? new Set<string>();
    if (method === "GET") {
      const wanted = /teamsApp\/id eq '([^']*)'/.exec(url.searchParams.get("$filter") ?? "")?.[1];
      return this.send(res, 200, { value: [...apps].filter((a) => !wanted || a === wanted).map((a) => ({ id: `inst-${a}`, teamsApp: { id: a } })) });
    }
    const bind = String(body?.["teamsApp@odata.bind"] ?? "");
    const appId = bind.split("/").at(-1)!;
    if (!this.catalogue.some((a) => a.id === appId)) return this.send(res, 404, { error: { code: "NotFound", message: "app not in catalogue" } });
    if (apps.has(appId)) return this.send(res, 409, { error: { code: "Conflict" } });
    apps.add(appId);
    this.installed.set(userId, apps);
    await this.onInstall?.(userId);
    if (this.installDelayMs) await new Promise((r) => setTimeout(r, this.installDelayMs));
    this.send(res, 201, {});
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }
}

function selectUser(u: FakeUser) {
  return {
    id: u.id,
    displayName: u.displayName,
    mail: u.mail,
    userPrincipalName: u.userPrincipalName,
    otherMails: u.otherMails ?? [],
    accountEnabled: u.accountEnabled ?? true,
  };
}

/** The filters Friskpuls sends: `mail in (…) or userPrincipalName in (…)` and `otherMails/any(x:x eq '…')`. */
function parseFilter(filter: string): (u: FakeUser) => boolean {
  const values = (list: string) => new Set([...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'").toLowerCase()));
  const clauses = filter.split(/ or (?=\w)/).map((clause): ((u: FakeUser) => boolean) => {
    const inList = /^(mail|userPrincipalName) in \((.*)\)$/.exec(clause.trim());
    if (inList) {
      const wanted = values(inList[2]!);
      const field = inList[1] as "mail" | "userPrincipalName";
      return (u) => wanted.has(String(u[field] ?? "").toLowerCase());
    }
    const other = /^otherMails\/any\(x:x eq (.*)\)$/.exec(clause.trim());
    if (other) {
      const wanted = [...values(other[1]!)][0]!;
      return (u) => (u.otherMails ?? []).some((m) => m.toLowerCase() === wanted);
    }
    throw new Error(`fake Graph does not understand the filter: ${clause}`);
  });
  return (u) => clauses.some((c) => c(u));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
