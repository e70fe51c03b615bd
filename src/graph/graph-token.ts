// Access tokens for Microsoft Graph: client credentials against ENTRA_LOGIN_URL, or the host's
// managed identity endpoint. Cached until shortly before they expire; one request at a time.
import type { GraphConfig } from "../config.js";

export interface TokenSource {
  /** A valid token; `refresh` forces a new one (after a 401). */
  token(refresh?: boolean): Promise<string>;
}

const EARLY_RENEWAL_MS = 5 * 60_000;

export class GraphAuthError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GraphAuthError";
  }
}

export function createTokenSource(config: GraphConfig, now: () => number = Date.now): TokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const { token, expiresInSeconds } = config.credential.kind === "secret" ? await requestClientCredentials(config) : await requestManagedIdentity(config);
    cached = { token, renewAt: now() + Math.max(0, expiresInSeconds * 1000 - EARLY_RENEWAL_MS) };
    return token;
  };
  return {
    async token(refresh = false) {
      if (!refresh && cached && now() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
  };
}

async function requestClientCredentials(config: GraphConfig): Promise<{ token: string; expiresInSeconds: number }> {
  if (config.credential.kind !== "secret") throw new Error("not a secret credential");
  const url = `${config.loginUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: config.clientId,
    client_secret: config.credential.secret,
    scope: `${config.baseUrl}/.default`,
  });
  const res = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(config.timeoutMs) });
  return readToken(res);
}

async function requestManagedIdentity(config: GraphConfig): Promise<{ token: string; expiresInSeconds: number }> {
  if (config.credential.kind !== "managedIdentity") throw new Error("not a managed identity credential");
  const url = new URL(config.credential.endpoint);
  url.searchParams.set("resource", config.baseUrl);
  url.searchParams.set("api-version", "2019-08-01");
  url.searchParams.set("client_id", config.clientId);
  const res = await fetch(url, { headers: { "X-IDENTITY-HEADER": config.credential.header }, signal: AbortSignal.timeout(config.timeoutMs) });
  return readToken(res);
}

/** Entra answers expires_in (seconds); the App Service identity endpoint expires_on (epoch seconds). */
async function readToken(res: Response): Promise<{ token: string; expiresInSeconds: number }> {
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  // Never the response body in the message: it may echo the request.
  if (!res.ok) throw new GraphAuthError(`token request failed: HTTP ${res.status} ${typeof json.error === "string" ? json.error : ""}`.trim(), res.status);
  const token = json.access_token;
  if (typeof token !== "string" || token === "") throw new GraphAuthError("token response has no access_token");
  const expires = json.expires_in !== undefined ? Number(json.expires_in) : Number(json.expires_on) - Date.now() / 1000;
  return { token, expiresInSeconds: Number.isFinite(expires) ? expires : 3600 };
}
