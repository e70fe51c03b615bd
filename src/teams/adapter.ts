// The Bot Framework adapter, configured from validated config. With no BOT_ID, botbuilder
// accepts every request anonymously (local Agents Playground); config refuses that in production.
// Deep imports: the package index also loads the AI/LLM stack (~35 MB) this bot never uses.
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { ConfigurationServiceClientCredentialFactory, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ConnectorClient,
  type ConnectorFactory,
} from "botframework-connector";
import type { Config } from "../config.js";
import { noRetryHttpClient } from "./no-retry-http-client.js";
import { botAuthSettings } from "./bot-auth-settings.js";
import { boundedCredentialFactory } from "./bounded-credentials.js";
import { installBoundedSigningKeys, SigningKeysUnavailableError } from "./signing-keys.js";
import type { Logger } from "../logger.js";

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
    if (this.channelIssuer && issuerOf(authHeader) !== this.channelIssuer) throw new AuthenticationError("Unauthorized: not a Bot Framework channel token", 401);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SigningKeysUnavailableError(`token not validated within ${this.authTimeoutMs} ms`)), this.authTimeoutMs);
    });
    try {
      return await Promise.race([this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authHeader), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the middleware and the bot for an authenticated activity; the invoke response, if any. */
  async runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const connectorFactory = auth.connectorFactory && this.reuseConnectors(auth.connectorFactory, JwtTokenValidation.getAppIdFromClaims(auth.claimsIdentity.claims) ?? "");
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

export function createTeamsAdapter(config: Config, logger: Logger): FriskpulsAdapter {
  const { bot } = config;
  if (!bot.appId) {
    logger.warn(
      { event: "auth.disabled" },
      "BOT_ID is not set: accepting UNAUTHENTICATED Bot Framework traffic. Only for local development with the Agents Playground.",
    );
  }
  const auth = botAuthSettings(config);
  installBoundedSigningKeys({ timeoutMs: bot.authTimeoutMs, refreshIntervalMs: bot.signingKeysRefreshMs, logger });
  const credentials = boundedCredentialFactory(new ConfigurationServiceClientCredentialFactory(auth), bot.tokenTimeoutMs);
  // No HTTP retries inside botbuilder: the delivery engine retries with its own backoff and
  // rate budget; retries on top of retries multiply, and a retried timeout can duplicate.
  const adapter = new FriskpulsAdapter(auth, credentials, undefined, { httpClient: noRetryHttpClient } as object);
  adapter.authTimeoutMs = bot.authTimeoutMs;
  if (bot.appId) adapter.channelIssuer = AuthenticationConstants.ToBotFromChannelTokenIssuer;
  refuseInvalidTokensWith401(adapter);
  reuseUserTokenClients(adapter);
  return adapter;
}

/**
 * botbuilder answers 500 when jsonwebtoken rejects a token (bad signature, malformed), because
 * only its own AuthenticationError maps to 401. Any failure to authenticate is a 401.
 */
function refuseInvalidTokensWith401(adapter: TeamsAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (...args) => {
    try {
      return await authenticate(...args);
    } catch (error) {
      if (error instanceof AuthenticationError || error instanceof SigningKeysUnavailableError) throw error;
      throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, 401);
    }
  };
}

/**
 * botbuilder also builds a user-token client (for OAuth sign-in, which this bot does not use) on
 * every turn; one per bot id does (as reuseConnectors, above).
 */
function reuseUserTokenClients(adapter: TeamsAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
  const create = auth.createUserTokenClient.bind(auth);
  const clients = new Map<string, ReturnType<typeof create>>();
  auth.createUserTokenClient = (identity) => reuseClient(clients, JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? "", () => create(identity));
}

/** The unverified `iss` of a Bearer token ("" when there is none): only to pick the path. */
function issuerOf(authHeader: string): string {
  const [scheme, token] = authHeader.split(" ");
  if (scheme !== "Bearer" || !token) return "";
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown };
    return typeof payload.iss === "string" ? payload.iss : "";
  } catch {
    return "";
  }
}
