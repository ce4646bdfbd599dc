/**
 * Remix's data requests from before single fetch (`?_data=<route id>`). The portal runs with
 * single fetch, whose client asks for `<path>.data`, so no page of ours sends one. Remix still
 * serves them, through a legacy path that logs a warning as an error and then, for a loader that
 * returns null (the login page's, for anyone signed out), fails on `null.status`: a 500 and two
 * error-level log lines for any anonymous GET. The server refuses them before Remix: 404.
 */
import type { NextFunction, Request, Response } from "express";

function isLegacyDataRequest(url: URL): boolean {
  return url.searchParams.has("_data");
}

export function refuseLegacyDataRequests(req: Request, res: Response, next: NextFunction) {
  if (!isLegacyDataRequest(new URL(req.originalUrl, "http://localhost"))) return next();
  res.status(404).type("text/plain; charset=utf-8").send("Sidan finns inte.");
}
