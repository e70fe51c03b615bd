// The tab's page (issue 17): static files from src/tab/web (plain browser ES modules, no build
// step, ADR 0003), the browser libraries from node_modules as they ship (UMD globals), and the
// page's texts from the i18n catalogue. Framed by Teams only: Content-Security-Policy's
// frame-ancestors lists Teams' hosts; scripts come from this origin alone (no inline scripts).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router, type Response } from "express";
import { PROJECT_ROOT } from "../project-root.js";
import { LOCALES, translatorFor, type Locale } from "../i18n/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const WEB_DIR = join(here, "web");
const modules = join(PROJECT_ROOT, "node_modules");

/** What /tab/vendor/* serves: TeamsJS's UMD folder and two files, nothing else from node_modules. */
const VENDOR_TEAMS_JS = join(modules, "@microsoft", "teams-js", "dist", "umd");
const VENDOR_FILES: Record<string, string> = {
  "plot.umd.min.js": join(modules, "@observablehq", "plot", "dist", "plot.umd.min.js"),
  "d3.min.js": join(modules, "d3", "dist", "d3.min.js"),
};

export const TAB_FRAME_ANCESTORS = ["teams.microsoft.com", "*.teams.microsoft.com", "*.cloud.microsoft", "*.office.com"];

export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Observable Plot writes style attributes and a <style> into each chart's SVG.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // TeamsJS fetches the list of Teams origins it trusts from Microsoft's CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS.join(" ")}`,
].join("; ");

/** The catalogue's sections the page uses (the page asks for keys under these only). */
const PAGE_SECTIONS = ["tabPage", "roles", "healthFactors.factors", "results.gap", "results.reasonsShort"] as const;

export function tabPageStrings(locale: Locale): Record<string, unknown> {
  const t = translatorFor(locale);
  const strings: Record<string, unknown> = {};
  for (const section of PAGE_SECTIONS) {
    const value = t(section, { returnObjects: true }) as unknown;
    const path = section.split(".");
    let node = strings;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = value;
  }
  return strings;
}

function pageHeaders(res: Response): void {
  res.set("Content-Security-Policy", TAB_CSP);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

export function tabWebRoutes(): Router {
  const router = Router();
  router.use("/tab", (_req, res, next) => {
    pageHeaders(res);
    next();
  });
  router.get("/tab", (req, res, next) => {
    if (req.path === "/tab") res.redirect(301, "/tab/");
    else next();
  });
  router.get("/tab/i18n/:file", (req, res) => {
    const locale = LOCALES.find((l) => `${l}.json` === req.params.file);
    if (!locale) {
      res.status(404).json({ error: "not found" });
      return;
    }
    res.set("Cache-Control", "no-cache");
    res.json(tabPageStrings(locale));
  });
  router.use("/tab/vendor/teams-js", express.static(VENDOR_TEAMS_JS, { fallthrough: false, index: false, maxAge: "1h" }));
  for (const [name, path] of Object.entries(VENDOR_FILES)) {
    router.get(`/tab/vendor/${name}`, (_req, res) => {
      res.sendFile(path, { maxAge: "1h" });
    });
  }
  router.use("/tab", express.static(WEB_DIR, { index: "index.html", redirect: false, maxAge: 0 }));
  return router;
}
