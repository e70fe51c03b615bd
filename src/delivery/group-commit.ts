// Group commit: concurrent workers hand in one row each; whoever arrives while a write is in
// progress (or within the same tick) joins the next write. On SQLite each write is a transaction
// with an fsync, so one UPDATE for many rows is what lets a single process send >1,000 messages/s.
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly write: (items: T[]) => Promise<R[]>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) queueMicrotask(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    // Let the workers that are ready in this tick join before writing.
    await new Promise((r) => setImmediate(r));
    const batch = this.queue.splice(0, 500);
    try {
      const results = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      batch.forEach((b) => b.reject(error));
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) void this.flush();
    }
  }
}
