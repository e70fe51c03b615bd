// Local mode only (no BOT_ID, not production): a person picks who they are and gets a token signed
// by a key made at start, shaped like Teams' SSO token and checked by the same verifier — so a plain
// browser can try the tab (the Agents Playground cannot show tabs). The page marks it clearly.
import { randomUUID } from "node:crypto";
import { Router, json } from "express";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { sortRoles, isRole } from "../../domain/org/roles.js";
import { ACCESS_SCOPE, audiencesOf, type TabKeySource } from "./verify-tab-token.js";
import { sendError } from "../api/send-checked.js";

/** A tenant id no real tenant has: dev tokens are only ever accepted for it. */
export const DEV_TENANT_ID = "00000000-0000-0000-0000-00000000d3f0";
/** The audience of dev tokens when TAB_APP_ID is unset. */
export const DEV_AUDIENCE = "api://localhost/friskpuls-dev-tab";
const DEV_KID_PREFIX = "friskpuls-dev-";
const DEV_TOKEN_SECONDS = 8 * 3600;

export interface DevSignIn {
  source: TabKeySource;
  audience: string;
  routes(db: Db): Router;
}

export async function createDevSignIn(appId: string | undefined): Promise<DevSignIn> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const kid = `${DEV_KID_PREFIX}${randomUUID()}`;
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] });
  const audience = appId ? audiencesOf(appId)[0]! : DEV_AUDIENCE;
  const mint = (person: { aadObjectId: string; displayName: string }, now: number) =>
    new SignJWT({ oid: person.aadObjectId, tid: DEV_TENANT_ID, scp: ACCESS_SCOPE, name: person.displayName, ver: "2.0" })
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(`https://login.microsoftonline.com/${DEV_TENANT_ID}/v2.0`)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + DEV_TOKEN_SECONDS)
      .sign(privateKey);
  return {
    audience,
    source: { owns: (k) => k === kid, keys, tenants: [DEV_TENANT_ID] },
    routes(db) {
      const router = Router();
      router.get("/api/tab/dev/people", async (_req, res) => {
        const people = await db.person.findMany({
          where: { active: true, aadObjectId: { not: null } },
          select: {
            id: true,
            displayName: true,
            assignments: { where: { active: true, unit: { active: true } }, select: { role: true, unit: { select: { name: true } } } },
          },
          orderBy: { displayName: "asc" },
        });
        res.setHeader("Cache-Control", "no-store");
        res.json(
          people.map((p) => ({
            id: p.id,
            name: p.displayName,
            roles: sortRoles(p.assignments.map((a) => a.role).filter(isRole)),
            units: [...new Set(p.assignments.map((a) => a.unit.name))],
          })),
        );
      });
      router.post("/api/tab/dev/token", json({ limit: "2kb" }), async (req, res) => {
        const body = z.object({ personId: z.string().min(1).max(100) }).safeParse(req.body);
        if (!body.success) return sendError(res, 400, "invalidBody", "expected { personId }");
        const person = await db.person.findFirst({ where: { id: body.data.personId, active: true }, select: { aadObjectId: true, displayName: true } });
        if (!person?.aadObjectId) return sendError(res, 404, "unknownPerson", "no active person with an Entra object id has that id");
        const now = Math.floor(Date.now() / 1000);
        res.setHeader("Cache-Control", "no-store");
        res.json({
          token: await mint({ aadObjectId: person.aadObjectId, displayName: person.displayName }, now),
          expiresAt: new Date((now + DEV_TOKEN_SECONDS) * 1000).toISOString(),
        });
      });
      return router;
    },
  };
}
