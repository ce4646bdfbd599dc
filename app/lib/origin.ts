/**
 * CSRF defence beside SameSite cookies: a request that can change anything (every method but
 * GET, HEAD and OPTIONS) must carry an Origin header naming this portal. Browsers send Origin
 * on such requests; a request without one is refused. With APP_URL configured, its origin is
 * the only one: scheme included, so an https portal refuses an http page of the same name.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSameOriginRequest(request: {
  method: string;
  origin: string | undefined;
  host: string | undefined;
  protocol: string;
  appUrl: string;
  /** APP_URL was set by the operator, not defaulted to http://localhost:$PORT. */
  appUrlConfigured: boolean;
}): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  if (!request.origin) return false;
  let origin: URL;
  try {
    origin = new URL(request.origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything malformed
  }
  if (origin.origin === new URL(request.appUrl).origin) return true;
  if (request.appUrlConfigured) return false;
  // Local use only (no APP_URL): the portal reached under another name (127.0.0.1 instead of
  // localhost, say). The browser sets Host itself, so an Origin equal to the host it asked for
  // is this portal's own page.
  return (
    Boolean(request.host) &&
    origin.host === request.host &&
    origin.protocol === `${request.protocol}:`
  );
}
