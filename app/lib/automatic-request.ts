/**
 * The header of a request the page makes by itself rather than the person (the draft saved
 * before the idle timeout): the server serves it as any other, but it does not count as activity
 * and never slides the session's idle timeout (app/auth/session.server.ts). Anyone may send it:
 * it can only make their own session end sooner.
 */
export const AUTOMATIC_REQUEST_HEADER = "Samverkan-Automatic";
