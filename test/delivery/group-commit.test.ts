// Group commit (src/delivery/group-commit.ts): rows handed in together share one write, rows that
// arrive during a write share the next, every caller gets its own row's result or the write's
// error. Writes are held open by hand (deferred promises), so nothing here depends on timing.
import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/delivery/group-commit.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A writer that records each batch and, while `hold` is set, waits for it before answering. */
function recordingWriter() {
  const batches: number[][] = [];
  let hold: ReturnType<typeof deferred> | undefined;
  const started: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    started.shift()?.();
    if (hold) await hold.promise;
    return items.map((i) => i * 10);
  };
  return {
    batches,
    write,
    holdWrites() {
      hold = deferred();
      return hold;
    },
    /** Resolves when the next write has begun. */
    nextWriteStarted: () => new Promise<void>((r) => started.push(r)),
  };
}

describe("group commit", () => {
  it("rows handed in together go in one write, each caller getting its own row's result", async () => {
    const w = recordingWriter();
    const commit = new GroupCommit(w.write);
    expect(await Promise.all([1, 2, 3, 4].map((i) => commit.submit(i)))).toEqual([10, 20, 30, 40]);
    expect(w.batches).toEqual([[1, 2, 3, 4]]);
  });

  it("rows arriving while a write is under way wait for it and then share the next write", async () => {
    const w = recordingWriter();
    const commit = new GroupCommit(w.write);
    const held = w.holdWrites();
    const started = w.nextWriteStarted();
    const first = commit.submit(1);
    await started;
    const later = [2, 3, 4].map((i) => commit.submit(i));
    // Nothing more is written while the first write is open.
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1]]);
    held.resolve();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it("one after another (each awaited), every row is its own write", async () => {
    const w = recordingWriter();
    const commit = new GroupCommit(w.write);
    for (const i of [1, 2, 3]) expect(await commit.submit(i)).toBe(i * 10);
    expect(w.batches).toEqual([[1], [2], [3]]);
  });

  it("a failed write rejects every row in it, and the rows after it are still written", async () => {
    const batches: number[][] = [];
    let fail = true;
    const commit = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (fail) throw new Error("database is locked");
      return items;
    });
    const failed = [1, 2].map((i) => commit.submit(i));
    for (const p of failed) await expect(p).rejects.toThrow("database is locked");
    fail = false;
    expect(await Promise.all([3, 4].map((i) => commit.submit(i)))).toEqual([3, 4]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("a write holds at most 500 rows; the rest follow in order", async () => {
    const w = recordingWriter();
    const commit = new GroupCommit(w.write);
    const rows = Array.from({ length: 1_200 }, (_, i) => i);
    expect(await Promise.all(rows.map((i) => commit.submit(i)))).toEqual(rows.map((i) => i * 10));
    expect(w.batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(w.batches.flat()).toEqual(rows);
  });
});
