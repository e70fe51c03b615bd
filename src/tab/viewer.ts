// Who is asking: set by the tab's auth (src/tab/auth) from a validated token, read by the API
// routes. Only the person's id comes from the token's Entra object id; roles and scope are read
// from the database for every request (DESIGN.md, "Roles").
import type { Response } from "express";
import type { Locale } from "../i18n/locales.js";

export interface TabViewer {
  personId: string;
  name: string;
  locale: Locale;
}

export function setViewer(res: Response, viewer: TabViewer): void {
  res.locals.tabViewer = viewer;
}

export function viewerOf(res: Response): TabViewer {
  const viewer = res.locals.tabViewer as TabViewer | undefined;
  if (!viewer) throw new Error("tab route mounted without the tab's auth");
  return viewer;
}
