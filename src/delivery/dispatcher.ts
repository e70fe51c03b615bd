// Sends what is due in the outbox: claim a batch, wait for a rate slot, mark in flight, send,
// record the outcome. Safe with several dispatchers on one database (claims are atomic and
// outcomes fenced). The engine owns retries; botbuilder's are off.
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import type { DatabaseTarget } from "../db/database-target.js";
import type { Clock } from "../clock.js";
import { errorForLog, type Logger } from "../logger.js";
import { claimDueMessages, failAbandonedInFlight, markInFlight, releaseClaim, type ClaimedRow } from "./claim.js";
import { classifySendError, computeBackoffMs } from "./classify-send-error.js";
import { OutgoingActivitySchema } from "./enqueue.js";
import type { MessageSender, StoredConversation } from "./message-sender.js";
import { RateLimiter, type RateLimits } from "./rate-limiter.js";
import { SharedTenantBudget } from "./tenant-budget.js";
import { markConversationUnreachable, recordDeliveredMany, recordFinalFailure, recordRetry } from "./record-outcome.js";
import { GroupCommit } from "./group-commit.js";
import { STATUS } from "./outbox-status.js";
import { loadConversations } from "./load-conversations.js";
import { noMetrics, type MetricsRecorder } from "../metrics/recorder.js";

export interface DispatcherOptions {
  db: Db;
  provider: DatabaseTarget["provider"];
  sender: MessageSender;
  clock: Clock;
  logger: Logger;
  limits: RateLimits;
  leaseMs?: number;
  inFlightTimeoutMs?: number;
  maxAttempts?: number;
  batchSize?: number;
  concurrency?: number;
  /** Counters per outcome (src/metrics); nothing when not given. */
  metrics?: MetricsRecorder;
  /**
   * Share the tenant rate with every process on the database (a token bucket row, ADR 0020).
   * Off: the rate holds per process (benchmarks of the engine itself, unit tests).
   */
  sharedTenantBudget?: boolean;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
  unreachable: number;
  ambiguous: number;
  lostLease: number;
  /** Claimed but not sent when the dispatcher was stopped: pending again for another process. */
  released: number;
}

/**
 * How long an outcome write is retried (100 ms doubling to 2 s between tries): a PostgreSQL
 * restart or failover takes seconds to a minute. A worker waiting here holds its slot, which is
 * right — without the database nothing can be claimed or recorded anyway.
 */
const OUTCOME_WRITE_RETRY_MS = 60_000;

const emptyReport = (): DispatchReport => ({ claimed: 0, delivered: 0, retried: 0, failed: 0, unreachable: 0, ambiguous: 0, lostLease: 0, released: 0 });

