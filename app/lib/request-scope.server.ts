/**
 * What belongs to one request and nothing else: how many SQL statements it ran (the request
 * log line says, and the statement-count tests and `npm run bench` read it) and what it has
 * already looked up once (the session behind its cookie), so that the root loader and the
 * page's loader do not ask the database the same thing twice.
 *
 * server.ts and the Remix build are two bundles with a module each; the storage lives on
 * globalThis under a registered symbol so both reach the same one.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  /** SQL statements sent to PostgreSQL while this request was being answered. */
  statements: number;
  /** Look-ups made once per request, by key (e.g. the session behind the cookie). */
  memo: Map<string, Promise<unknown>>;
}

const KEY = Symbol.for("samverkansportalen.request-scope");
const globalForScope = globalThis as typeof globalThis & {
  [KEY]?: AsyncLocalStorage<RequestScope>;
};
const storage = (globalForScope[KEY] ??= new AsyncLocalStorage<RequestScope>());

export function newRequestScope(): RequestScope {
  return { statements: 0, memo: new Map() };
}

/** Runs `fn` (and everything it starts) inside `scope`. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Called by the database client for every statement it sends. */
export function countStatement(): void {
  const scope = storage.getStore();
  if (scope) scope.statements++;
}

/**
 * The value of `load()` computed once per request under `key`; outside a request (a job, a
 * test calling a module directly) it is computed every time. A failed look-up is forgotten,
 * so a later caller in the same request tries again.
 */
export function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return load();
  const known = scope.memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  scope.memo.set(key, loading);
  loading.catch(() => {
    if (scope.memo.get(key) === loading) scope.memo.delete(key);
  });
  return loading;
}

/**
 * Runs `fn` in a scope of its own and returns its result with the number of SQL statements it
 * sent, for tests that prove a list costs a constant number of statements.
 */
export async function countStatements<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; statements: number }> {
  const scope = newRequestScope();
  const result = await storage.run(scope, fn);
  return { result, statements: scope.statements };
}
