// Microsoft's token-signing metadata is out of reach, so tests serve their own: an OpenID
// configuration and JWKS on loopback, with a key pair the test signs Bot Framework tokens with.
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

export class LocalTokenIssuer {
  private readonly keyId = "friskpuls-test-key";
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server?: Server;
  private stalled = false;
  metadataUrl = "";
  /** Requests for the OpenID configuration and the JWKS, answered or not. */
  metadataRequests = 0;

  /** From now on, accept requests for the metadata and keys and never answer them (or answer again). */
  stall(on: boolean): void {
    this.stalled = on;
  }

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: "jwk" }), kid: this.keyId, use: "sig", alg: "RS256", endorsements: ["msteams"] };
  }

  async start(): Promise<this> {
    const app = express();
    app.use((_req, _res, next) => {
      this.metadataRequests++;
      if (!this.stalled) next(); // stalled: the connection stays open, nothing is ever written
    });
    app.get("/openid", (req, res) => {
      res.json({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `http://${req.headers.host}/keys`, id_token_signing_alg_values_supported: ["RS256"] });
    });
    app.get("/keys", (_req, res) => {
      res.json({ keys: [this.publicJwk] });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    this.metadataUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/openid`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A Bot Framework channel token; override claims to forge bad ones. */
  sign(claims: Record<string, unknown>, options: { key?: KeyObject; expiresInSec?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + (options.expiresInSec ?? 3600), ...claims };
    const header = { alg: "RS256", typ: "JWT", kid: this.keyId };
    const body = `${b64(header)}.${b64(payload)}`;
    const signature = createSign("RSA-SHA256")
      .update(body)
      .sign(options.key ?? this.privateKey)
      .toString("base64url");
    return `${body}.${signature}`;
  }
}

export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
