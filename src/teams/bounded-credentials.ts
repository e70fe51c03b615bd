// Outbound tokens (Entra's token endpoint, through MSAL) with a deadline: botbuilder waits for a
// token as long as the endpoint keeps the connection open, and every reply and proactive send
// waits behind it (issue 21). A token that does not come within the bound fails the send before
// anything was sent, so the delivery engine may retry it.
export class TokenTimeoutError extends Error {
  readonly code = "TOKEN_TIMEOUT";
  constructor(timeoutMs: number) {
    super(`no token from the token endpoint within ${timeoutMs} ms`);
    this.name = "TokenTimeoutError";
  }
}

/** `promise`, or TokenTimeoutError after `timeoutMs` (the promise is left to settle on its own). */
export async function withTokenDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TokenTimeoutError(timeoutMs)), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Credentials whose getToken (which signRequest calls on the instance) has a deadline. */
export function boundTokenRequests<T extends object>(credentials: T, timeoutMs: number): T {
  const c = credentials as T & { getToken?: (forceRefresh?: boolean) => Promise<string> };
  if (typeof c.getToken === "function") {
    const getToken = c.getToken.bind(c);
    c.getToken = (forceRefresh?: boolean) => withTokenDeadline(getToken(forceRefresh), timeoutMs);
  }
  return credentials;
}

/** What bounding needs of botbuilder's credentials factory (ServiceClientCredentialsFactory). */
export interface CredentialsFactory {
  createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, validateAuthority: boolean): Promise<object>;
}

/** The factory itself, its credentials' token requests bounded (as boundTokenRequests). */
export function boundCredentialRequests<F extends CredentialsFactory>(factory: F, timeoutMs: number): F {
  const create = factory.createCredentials.bind(factory);
  factory.createCredentials = async (appId, audience, loginEndpoint, validateAuthority) =>
    boundTokenRequests(await create(appId, audience, loginEndpoint, validateAuthority), timeoutMs);
  return factory;
}