export class Dispatcher {
  readonly owner = `dispatcher-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly limiter: RateLimiter;
  private readonly budget: SharedTenantBudget | undefined;
  private readonly o: Required<DispatcherOptions>;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  /** Claims being worked on, released at once on stop (the drain may be cut short by the bound). */
  private readonly activeClaims = new Set<string>();

  constructor(options: DispatcherOptions) {
    this.o = {
      leaseMs: 60_000,
      inFlightTimeoutMs: 120_000,
      maxAttempts: 8,
      batchSize: 200,
      concurrency: 16,
      metrics: noMetrics,
      sharedTenantBudget: false,
      ...options,
    };
    this.limiter = new RateLimiter(options.limits);
    const rate = options.limits.tenantPerSecond;
    this.budget =
      this.o.sharedTenantBudget && rate !== null
        ? new SharedTenantBudget({
            db: options.db,
            provider: options.provider,
            ratePerSecond: rate,
            onError: (error) => this.o.logger.warn({ event: "delivery.budget_error", err: errorForLog(error) }, "shared send budget unavailable; retrying"),
          })
        : undefined;
  }

  /** Claims one batch and sends it. Returns how many rows were claimed. */
  async runOnce(report: DispatchReport = emptyReport()): Promise<number> {
    const now = this.o.clock.now();
    const swept = await failAbandonedInFlight(this.o.db, now);
    report.ambiguous += swept;
    // The sweep reports a count, not the rows' kinds: counted under their own family.
    for (let i = 0; i < swept; i++) this.o.metrics.recordDelivery("swept", "ambiguous");
    const claimToken = `${this.owner}:${randomUUID()}`;
    const rows = await claimDueMessages(this.o.db, {
      provider: this.o.provider,
      claimToken,
      now,
      leaseUntil: new Date(now.getTime() + this.o.leaseMs),
      limit: this.o.batchSize,
    });
    if (rows.length === 0) return 0;
    report.claimed += rows.length;
    this.activeClaims.add(claimToken);
    try {
      return await this.sendClaimed(rows, claimToken, report);
    } finally {
      this.activeClaims.delete(claimToken);
    }
  }

  private async sendClaimed(rows: ClaimedRow[], claimToken: string, report: DispatchReport): Promise<number> {
    const conversations = await loadConversations(this.o.db, rows);
    const commits = this.groupCommits(claimToken);
    let next = 0;
    const worker = async () => {
      while (next < rows.length && !this.stopping) {
        const row = rows[next++]!;
        await this.deliver(row, claimToken, conversations.get(row.conversationRefId ?? ""), report, commits);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, rows.length) }, worker));
    // Stopping (SIGTERM): the sends already under way finished above; anything still claimed
    // (a claim that returned after stop began) goes back now.
    if (this.stopping) report.released += await this.release(claimToken);
    return rows.length;
  }

  private async release(claimToken: string): Promise<number> {
    const released = await releaseClaim(this.o.db, claimToken);
    if (released > 0) this.o.logger.info({ event: "delivery.released", owner: this.owner, released }, "claimed messages released for another process");
    return released;
  }

  /** Sends until nothing is due within `horizonMs` (retries waiting a few seconds are awaited). */
  async drain(horizonMs = 60_000): Promise<DispatchReport> {
    const report = emptyReport();
    const started = Date.now();
    for (;;) {
      if ((await this.runOnce(report)) > 0) continue;
      const wait = await this.msUntilNextDue();
      if (wait === undefined || wait > horizonMs) break;
      await sleep(Math.min(Math.max(wait, 10), 1_000));
    }
    this.o.logger.info({ event: "delivery.drain", owner: this.owner, ms: Date.now() - started, ...report }, "outbox drained");
    return report;
  }

  /** Background loop for the server: polls, and wakes early when new work is planned. */
  start(pollMs = 1_000): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        const report = emptyReport();
        try {
          while (!this.stopping && (await this.runOnce(report)) > 0);
          if (report.claimed > 0) this.o.logger.info({ event: "delivery.run", owner: this.owner, ...report }, "outbox run");
        } catch (error) {
          this.o.metrics.recordDatabaseError("delivery");
          this.o.logger.error({ event: "delivery.error", err: errorForLog(error) }, "dispatcher loop failed");
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  nudge(): void {
    this.wake?.();
  }

  /**
   * Stops claiming; sends already in flight finish and are recorded, claimed rows not yet sent are
   * released to pending. The caller bounds how long it waits (SHUTDOWN_TIMEOUT_SECONDS).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // Released before waiting for the sends under way: if the bound cuts the drain short, no row
    // is left to wait out its lease. A worker about to mark a released row finds it not held
    // (markInFlight is fenced by the claim token) and does not send it.
    for (const claimToken of [...this.activeClaims]) {
      try {
        await this.release(claimToken);
      } catch (error) {
        this.o.logger.warn({ event: "delivery.release_failed", err: errorForLog(error) }, "claimed messages not released; they return after the lease");
      }
    }
    await this.running;
    this.running = undefined;
  }

  /** The two writes on every message's path, shared by the workers of one claim. */
  private groupCommits(claimToken: string) {
    const { db, provider, clock, inFlightTimeoutMs } = this.o;
    return {
      inFlight: new GroupCommit<string, boolean>(async (ids) => {
        const held = await markInFlight(db, { provider, claimToken, ids, until: new Date(clock.now().getTime() + inFlightTimeoutMs) });
        return ids.map((id) => held.has(id));
      }),
      delivered: new GroupCommit<{ id: string; activityId: string | undefined }, boolean>(async (items) => {
        const recorded = await recordDeliveredMany(db, provider, claimToken, items, clock.now());
        return items.map((item) => recorded.has(item.id));
      }),
    };
  }

  private async deliver(
    row: ClaimedRow,
    claimToken: string,
    conversation: (StoredConversation & { active: boolean }) | undefined,
    report: DispatchReport,
    commits: ReturnType<Dispatcher["groupCommits"]>,
  ) {
    const { db, clock } = this.o;
    if (!conversation || !conversation.active) {
      await recordFinalFailure(db, row.id, claimToken, STATUS.unreachable, "no active Teams conversation", clock.now());
      report.unreachable++;
      this.o.metrics.recordDelivery(row.kind, "unreachable");
      return;
    }
    const activity = OutgoingActivitySchema.safeParse(JSON.parse(row.payload));
    if (!activity.success) {
      await recordFinalFailure(db, row.id, claimToken, STATUS.failed, "invalid payload in outbox", clock.now());
      report.failed++;
      this.o.metrics.recordDelivery(row.kind, "failed");
      return;
    }
    const tenantKey = conversation.tenantId ?? "default";
    if (this.budget && !(await this.budget.take(tenantKey, () => this.stopping))) return;
    await this.limiter.acquire(tenantKey, row.conversationRefId!);
    // Stopped while waiting for a slot: not sent, so the row is released (runOnce), not marked.
    if (this.stopping) return;
    // Marked "sending" before the request: after a crash such a row is ambiguous, never resent.
    // If the database fails here the row stays "claimed" and is sent after its lease: nothing left.
    if (!(await this.persist("in_flight", row.id, () => commits.inFlight.submit(row.id)))) {
      report.lostLease++;
      return;
    }
    // This send is attempt number `attempts` (markInFlight counted it).
    const attempt = { ...row, attempts: row.attempts + 1 };
    let activityId: string | undefined;
    try {
      ({ activityId } = await this.o.sender.send(conversation, activity.data));
    } catch (error) {
      await this.recordSendError(attempt, error, claimToken, report);
      return;
    }
    // Sent: from here nothing may lead to a resend. If recording fails for longer than the
    // retries, the row stays "sending" and the sweeper ends it as ambiguous rather than sending it again.
    try {
      await this.persist("delivered", row.id, () => commits.delivered.submit({ id: row.id, activityId }));
      report.delivered++;
      this.o.metrics.recordDelivery(row.kind, "sent");
    } catch (error) {
      this.o.logger.error({ event: "delivery.record_failed", outboxId: row.id, err: errorForLog(error) }, "sent, but the outcome could not be recorded");
    }
  }

  /**
   * An outcome write, retried for up to a minute: a database restart or a dropped connection
   * (PostgreSQL failover, a killed backend) would otherwise strand a row in "sending" — ending
   * ambiguous although we know whether it was sent. Every write here is fenced by the claim token
   * and idempotent (a retry of a write that did commit finds the same rows), so retrying is safe.
   */
  private async persist<T>(what: string, outboxId: string, write: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        this.o.metrics.recordDatabaseError("delivery");
        if (Date.now() - started >= OUTCOME_WRITE_RETRY_MS || this.stopping) throw error;
        if (attempt % 10 === 1) {
          this.o.logger.warn({ event: "delivery.write_retry", what, outboxId, attempt, err: errorForLog(error) }, "outbox write failed; retrying");
        }
        await sleep(Math.min(2_000, 100 * 2 ** (attempt - 1)));
      }
    }
  }

  // Retry-After is honoured for the refused message (its retry waits at least that long). The
  // tenant budget is not paused on a single 429: our limiter already keeps under Teams' rate.
  private async recordSendError(row: ClaimedRow, error: unknown, claimToken: string, report: DispatchReport) {
    const { db, clock, logger, metrics } = this.o;
    const verdict = classifySendError(error);
    if ((error as { statusCode?: unknown } | null)?.statusCode === 429) metrics.recordDelivery(row.kind, "throttled");
    const now = clock.now();
    logger.debug({ event: "delivery.send_error", outboxId: row.id, attempt: row.attempts, action: verdict.action, reason: verdict.reason }, "send failed");
    if (verdict.action === "unreachable") {
      await this.persist("unreachable", row.id, () => recordFinalFailure(db, row.id, claimToken, STATUS.unreachable, verdict.reason, now));
      await this.persist("unreachable", row.id, () => markConversationUnreachable(db, row.conversationRefId!, now));
      report.unreachable++;
      metrics.recordDelivery(row.kind, "unreachable");
    } else if (verdict.action === "fail" || row.attempts >= this.o.maxAttempts) {
      const reason = verdict.action === "fail" ? verdict.reason : `gave up after ${row.attempts} attempts: ${verdict.reason}`;
      await this.persist("failed", row.id, () => recordFinalFailure(db, row.id, claimToken, STATUS.failed, reason, now));
      report.failed++;
      metrics.recordDelivery(row.kind, verdict.action === "fail" && verdict.reason.startsWith("ambiguous") ? "ambiguous" : "failed");
    } else {
      // The retry is timed from the refusal, not from when the write finally succeeds.
      const backoff = computeBackoffMs(row.attempts, verdict.retryAfterMs);
      await this.persist("retry", row.id, () => recordRetry(db, row.id, claimToken, new Date(now.getTime() + backoff), verdict.reason));
      report.retried++;
      metrics.recordDelivery(row.kind, "retried");
    }
  }

  private async msUntilNextDue(): Promise<number | undefined> {
    const next = await this.o.db.outboxMessage.findFirst({
      where: { status: { in: [STATUS.pending, STATUS.claimed, STATUS.sending] } },
      orderBy: { notBefore: "asc" },
      select: { status: true, notBefore: true, leaseUntil: true },
    });
    if (!next) return undefined;
    const at = next.status === STATUS.pending ? next.notBefore : (next.leaseUntil ?? next.notBefore);
    return at.getTime() - this.o.clock.now().getTime();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
