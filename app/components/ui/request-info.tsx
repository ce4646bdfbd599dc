/**
 * Per-response facts the server renders into the page: the Content-Security-Policy nonce for
 * Remix's scripts, and the request id that an error page shows as its reference. In the
 * browser the id is read back from the page's <meta name="request-id">, and an outage from
 * <meta name="database-unavailable">.
 */
import { createContext, useContext } from "react";

export interface RequestInfo {
  nonce: string;
  requestId: string;
  /** The database could not be reached: the error page says so (and the status is 503). */
  databaseUnavailable?: boolean;
}

const RequestInfoContext = createContext<RequestInfo>({ nonce: "", requestId: "" });
export const RequestInfoProvider = RequestInfoContext.Provider;

export const useNonce = () => useContext(RequestInfoContext).nonce;

export function useRequestId(): string {
  const fromServer = useContext(RequestInfoContext).requestId;
  if (fromServer) return fromServer;
  if (typeof document === "undefined") return "";
  return document.querySelector('meta[name="request-id"]')?.getAttribute("content") ?? "";
}

/** Whether this error page answers a database outage; in the browser read from the page. */
export function useDatabaseUnavailable(): boolean {
  const fromServer = useContext(RequestInfoContext).databaseUnavailable;
  if (fromServer !== undefined) return fromServer;
  if (typeof document === "undefined") return false;
  return document.querySelector('meta[name="database-unavailable"]') !== null;
}
