// The Bot Framework adapter and its authentication, configured from validated config: one of the
// four files that know botbuilder / teams-ai (with bot.ts, turn-context.ts and connector-sender.ts;
// ADR 0021). With no BOT_ID, botbuilder accepts every request anonymously (local Agents
// Playground); config refuses that in production.
// Deep imports: the package index also loads the AI/LLM stack (~35 MB) this bot never uses.
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { CallerIdConstants, ConfigurationServiceClientCredentialFactory, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type ConnectorFactory,
} from "botframework-connector";
import { JwtTokenExtractor } from "botframework-connector/lib/auth/jwtTokenExtractor.js";
import type { Config } from "../config.js";
import { noRetryHttpClient } from "./no-retry-http-client.js";
import { boundCredentialRequests } from "./bounded-credentials.js";
import { installBoundedSigningKeys, SigningKeysUnavailableError, type MetadataSource } from "./signing-keys.js";
import { replayedActivities } from "./replay-guard.js";
import type { Logger } from "../logger.js";
import type { TeamsInbound, TurnResult } from "../http/routes/messages.js";

/**
 * The Teams adapter with authentication as its own step, so the HTTP route can refuse an
 * unauthenticated request (401) before it looks at anything else in it (tenant, shape), and run
 * the turn with the result instead of authenticating twice.
 */
export class FriskpulsAdapter extends TeamsAdapter {
  /** Set by createTeamsAdapter: the bound on authenticating one request. */
  authTimeoutMs = 5_000;
  /** Set by createTeamsAdapter with BOT_ID: the only token issuer accepted (the Bot Framework channel). */
  channelIssuer?: string;

  /**
   * Validates the Bearer token against the activity; throws AuthenticationError (401) on any
   * failure, and SigningKeysUnavailableError (503) when it cannot be decided within the bound.
   */
  async authenticate(activity: Partial<Activity>, authHeader: string): Promise<AuthenticateRequestResult> {
    // Teams only ever sends channel tokens. botbuilder would also try emulator and skill tokens,
    // each against another of Microsoft's key endpoints: a caller could make us wait on those.
    if (this.channelIssuer && issuerOf(authHeader) !== this.channelIssuer)
      throw new AuthenticationError("Unauthorized: not a Bot Framework channel token", 401);
    const { channelId, serviceUrl } = activity as { channelId?: unknown; serviceUrl?: unknown };
    const cacheKey =
      this.channelIssuer && typeof channelId === "string" && typeof serviceUrl === "string" ? `${channelId}\n${serviceUrl}\n${authHeader}` : undefined;
    const verified = cacheKey === undefined ? undefined : this.verifiedTokens.get(cacheKey);
    if (verified && verified.until > Date.now()) return { ...verified.result };
    const result = await this.authenticateInFull(activity, authHeader);
    if (cacheKey !== undefined) this.rememberVerified(cacheKey, authHeader, result);
    return result;
  }

  /**
   * Tokens found valid, by the exact header and what it was checked against (the activity's
   * channel and service URL): the Bot Connector signs one token and sends it with every request
   * for up to an hour, and verifying it in full (RSA signature, claims, botbuilder's checks) was
   * a sixth of an answer's CPU (issue 22). Only the very same string is taken from here, never
   * past its expiry nor longer than VERIFIED_TOKEN_TTL_MS (a withdrawn signing key stops being
   * trusted within that); a refusal is never remembered.
   */
  private readonly verifiedTokens = new Map<string, { until: number; result: AuthenticateRequestResult }>();

  private rememberVerified(cacheKey: string, authHeader: string, result: AuthenticateRequestResult): void {
    const expiresAt = expiryOf(authHeader);
    if (expiresAt === undefined) return;
    if (this.verifiedTokens.size >= MAX_VERIFIED_TOKENS) this.verifiedTokens.delete(this.verifiedTokens.keys().next().value!);
    this.verifiedTokens.set(cacheKey, { until: Math.min(expiresAt, Date.now() + VERIFIED_TOKEN_TTL_MS), result });
  }

  /** botbuilder's validation of the token against the activity, within the bound. */
  private async authenticateInFull(activity: Partial<Activity>, authHeader: string): Promise<AuthenticateRequestResult> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SigningKeysUnavailableError(`token not validated within ${this.authTimeoutMs} ms`)), this.authTimeoutMs);
    });
    try {
      return await Promise.race([this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authHeader).catch(asUnauthorized), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the middleware and the bot for an authenticated activity; the invoke response, if any. */
  async runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    const connectorFactory =
      auth.connectorFactory && this.reuseConnectors(auth.connectorFactory, JwtTokenValidation.getAppIdFromClaims(auth.claimsIdentity.claims) ?? "");
    return this.processActivity({ ...auth, connectorFactory }, activity, logic);
  }

  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  /**
   * botbuilder builds a new Connector client for every turn (an HTTP pipeline and credentials:
   * 0.1–0.2 ms of CPU each time under load, issue 8) although one per bot id, service URL and
   * audience serves them all, and a shared one also keeps its token cache. At most a few dozen are
   * kept: without BOT_ID anyone may name a service URL.
   */
  private reuseConnectors(factory: ConnectorFactory, appId: string): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string) =>
        reuseClient(this.connectors, JSON.stringify([appId, serviceUrl, audience ?? ""]), () => factory.create(serviceUrl, audience)),
    };
  }

  /**
   * botbuilder also builds a user-token client (for OAuth sign-in, which this bot does not use) on
   * every turn; one per bot id does (as reuseConnectors, above). The authentication object is
   * botbuilder's protected member, ours to reach as a subclass: the TeamsAdapter constructor builds
   * it and offers no way to pass one in, so its method is wrapped here, once.
   */
  reuseUserTokenClients(): void {
    const auth = this.botFrameworkAuthentication;
    const create = auth.createUserTokenClient.bind(auth);
    const clients = new Map<string, ReturnType<typeof create>>();
    auth.createUserTokenClient = (identity) => reuseClient(clients, JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? "", () => create(identity));
  }
}

