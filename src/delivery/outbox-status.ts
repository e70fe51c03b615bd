// Life of an outbox row. Terminal states: delivered, failed (with reason), unreachable.
//   pending ──claim──▶ claimed ──mark in flight──▶ sending ──▶ delivered | failed | unreachable
//      ▲                  │ (lease expired: reclaim)   │ retryable error
//      └──────────────────┴────────────────────────────┘
// A row found in `sending` after its in-flight timeout may or may not have reached Teams; it
// ends as failed/"ambiguous" and is never resent (never a duplicate to a person).
export const OUTBOX_STATUSES = ["pending", "claimed", "sending", "delivered", "failed", "unreachable"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** Each status by name: the column is plain text, so a misspelt literal would pass tsc; STATUS.x does not. */
export const STATUS = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, s])) as { readonly [S in OutboxStatus]: S };
export const TERMINAL_STATUSES: OutboxStatus[] = [STATUS.delivered, STATUS.failed, STATUS.unreachable];
