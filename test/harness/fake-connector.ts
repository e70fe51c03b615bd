// A local stand-in for the Bot Connector service (Teams is out of reach here). The bot's
// serviceUrl points at it; it records every activity the bot sends and can answer with
// faults (429 with Retry-After, 5xx, 403, delays) on demand.
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export interface SentActivity {
  method: "POST" | "PUT";
  conversationId: string;
  replyToId?: string;
  activityId: string;
  activity: Record<string, any>;
  at: number;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface MemberInfo {
  id: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  name?: string;
}

export class FakeConnector {
  readonly sent: SentActivity[] = [];
  readonly requests: { method: string; path: string }[] = [];
  private readonly faults: Fault[] = [];
  private readonly members = new Map<string, MemberInfo>();
  private delayMs = 0;
  private server?: Server;
  url = "";

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: "5mb" }));
    app.use((req, _res, next) => {
      this.requests.push({ method: req.method, path: req.path });
      next();
    });
    app.use(async (_req, res, next) => {
      if (this.delayMs > 0) await sleep(this.delayMs);
      const fault = this.faults.shift();
      if (!fault) return next();
      if (fault.delayMs) await sleep(fault.delayMs);
      res
        .status(fault.status)
        .set(fault.headers ?? {})
        .json(fault.body ?? { error: { code: codeFor(fault.status), message: "injected fault" } });
    });
    app.get("/v3/conversations/:conversationId/members/:memberId", (req, res) => {
      const member = this.members.get(req.params.memberId);
      if (!member) {
        res.status(404).json({ error: { code: "MemberNotFoundInConversation", message: "not found" } });
        return;
      }
      res.json(member);
    });
    app.post("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      res.json({ id: this.record("POST", req.params.conversationId, req.body, req.params.activityId) });
    });
    app.post("/v3/conversations/:conversationId/activities", (req, res) => {
      res.json({ id: this.record("POST", req.params.conversationId, req.body) });
    });
    app.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      res.json({ id: this.record("PUT", req.params.conversationId, req.body, req.params.activityId) });
    });
    app.use((req, res) => {
      res.status(404).json({ error: { code: "NotFound", message: `${req.method} ${req.path} is not faked` } });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `count` requests get this fault, in order. */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** What GET /members/:id returns (Teams' TeamsInfo.getMember), e.g. e-mail and UPN. */
  addMember(member: MemberInfo): void {
    this.members.set(member.id, member);
  }

  sentTo(conversationId: string): SentActivity[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }

  /** Adaptive Card bodies sent to one conversation, in order. */
  cardsTo(conversationId: string): Record<string, any>[] {
    return this.sentTo(conversationId).flatMap((s) =>
      (s.activity.attachments ?? []).filter((a: any) => a.contentType === "application/vnd.microsoft.card.adaptive").map((a: any) => a.content),
    );
  }

  async waitFor(predicate: (sent: SentActivity[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      if (Date.now() > deadline) throw new Error(`fake connector: condition not met within ${timeoutMs} ms (${this.sent.length} sent)`);
      await sleep(20);
    }
  }

  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.faults.length = 0;
  }

  private record(method: "POST" | "PUT", conversationId: string, activity: Record<string, any>, replyToId?: string): string {
    const activityId = method === "PUT" && replyToId ? replyToId : randomUUID();
    this.sent.push({ method, conversationId: decodeURIComponent(conversationId), replyToId, activityId, activity, at: Date.now() });
    return activityId;
  }
}

function codeFor(status: number): string {
  if (status === 429) return "Throttled";
  if (status === 403) return "BotNotInConversationRoster";
  if (status === 413) return "MessageSizeTooBig";
  return "ServiceError";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every TextBlock/FactSet text in a card, flattened: what a person would read. */
export function cardText(card: Record<string, any>): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.text === "string") out.push(n.text);
    if (typeof n.title === "string") out.push(n.title);
    if (typeof n.value === "string") out.push(n.value);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out.join("\n");
}
