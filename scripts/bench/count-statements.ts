/**
 * A preload for a portal that does not log its statements per request (the `sql` field of its
 * `request` log line came with issue 15): `node --import tsx --import ./scripts/bench/count-statements.ts server.ts`
 * counts the pg queries each HTTP request makes and prints one JSON line per request,
 * `{"msg":"bench-sql","requestId":…,"sql":n}`. The runner starts such a portal only to count,
 * one request at a time, never for the timed runs: the counting itself costs a little.
 *
 * A query is the request's when it is started within the request's async context; queries of
 * the job queue, which runs outside any request, are not counted.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import pg from "pg";

const store = new AsyncLocalStorage<{ statements: number }>();

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const counter = store.getStore();
  if (counter) counter.statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const emit = http.Server.prototype.emit as (this: http.Server, ...args: unknown[]) => boolean;
http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
  if (event !== "request") return emit.call(this, event, ...args);
  const response = args[1] as http.ServerResponse;
  const counter = { statements: 0 };
  response.on("finish", () => {
    process.stdout.write(
      `${JSON.stringify({
        msg: "bench-sql",
        requestId: response.getHeader("x-request-id"),
        sql: counter.statements,
      })}\n`,
    );
  });
  return store.run(counter, () => emit.call(this, event, ...args));
} as typeof emit;
