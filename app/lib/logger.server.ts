/** Structured logs (pino). Child data never goes into a log line: log ids, not names. */
import { pino, type DestinationStream } from "pino";
import pretty from "pino-pretty";

/**
 * Fields of a PostgreSQL error that quote the data of the row: "Key (…)=(200812…) already
 * exists", "Failing row contains (…)", the statement's context. The message, code, table and
 * constraint stay: they say what went wrong without saying about whom.
 */
const DATA_FIELDS = ["detail", "where", "internalQuery", "parameters"] as const;

function withoutRowData(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null || depth > 3) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of DATA_FIELDS) {
    if (field in copy) copy[field] = "[borttaget]";
  }
  if ("cause" in copy) copy.cause = withoutRowData(copy.cause, depth + 1);
  return copy;
}

export function serializeError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.err(error) : error;
  return withoutRowData(serialized);
}

/**
 * In a terminal the log is read by a person: pino-pretty prints it as lines of text, written
 * at once (sync, in this thread: a stop's last lines must not be lost in a worker at exit).
 * Anywhere else (a service, a pipe, the tests, the bench) it stays one JSON object a line, for
 * the machines that collect it.
 */
export function logDestination(): DestinationStream | undefined {
  if (!process.stdout.isTTY) return undefined;
  return pretty({ sync: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service" });
}

const options = {
  level: process.env.LOG_LEVEL || "info",
  base: { service: "samverkansportalen" },
  serializers: { err: serializeError },
  redact: {
    paths: ["password", "*.password", "req.headers.cookie", "headers.cookie"],
    censor: "[borttaget]",
  },
};
const destination = logDestination();
export const logger = destination ? pino(options, destination) : pino(options);
