/**
 * "Not found" as the one refusal for records outside the actor's scope: a module throws
 * NotFoundError for a record that does not exist and for one the actor may not see alike, and a
 * route's loader or action answers the 404 page for it (answerRefusalsInRoutes), so a guessed id
 * never confirms that something exists.
 */
import type { ServerBuild } from "@remix-run/node";
import { UUID } from "./uuid";

export class NotFoundError extends Error {
  constructor() {
    super("Not found");
  }
}

export function notFound(): Response {
  return new Response("Finns inte", { status: 404, statusText: "Not Found" });
}

type Handler = (...args: never[]) => unknown;

function answeringRefusals<F extends Handler | undefined>(handler: F): F {
  if (!handler) return handler;
  const guarded = async (...args: Parameters<NonNullable<F>>) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound();
      throw error;
    }
  };
  return guarded as unknown as F;
}

/**
 * The route boundary's one handler for NotFoundError: every route's loader and action answer
 * the 404 page when a module refuses, so no route wraps its module calls. server.ts applies it
 * to the build once at start (through entry.server, so the class is the build's own). A form
 * adapter's other answers, a redirect or a bad request, are results the route answers with
 * formResponse (read-form.server.ts).
 */
export function answerRefusalsInRoutes(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        loader: answeringRefusals(loader),
        action: answeringRefusals(action),
      },
    };
  }
  return { ...build, routes };
}

/** A route parameter that must be an opaque id; anything else is a page that does not exist. */
export function requireId(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value;
}
