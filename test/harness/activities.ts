// Builders for real Bot Framework activities as Teams sends them in personal scope.
import { randomUUID } from "node:crypto";

export const BOT_ID = "28:friskpuls-bot";
export const TENANT_ID = "7d3c2b8a-1f4e-4c6a-9b2d-5e8f0a1b2c3d";

export interface TeamsUser {
  userId: string;
  aadObjectId?: string;
  conversationId: string;
  tenantId: string;
  locale: string;
  name: string;
}

export function teamsUser(overrides: Partial<TeamsUser> = {}): TeamsUser {
  const n = randomUUID();
  return {
    userId: `29:1${n.replace(/-/g, "")}`,
    aadObjectId: randomUUID(),
    conversationId: `a:1${n.replace(/-/g, "").slice(0, 24)}`,
    tenantId: TENANT_ID,
    locale: "sv-SE",
    name: "Testperson",
    ...overrides,
  };
}

function base(user: TeamsUser, serviceUrl: string) {
  return {
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: user.userId, name: user.name, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}) },
    conversation: { conversationType: "personal", tenantId: user.tenantId, id: user.conversationId },
    recipient: { id: BOT_ID, name: "Friskpuls" },
    channelData: { tenant: { id: user.tenantId } },
    locale: user.locale,
  };
}

export function botAdded(user: TeamsUser, serviceUrl: string) {
  return { ...base(user, serviceUrl), type: "conversationUpdate", membersAdded: [{ id: BOT_ID }] };
}

export function botRemoved(user: TeamsUser, serviceUrl: string) {
  return { ...base(user, serviceUrl), type: "conversationUpdate", membersRemoved: [{ id: BOT_ID }] };
}

export function installationUpdate(user: TeamsUser, serviceUrl: string, action: "add" | "remove") {
  return { ...base(user, serviceUrl), type: "installationUpdate", action };
}

export function message(user: TeamsUser, serviceUrl: string, text: string) {
  return { ...base(user, serviceUrl), type: "message", text, textFormat: "plain" };
}

/** Pressing an Action.Execute button (Universal Actions). */
export function cardAction(user: TeamsUser, serviceUrl: string, verb: string, data: Record<string, unknown>, replyToId?: string) {
  return {
    ...base(user, serviceUrl),
    type: "invoke",
    name: "adaptiveCard/action",
    ...(replyToId ? { replyToId } : {}),
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
  };
}

/** The Action.Submit fallback: a message activity carrying the card data in `value`. */
export function cardSubmit(user: TeamsUser, serviceUrl: string, data: Record<string, unknown>, replyToId?: string) {
  return { ...base(user, serviceUrl), type: "message", ...(replyToId ? { replyToId } : {}), value: data };
}
