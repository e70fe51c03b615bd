// Puts the tab's sign-in together from config: Entra's keys for SSO tokens, and in local mode the
// dev sign-in's own key as a second source (its tokens pass the same checks).
import type { Router, RequestHandler } from "express";
import type { TabDeps } from "../tab-deps.js";
import { createDevSignIn } from "./dev-sign-in.js";
import { requireViewer } from "./require-viewer.js";
import { createRemoteKeySource, createTabTokenVerifier, type TabKeySource } from "./verify-tab-token.js";

const KEYS_TIMEOUT_MS = 5000;

export interface TabAuth {
  requireViewer: RequestHandler;
  /** /api/tab/dev/*: only in local mode. */
  devRoutes: Router | undefined;
}

export async function createTabAuth(deps: TabDeps): Promise<TabAuth> {
  const { tab } = deps.config;
  const sources: TabKeySource[] = [];
  const dev = tab.devSignIn ? await createDevSignIn(tab.appId) : undefined;
  if (dev) {
    sources.push(dev.source);
    deps.logger.warn({ event: "tab.devSignIn" }, "tab dev sign-in is on (local mode, no BOT_ID): anyone who reaches this server can pick who they are");
  }
  if (tab.appId) sources.push(createRemoteKeySource(tab.jwksUrl, KEYS_TIMEOUT_MS));
  const verifier = createTabTokenVerifier({ appId: tab.appId ?? dev?.audience, allowedTenantIds: tab.allowedTenantIds, sources });
  return {
    requireViewer: requireViewer({ db: deps.db, verifier, logger: deps.logger, defaultLocale: deps.config.defaultLocale }),
    devRoutes: dev?.routes(deps.db),
  };
}