/**
 * botbuilder answers 500 when jsonwebtoken rejects a token (bad signature, malformed), because
 * only its own AuthenticationError maps to 401. Any failure to authenticate is a 401.
 */
function asUnauthorized(error: unknown): never {
  if (error instanceof AuthenticationError || error instanceof SigningKeysUnavailableError) throw error;
  throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, 401);
}

/** A client from the cache, or a new one kept there (not if it fails; the oldest goes at the cap). */
function reuseClient<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let client = cache.get(key);
  if (!client) {
    client = create();
    client.catch(() => cache.delete(key));
    if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value!);
    cache.set(key, client);
  }
  return client;
}

const MAX_CLIENTS = 32;
/** Bot Connector tokens in use at once: one per bot and channel service, a few more around a renewal. */
const MAX_VERIFIED_TOKENS = 256;
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;

export function createTeamsAdapter(config: Config, logger: Logger): FriskpulsAdapter {
  const { bot } = config;
  if (!bot.appId) {
    logger.warn(
      { event: "auth.disabled" },
      "BOT_ID is not set: accepting UNAUTHENTICATED Bot Framework traffic. Only for local development with the Agents Playground.",
    );
  }
  const auth = botAuthSettings(config);
  // A private static of botbuilder's (no public API lets us give its token validation other
  // metadata; ADR 0014 explains why the keys need deadlines), replaced through this one cast.
  installBoundedSigningKeys(JwtTokenExtractor as unknown as MetadataSource, {
    timeoutMs: bot.authTimeoutMs,
    refreshIntervalMs: bot.signingKeysRefreshMs,
    logger,
  });
  const credentials = boundCredentialRequests(new ConfigurationServiceClientCredentialFactory(auth), bot.tokenTimeoutMs);
  // No HTTP retries inside botbuilder: the delivery engine retries with its own backoff and
  // rate budget; retries on top of retries multiply, and a retried timeout can duplicate.
  const adapter = new FriskpulsAdapter(auth, credentials, undefined, { httpClient: noRetryHttpClient } as object);
  adapter.authTimeoutMs = bot.authTimeoutMs;
  if (bot.appId) adapter.channelIssuer = AuthenticationConstants.ToBotFromChannelTokenIssuer;
  adapter.reuseUserTokenClients();
  return adapter;
}

/** What the HTTP route runs an inbound activity with (it never sees botbuilder's types). */
export function createTeamsInbound(adapter: FriskpulsAdapter, bot: Application): TeamsInbound<AuthenticateRequestResult> {
  return {
    authenticate: (activity, authHeader) => adapter.authenticate(activity as Partial<Activity>, authHeader),
    async runTurn(auth, body): Promise<TurnResult> {
      const activity = withDates(body as Activity);
      // "failed" stays when the turn threw (the bot's error handler logged it) or was never run
      // (a replay: the replay guard answered instead).
      let turn = "failed" as TurnResult["turn"];
      const invokeResponse = await adapter.runAuthenticated(auth, activity, async (context) => {
        turn = (await bot.run(context)) ? "handled" : "unhandled";
      });
      return { turn, replay: replayedActivities.has(activity), invokeResponse };
    },
  };
}

/** What botbuilder's own entry point does to the timestamps before the turn. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ["timestamp", "rawTimestamp"],
    ["localTimestamp", "rawLocalTimestamp"],
    ["expiration", "rawExpiration"],
  ] as const) {
    if (typeof raw[field] === "string") {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field]);
    }
  }
  return activity;
}

/** botbuilder's authentication settings, shared by the adapter (inbound) and the connector sender (outbound). */
export function botAuthSettings(config: Config) {
  const { bot } = config;
  return {
    MicrosoftAppId: bot.appId ?? "",
    MicrosoftAppPassword: bot.password ?? "",
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? "",
    ...(bot.openIdMetadataUrl ? publicCloudWithMetadata(bot.openIdMetadataUrl) : {}),
  };
}

// botbuilder treats any one "parameterized" setting as "all are given", so overriding the
// metadata URL means spelling out the public-cloud defaults for the rest.
function publicCloudWithMetadata(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** The unverified `iss` of a Bearer token ("" when there is none): only to pick the path. */
function issuerOf(authHeader: string): string {
  const { iss } = unverifiedPayloadOf(authHeader);
  return typeof iss === "string" ? iss : "";
}

/** When a token (already verified) expires, in ms; undefined without an `exp`. */
function expiryOf(authHeader: string): number | undefined {
  const { exp } = unverifiedPayloadOf(authHeader);
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}

function unverifiedPayloadOf(authHeader: string): Record<string, unknown> {
  const [scheme, token] = authHeader.split(" ");
  if (scheme !== "Bearer" || !token) return {};
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
