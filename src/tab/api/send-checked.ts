// Every response is parsed by its schema before it is sent: what leaves is what the OpenAPI says.
import type { Response } from "express";
import type { z } from "zod/v4";

export function sendChecked<S extends z.ZodType>(res: Response, schema: S, body: z.input<S>): void {
  res.setHeader("Cache-Control", "no-store");
  res.json(schema.parse(body));
}

export function sendError(res: Response, status: 400 | 401 | 403 | 404 | 409, error: string, message?: string): void {
  res.setHeader("Cache-Control", "no-store");
  res.status(status).json(message ? { error, message } : { error });
}
