/** What the express server (server.ts) hands every loader and action. */
export interface RequestContext {
  /** Also sent as the X-Request-Id header, logged with every line, shown on error pages. */
  requestId: string;
  /** The client's address (behind a proxy only when TRUST_PROXY is set). */
  clientAddress: string;
  /** Content-Security-Policy nonce for this response's scripts. */
  nonce: string;
  /**
   * Set by entry.server's handleError when a loader or action failed because the database
   * could not be reached: the response is then a 503 with the outage page, not a 500.
   */
  databaseUnavailable?: boolean;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
