/** Structured logs (pino). Child data never goes into a log line: log ids, not names. */
import { pino } from "pino";

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

export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { service: "samverkansportalen" },
  serializers: { err: serializeError },
  redact: {
    paths: ["password", "*.password", "req.headers.cookie", "headers.cookie"],
    censor: "[borttaget]",
  },
});

export type Logger = typeof logger;
