// Teams SSO tokens for the tab, validated here with jose rather than trusted (PLATFORM-NOTES, "A
// personal tab with SSO"): the signature against Entra's published keys, the issuer built from the
// token's own tenant (v2, or v1 when the app registration leaves the version unset), the tenant on
// the allow-list, the audience (the tab app's client id or its App ID URI), the scope access_as_user,
// and the time. The person is then found by the token's object id (require-viewer.ts).
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

export type TabAuthFailure = "missing" | "malformed" | "expired" | "signature" | "issuer" | "tenant" | "audience" | "scope" | "notConfigured";

export class TabAuthError extends Error {
  constructor(
    readonly failure: TabAuthFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The signing keys could not be fetched: not the caller's fault (503, not 401). */
export class TabKeysUnavailableError extends Error {}

export interface TabIdentity {
  objectId: string;
  tenantId: string;
  name: string | undefined;
}

export interface TabTokenVerifier {
  verify(token: string): Promise<TabIdentity>;
}

export interface TabKeySource {
  /** Decides whether this source signed the token (by its key id); the first that does verifies it. */
  owns(kid: string | undefined): boolean;
  keys: JWTVerifyGetKey;
  /** Tenants this source may sign for, on top of the allow-list (the dev sign-in's own tenant). */
  tenants?: readonly string[];
}

export const ACCESS_SCOPE = "access_as_user";
const CLOCK_TOLERANCE_SECONDS = 120;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * TAB_APP_ID as given: the client id (GUID), or the App ID URI api://<host>/<client id> (or
 * api://<host>/botid-<id> when bot and tab share a registration). Tokens may carry either.
 */
export function audiencesOf(appId: string): string[] {
  if (!appId.startsWith("api://")) return [appId];
  const last = appId.split("/").pop() ?? "";
  const clientId = last.replace(/^botid-/, "");
  return GUID.test(clientId) ? [appId, clientId] : [appId];
}

export function entraIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

export function createRemoteKeySource(jwksUrl: string, timeoutMs: number): TabKeySource {
  // jose caches the set and refetches on an unknown kid (at most every 30 s): Entra's key rollover.
  const keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: timeoutMs, cooldownDuration: 30_000, cacheMaxAge: 24 * 3_600_000 });
  return { owns: () => true, keys };
}

export function createTabTokenVerifier(o: {
  appId: string | undefined;
  allowedTenantIds: readonly string[];
  sources: readonly TabKeySource[];
}): TabTokenVerifier {
  return {
    async verify(token) {
      let header: ReturnType<typeof decodeProtectedHeader>;
      let claims: ReturnType<typeof decodeJwt>;
      try {
        header = decodeProtectedHeader(token);
        claims = decodeJwt(token);
      } catch {
        throw new TabAuthError("malformed", "the token is not a JWT");
      }
      const source = o.sources.find((s) => s.owns(header.kid));
      if (!source) throw new TabAuthError("signature", "the token's key is not one Friskpuls trusts");
      const audience = o.appId ? audiencesOf(o.appId) : [];
      if (audience.length === 0) throw new TabAuthError("notConfigured", "TAB_APP_ID is not set: the tab accepts no sign-in tokens");
      const tid = typeof claims.tid === "string" ? claims.tid : undefined;
      if (!tid) throw new TabAuthError("malformed", "the token has no tenant (tid)");
      const tenants = [...o.allowedTenantIds, ...(source.tenants ?? [])];
      if (!tenants.includes(tid)) throw new TabAuthError("tenant", "the token's tenant is not allowed");
      try {
        const { payload } = await jwtVerify(token, source.keys, {
          issuer: entraIssuers(tid),
          audience,
          algorithms: ["RS256"],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ["exp", "iat", "oid"],
        });
        const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
        if (!scopes.includes(ACCESS_SCOPE)) throw new TabAuthError("scope", `the token lacks the scope ${ACCESS_SCOPE}`);
        return { objectId: String(payload.oid), tenantId: tid, name: typeof payload.name === "string" ? payload.name : undefined };
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

function translate(error: unknown): Error {
  if (error instanceof TabAuthError) return error;
  if (error instanceof errors.JWTExpired) return new TabAuthError("expired", "the token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return new TabAuthError("issuer", "the token's issuer is not Entra ID for its tenant");
    if (error.claim === "aud") return new TabAuthError("audience", "the token is for another app");
    return new TabAuthError("malformed", `the token's ${error.claim} claim is not valid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return new TabAuthError("signature", "the token's signature does not verify");
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return new TabAuthError("malformed", "the token is not a valid signed JWT");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError)
    return new TabKeysUnavailableError(`the sign-in keys could not be fetched: ${(error as Error).message}`);
  return error instanceof Error ? error : new Error(String(error));
}
