// POST /api/messages: the Bot Framework endpoint. botbuilder authenticates the request (401 on
// a missing or invalid token when BOT_ID is set); we add a tenant allow-list in front.
import express, { Router } from "express";
import type { Application, TeamsAdapter } from "@microsoft/teams-ai";
import type { Logger } from "../../logger.js";

export interface MessagesRouteOptions {
  adapter: TeamsAdapter;
  bot: Application;
  allowedTenantIds: string[];
  logger: Logger;
}

export const MAX_ACTIVITY_BYTES = 256 * 1024;

export function messagesRoute({ adapter, bot, allowedTenantIds, logger }: MessagesRouteOptions): Router {
  const router = Router();
  router.post("/api/messages", express.json({ limit: MAX_ACTIVITY_BYTES }), async (req, res) => {
    if (typeof req.body !== "object" || req.body === null || typeof req.body.type !== "string") {
      res.status(400).json({ error: "body must be a Bot Framework activity" });
      return;
    }
    const tenantId = req.body.conversation?.tenantId ?? req.body.channelData?.tenant?.id;
    if (allowedTenantIds.length > 0 && !allowedTenantIds.includes(tenantId)) {
      logger.warn({ event: "http.tenant_refused" }, "activity from a tenant that is not allowed");
      res.status(403).json({ error: "tenant not allowed" });
      return;
    }
    await adapter.process(req, res, async (context) => {
      await bot.run(context);
    });
  });
  return router;
}
