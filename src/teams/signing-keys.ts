// Microsoft's token-signing keys for inbound Bot Framework tokens, with deadlines (issue 21,
// ADR 0014). botbuilder's own OpenIdMetadata fetches them with no timeout and, while it has none,
// again on every request: with the metadata endpoint reachable but not answering, every POST to
// /api/messages hung. Here:
//   - a refresh (OpenID configuration, then the JWKS) has one deadline for both fetches;
//   - one refresh at a time; requests that need it wait for it at most their own deadline;
//   - the last good keys keep serving while a scheduled refresh is slow or failing;
//   - without any keys the request fails with SigningKeysUnavailableError (a 503 with
//     Retry-After: the cause is ours, not the caller's), never with a wait past the deadline.
import { createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod/v4";
import { errorForLog, type Logger } from "../logger.js";

export interface SigningKeyOptions {
  /** Bound on a refresh (both fetches) and on any request's wait for one. */
  timeoutMs: number;
  /** How old the keys may get before a refresh is started (in the background). */
  refreshIntervalMs: number;
  logger: Logger;
}

/** After a failed refresh, the next is not started sooner than this (no fetch per request). */
const FAILED_REFRESH_PAUSE_MS = 5_000;
/** A key id we do not know makes us look again at most this often (botbuilder: hourly). */
const UNKNOWN_KEY_REFRESH_MS = 60 * 60_000;

export class SigningKeysUnavailableError extends Error {
  readonly retryAfterSeconds = Math.ceil(FAILED_REFRESH_PAUSE_MS / 1000);
  constructor(message: string) {
    super(message);
    this.name = "SigningKeysUnavailableError";
  }
}

const JwkSchema = z.looseObject({
  kid: z.string().optional(),
  kty: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
  endorsements: z.array(z.string()).optional(),
});
type Jwk = z.infer<typeof JwkSchema>;
const OpenIdConfigurationSchema = z.looseObject({ jwks_uri: z.url() });
const JwksSchema = z.looseObject({ keys: z.array(JwkSchema) });

/**
 * What botbuilder's JwtTokenExtractor asks of its metadata: a key and its endorsements. A KeyObject,
 * not the PEM botbuilder's own metadata gives: jsonwebtoken parses a PEM into a KeyObject on every
 * verify, most of what verifying a token cost (issue 22); a KeyObject it uses as it is.
 */
export interface FoundKey {
  key: KeyObject;
  endorsements?: string[];
}

export class BoundedOpenIdMetadata {
  private keys?: Jwk[];
  /** Key per key id, built once per refresh (every request looks one up). */
  private readonly keyById = new Map<string, FoundKey | null>();
  private fetchedAt = 0;
  private lastAttemptAt = 0;
  private lastFailureAt = 0;
  private refreshing?: Promise<void>;

  constructor(
    readonly url: string,
    private readonly o: SigningKeyOptions,
  ) {}

  async getKey(keyId: string): Promise<FoundKey | null> {
    const now = Date.now();
    if (this.keys) {
      if (now - this.fetchedAt >= this.o.refreshIntervalMs) void this.startRefresh(); // the current keys serve meanwhile
      const found = this.findKey(keyId);
      if (found || now - this.lastAttemptAt < UNKNOWN_KEY_REFRESH_MS) return found;
      await this.waitForRefresh(); // a key id we have not seen: a rollover, look once
      return this.findKey(keyId);
    }
    await this.waitForRefresh();
    if (!this.keys) throw new SigningKeysUnavailableError(`no signing keys from ${new URL(this.url).host} yet`);
    return this.findKey(keyId);
  }

  /** The running refresh, a new one, or none while pausing after a failure. */
  private startRefresh(): Promise<void> | undefined {
    if (this.refreshing) return this.refreshing;
    const now = Date.now();
    if (now - this.lastFailureAt < FAILED_REFRESH_PAUSE_MS) return undefined;
    this.lastAttemptAt = now;
    this.refreshing = this.fetchKeys()
      .then((keys) => {
        this.keys = keys;
        this.keyById.clear();
        this.fetchedAt = Date.now();
      })
      .catch((error: unknown) => {
        this.lastFailureAt = Date.now();
        this.o.logger.warn(
          { event: "auth.keys_refresh_failed", host: new URL(this.url).host, haveKeys: this.keys !== undefined, err: errorForLog(error) },
          "signing keys could not be refreshed",
        );
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Waits for a refresh at most the deadline (the refresh itself is bounded the same way). */
  private async waitForRefresh(): Promise<void> {
    const refresh = this.startRefresh();
    if (!refresh) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([refresh, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.o.timeoutMs)))]);
    clearTimeout(timer);
  }

  private async fetchKeys(): Promise<Jwk[]> {
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    const configuration = OpenIdConfigurationSchema.parse(await fetchJson(this.url, signal));
    return JwksSchema.parse(await fetchJson(configuration.jwks_uri, signal)).keys;
  }

  private findKey(keyId: string): FoundKey | null {
    const known = this.keyById.get(keyId);
    if (known !== undefined) return known;
    const jwk = this.keys?.find((k) => k.kid === keyId);
    if (!jwk) return null; // not remembered: a caller could fill the map with made-up key ids
    let found: FoundKey | null = null;
    if (jwk.n && jwk.e) {
      // Only RSA keys, as botbuilder; a malformed one is as good as absent.
      try {
        found = { key: createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" }), endorsements: jwk.endorsements };
      } catch {
        found = null;
      }
    }
    this.keyById.set(keyId, found);
    return found;
  }
}

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}`);
  return response.json();
}

const metadataByUrl = new Map<string, BoundedOpenIdMetadata>();
let installed: SigningKeyOptions | undefined;

/** botbuilder's JwtTokenExtractor class (its private static factory, which all its token validation takes metadata from). */
export interface MetadataSource {
  getOrAddOpenIdMetadata(url: string): unknown;
}

/**
 * Makes botbuilder's token validation use BoundedOpenIdMetadata for every metadata URL. Its
 * JwtTokenExtractor (passed in by adapter.ts, which owns the SDK imports) takes its metadata from
 * one static factory, so replacing that covers the channel (and any other) endpoint; the rest of
 * the validation stays botbuilder's.
 */
export function installBoundedSigningKeys(extractor: MetadataSource, options: SigningKeyOptions): void {
  if (installed && installed.timeoutMs === options.timeoutMs && installed.refreshIntervalMs === options.refreshIntervalMs) {
    installed = options;
    return;
  }
  installed = options;
  metadataByUrl.clear();
  extractor.getOrAddOpenIdMetadata = (url: string): BoundedOpenIdMetadata => {
    let metadata = metadataByUrl.get(url);
    if (!metadata) {
      metadata = new BoundedOpenIdMetadata(url, { ...installed!, logger: installed!.logger });
      metadataByUrl.set(url, metadata);
    }
    return metadata;
  };
}
