// The tab API's door: a Bearer token (Teams SSO, or the local dev sign-in) → a person in Friskpuls.
// 401 says what was wrong with the token (never which person); 403 when the token is valid but names
// nobody Friskpuls knows; 503 when Entra's keys cannot be fetched.
import type { RequestHandler } from "express";
import type { Db } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import { LOCALES, normalizeLocale, type Locale } from "../../i18n/locales.js";
import { setViewer } from "../viewer.js";
import { sendError } from "../api/send-checked.js";
import { TabAuthError, TabKeysUnavailableError, type TabTokenVerifier } from "./verify-tab-token.js";

export function requireViewer(o: { db: Db; verifier: TabTokenVerifier; logger: Logger; defaultLocale: Locale }): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header);
    if (!match) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="friskpuls-tab"');
      return sendError(res, 401, "missingToken", "send the Teams SSO token as Authorization: Bearer <token>");
    }
    let identity;
    try {
      identity = await o.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof TabAuthError) {
        o.logger.info({ event: "tab.auth.refused", failure: error.failure }, "tab token refused");
        res.setHeader("WWW-Authenticate", `Bearer realm="friskpuls-tab", error="invalid_token", error_description="${error.message}"`);
        return sendError(res, 401, "invalidToken", error.message);
      }
      if (error instanceof TabKeysUnavailableError) {
        o.logger.warn({ event: "tab.auth.keysUnavailable", err: error.message }, "tab sign-in keys unavailable");
        res.setHeader("Retry-After", "30");
        res.status(503).json({ error: "keysUnavailable", message: "sign-in is unavailable for a moment; try again" });
        return;
      }
      return next(error);
    }
    const person = await o.db.person.findFirst({
      where: { aadObjectId: identity.objectId, active: true },
      select: { id: true, displayName: true, locale: true },
    });
    if (!person) {
      o.logger.info({ event: "tab.auth.unknownPerson" }, "tab token for nobody in Friskpuls");
      return sendError(res, 403, "unknownPerson", "you are not in the organisation data Friskpuls has");
    }
    // The page may ask for the language Teams shows (?lang=en-US); else the person's own.
    const asked = typeof req.query.lang === "string" && (LOCALES as readonly string[]).includes(req.query.lang) ? (req.query.lang as Locale) : undefined;
    setViewer(res, { personId: person.id, name: person.displayName, locale: asked ?? normalizeLocale(person.locale, o.defaultLocale) });
    next();
  };
}
