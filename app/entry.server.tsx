import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { RequestInfoProvider } from "~/components/ui/request-info";
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
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ nonce, requestId: loadContext.requestId }}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </RequestInfoProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
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
    setTimeout(abort, ABORT_DELAY);
  });
}

// Details of an unexpected error go only to the server log, under the request id that the
// error page shows the user as its reference.
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
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

// Called by server.ts once the HTTP server listens: background work runs in the same process
// and on the same module instances as the routes (one database pool, one job queue).
export { startBackgroundWork, stopBackgroundWork } from "~/lib/background.server";
