// Stand-in for Entra's token signing (out of reach here): a local key set served over real HTTP as
// ENTRA_JWKS_URL, and tokens shaped like the v2 access tokens Teams SSO gives the tab.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export const TAB_TEST_APP_ID = "6d3f2a1e-5b4c-4e8f-9a7b-1c2d3e4f5a6b";
export const TAB_TEST_TENANT = "9f8e7d6c-5b4a-4321-8fed-cba987654321";

export interface TabTokenClaims {
  /** The person's Entra object id (Person.aadObjectId). */
  oid: string;
  tid?: string;
  aud?: string;
  scp?: string;
  iss?: string;
  name?: string;
  /** Seconds from now; negative: already expired. */
  expiresIn?: number;
}

export interface TabKeys {
  jwksUrl: string;
  /** Env for startTestApp: TAB_APP_ID, ENTRA_JWKS_URL, ALLOWED_TENANT_IDS. */
  env: Record<string, string>;
  mint(claims: TabTokenClaims): Promise<string>;
  /** A token signed by a key that is not in the key set. */
  mintWithForeignKey(claims: TabTokenClaims): Promise<string>;
  close(): Promise<void>;
}

export async function startTabKeys(): Promise<TabKeys> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", use: "sig", alg: "RS256" };
  const server: Server = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
  const sign = (claims: TabTokenClaims, key: Parameters<SignJWT["sign"]>[0]) => {
    const tid = claims.tid ?? TAB_TEST_TENANT;
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      oid: claims.oid,
      tid,
      scp: claims.scp ?? "access_as_user",
      name: claims.name ?? "Test Person",
      ver: "2.0",
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: "test-key-1", typ: "JWT" })
      .setIssuer(claims.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience(claims.aud ?? TAB_TEST_APP_ID)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (claims.expiresIn ?? 3600))
      .sign(key);
  };
  return {
    jwksUrl,
    env: { TAB_APP_ID: TAB_TEST_APP_ID, ENTRA_JWKS_URL: jwksUrl, ALLOWED_TENANT_IDS: TAB_TEST_TENANT },
    mint: (claims) => sign(claims, privateKey),
    mintWithForeignKey: (claims) => sign(claims, foreign.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
