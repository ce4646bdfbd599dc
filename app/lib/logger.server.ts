/** Structured logs (pino). Child data never goes into a log line: log ids, not names. */
import { pino } from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { service: "samverkansportalen" },
  redact: {
    paths: ["password", "*.password", "req.headers.cookie", "headers.cookie"],
    censor: "[borttaget]",
  },
});

export type Logger = typeof logger;
