// An open-loop load generator: requests leave at a fixed rate, evenly spaced, whether or not
// earlier ones have been answered, and each latency is measured from when its request was due.
// That is how answers arrive from thousands of people, and a slow server cannot hide its backlog.
//
// Why not autocannon's rate mode (what this replaced): it sends each connection's per-second quota
// back to back at the start of every second (300 requests in a burst, then nothing), and its
// coordinated-omission correction assumes a 1 ms interval at any rate below 1000/s, so one slow
// response adds hundreds of synthetic samples. Both made the figures the tool's, not the server's.
import { Agent, request } from "node:http";

export interface OpenLoopOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  count: number;
  /** The n-th request's body (0-based). */
  body(n: number): string;
  /** Extra headers of the n-th request (e.g. its Authorization). */
  headers?(n: number): Record<string, string>;
  /** Sockets kept open to the server; a request due while all are busy waits for one (and that wait counts). */
  sockets: number;
  timeoutMs: number;
  onResponse?(status: number, body: string): void;
}

export interface OpenLoopResult {
  sent: number;
  /** Answered with 2xx. */
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  durationS: number;
  /** From due time to the end of the response, in ms, ascending (every request that got a response). */
  latencies: number[];
}

export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  // FIFO: every socket is used in turn, so none sits idle until the server's keep-alive timeout
  // closes it just as a request is put on it (a reset that would count as an error).
  const agent = new Agent({ keepAlive: true, maxSockets: o.sockets, scheduling: "fifo" });
  const target = new URL(o.url);
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let pending = 0;
  const start = performance.now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const fire = (n: number, dueAt: number) => {
    const payload = Buffer.from(o.body(n));
    pending++;
    let settled = false;
    const settle = (status: number | undefined, body = "") => {
      if (settled) return;
      settled = true;
      pending--;
      if (status === undefined) errors++;
      else {
        latencies.push(performance.now() - dueAt);
        if (status >= 200 && status < 300) ok++;
        else non2xx++;
        o.onResponse?.(status, body);
      }
      if (sent === o.count && pending === 0) finish();
    };
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...o.headers?.(n), "content-type": "application/json", "content-length": payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => settle(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
        res.on("error", () => settle(undefined));
      },
    );
    req.setTimeout(o.timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", () => settle(undefined));
    req.end(payload);
  };

  // Wakes up at most every millisecond and sends whatever has fallen due since.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(o.count, Math.floor((performance.now() - start) / interval) + 1);
      while (sent < due) {
        fire(sent, start + sent * interval);
        sent++;
      }
      if (sent < o.count) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  if (pending > 0) await finished;
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent, ok, non2xx, errors, durationS, latencies };
}

/** The p-th percentile (0–100) of ascending values, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
