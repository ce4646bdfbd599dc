/**
 * "Not found" as the one refusal for records outside the actor's scope: a module throws
 * NotFoundError for a record that does not exist and for one the actor may not see alike, and a
 * route turns it into the 404 page, so a guessed id never confirms that something exists.
 */
import { UUID } from "./uuid";
export class NotFoundError extends Error {
  constructor() {
    super("Not found");
  }
}

export function notFound(): Response {
  return new Response("Finns inte", { status: 404, statusText: "Not Found" });
}

/** Runs a module call, answering 404 when the module refuses with NotFoundError. */
export async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
}

/** A route parameter that must be an opaque id; anything else is a page that does not exist. */
export function requireId(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value;
}
