import { Writable } from "node:stream";
import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { RequestInfoProvider } from "~/components/ui/request-info";
import { isDatabaseUnavailable } from "~db/client.server";
import { logger } from "~/lib/logger.server";
import { withoutTokens } from "~/lib/redact";

const ABORT_DELAY = 5_000;

export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = loadContext.nonce;
  const databaseUnavailable = Boolean(loadContext.databaseUnavailable) && responseStatusCode >= 500;
  if (databaseUnavailable) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "30");
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared once everything is rendered: left to run, it kept each page's render state
    // reachable for 5 s after the page was sent, thousands of pages under load.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    // The page is sent whole, in one write with its length, once React has finished it (the
    // portal defers no data, so waiting costs no time): streamed, React's 2 KB chunks went out
    // one write each, and those writes were the largest single cost of a small page.
    const respond = () => {
      shellRendered = true;
      const status = responseStatusCode;
      const chunks: Buffer[] = [];
      const sink = new Writable({
        // No "close" after "finish": React takes a close for a client gone away and ends the
        // stream again, which costs an error object with its stack for every page.
        emitClose: false,
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      sink.on("finish", () => {
        const body = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(body.byteLength));
        resolve(new Response(body, { headers: responseHeaders, status }));
      });
      pipe(sink);
    };
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ nonce, requestId: loadContext.requestId, databaseUnavailable }}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </RequestInfoProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) respond();
        },
        onAllReady() {
          clearTimeout(timer);
          if (waitForAll) respond();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) {
            logger.error({ err: error, requestId: loadContext.requestId }, "render error");
          }
        },
      },
    );
  });
}

// Details of an unexpected error go only to the server log, under the request id that the
// error page shows the user as its reference.
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    // An outage, not a fault of this request: the answer becomes a 503 (see handleRequest and
    // handleDataRequest), and one warn line says so without the stack.
    context.databaseUnavailable = true;
    logger.warn(
      {
        requestId: context.requestId,
        method: request.method,
        path: withoutTokens(new URL(request.url).pathname),
        reason: error instanceof Error ? error.message : String(error),
      },
      "database unavailable",
    );
    return;
  }
  logger.error(
    {
      err: error,
      requestId: context.requestId,
      method: request.method,
      path: withoutTokens(new URL(request.url).pathname),
    },
    "unhandled error",
  );
};

// Data requests of client-side navigation: an outage is a 503 there too.
export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  if (!context.databaseUnavailable || response.status < 500) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", "30");
  return new Response(response.body, { status: 503, headers });
};

// Called by server.ts before the HTTP server listens: background work runs in the same process
// and on the same module instances as the routes (one database pool, one job queue).
export { startBackgroundWork, stopBackgroundWork } from "~/background.server";
// Called by server.ts on the build before it serves: a module's NotFoundError is the 404 page.
export { answerRefusalsInRoutes } from "~/lib/not-found.server";
