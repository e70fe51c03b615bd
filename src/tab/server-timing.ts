// Server-Timing on the tab's API responses: `app;dur=<ms>`, the time from the request reaching the
// tab's router until the response's headers are written (auth, the database reads, building and
// checking the body). Benchmarks read it (bench/tab.ts); browsers' developer tools show it.
import type { RequestHandler, Response } from "express";

export function serverTiming(): RequestHandler {
  return (_req, res, next) => {
    const started = performance.now();
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!this.headersSent) this.setHeader("Server-Timing", `app;dur=${(performance.now() - started).toFixed(1)}`);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response["writeHead"];
    next();
  };
}
