// A Bot Connector that misbehaves at random, for the reliability tests: 429 with Retry-After,
// 500/502/503/504, connections cut before or after the message was taken (a reset: the bot
// cannot know which), connections held and then cut (what a gateway timeout looks like to the
// bot), slow answers. It keeps a log per message — every attempt and its outcome, with times —
// and counts what "Teams" actually has per conversation, for exactly-once checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomUUID } from "node:crypto";

export type Outcome =
  | "ok"
  | "slow"
  | "429"
  | "500"
  | "502"
  | "503"
  | "504"
  /** Cut before the message was taken: Teams does not have it. */
  | "reset-lost"
  /** Taken, then cut before the answer: Teams has it, the bot cannot know. */
  | "reset-delivered"
  /** Held 0.5–2 s, then cut, not taken. */
  | "hang-lost"
  /** Taken, held 0.5–2 s, then cut. */
  | "hang-delivered";

/** Probability per request of each fault; the rest is "ok". */
export type FaultMix = Partial<Record<Exclude<Outcome, "ok">, number>>;

export interface Attempt {
  at: number;
  outcome: Outcome;
  retryAfterMs?: number;
}

export const RETRYABLE: ReadonlySet<Outcome> = new Set(["429", "500", "502", "503", "504"]);
export const AMBIGUOUS: ReadonlySet<Outcome> = new Set(["reset-lost", "reset-delivered", "hang-lost", "hang-delivered"]);
const TAKEN: ReadonlySet<Outcome> = new Set(["ok", "slow", "reset-delivered", "hang-delivered"]);

export class ChaosConnector {
  url = "";
  /** Per message (conversation id + text): every attempt, in arrival order. */
  readonly attempts = new Map<string, Attempt[]>();
  /** Per message: how many times Teams took it. */
  readonly taken = new Map<string, number>();
  /** Per conversation: how many messages Teams took. */
  readonly perConversation = new Map<string, number>();
  private mix: FaultMix = {};
  private baseDelayMs: [number, number] = [0, 0];
  private retryAfterSeconds = 1;
  private throttleFirst = false;
  private server?: Server;
  private readonly open = new Set<Socket>();

  constructor(private readonly random: () => number = Math.random) {}

  async start(): Promise<this> {
    // A client that dies mid-request (a killed bot process) must not fail the test run.
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.on("connection", (socket) => {
      this.open.add(socket);
      socket.on("close", () => this.open.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /**
   * Faults from now on; `delayMs` is added to every answer (widens the in-flight window);
   * `throttleFirst`: every message's first request gets a 429 (with Retry-After), later ones the mix.
   */
  configure(o: { mix?: FaultMix; delayMs?: [number, number]; retryAfterSeconds?: number; throttleFirst?: boolean }): void {
    if (o.mix) this.mix = o.mix;
    if (o.throttleFirst !== undefined) this.throttleFirst = o.throttleFirst;
    if (o.delayMs) this.baseDelayMs = o.delayMs;
    if (o.retryAfterSeconds !== undefined) this.retryAfterSeconds = o.retryAfterSeconds;
  }

  /** Requests received for messages, whatever their outcome. */
  totalAttempts(): number {
    let n = 0;
    for (const a of this.attempts.values()) n += a.length;
    return n;
  }

  totalTaken(): number {
    let n = 0;
    for (const c of this.taken.values()) n += c;
    return n;
  }

  private pick(): Outcome {
    let roll = this.random();
    for (const [outcome, p] of Object.entries(this.mix) as [Outcome, number][]) {
      if (roll < p) return outcome;
      roll -= p;
    }
    return "ok";
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NotFound" } }));
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const activity = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text?: string };
    const key = `${conversationId}|${activity.text ?? ""}`;
    const outcome = this.throttleFirst && !this.attempts.has(key) ? "429" : this.pick();
    const attempt: Attempt = { at: Date.now(), outcome };
    this.attempts.set(key, [...(this.attempts.get(key) ?? []), attempt]);
    const [lo, hi] = this.baseDelayMs;
    if (hi > 0) await sleep(lo + this.random() * (hi - lo));
    if (TAKEN.has(outcome)) {
      this.taken.set(key, (this.taken.get(key) ?? 0) + 1);
      this.perConversation.set(conversationId, (this.perConversation.get(conversationId) ?? 0) + 1);
    }
    switch (outcome) {
      case "ok":
      case "slow":
        if (outcome === "slow") await sleep(200 + this.random() * 600);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: randomUUID() }));
        return;
      case "429":
        attempt.retryAfterMs = this.retryAfterSeconds * 1000;
        res
          .writeHead(429, { "content-type": "application/json", "retry-after": String(this.retryAfterSeconds) })
          .end(JSON.stringify({ error: { code: "Throttled", message: "injected" } }));
        return;
      case "500":
      case "502":
      case "503":
      case "504":
        res.writeHead(Number(outcome), { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "ServiceError", message: "injected" } }));
        return;
      case "reset-lost":
      case "reset-delivered":
        req.socket.destroy();
        return;
      case "hang-lost":
      case "hang-delivered":
        await sleep(500 + this.random() * 1500);
        req.socket.destroy();
        return;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Iterations / sizes: short in CI, long with SOAK=1 (scripts/soak.mjs). */
export const SOAK = process.env.SOAK === "1";
