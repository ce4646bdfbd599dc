/**
 * `npm run bench`: the portal against the floor (floor.ts) at national scale (issue 15).
 *
 * Builds (or reuses) the benchmark database (generate.ts), builds the portal if its build is
 * missing or older than the sources, starts the built portal in production mode and the floor
 * as child processes on that database, logs the demo users in over HTTP (the portal's session
 * cookie works for the floor too), and loads every page with autocannon: one connection, then
 * 50, the portal and the floor alternating. Then it measures first-load JavaScript (gzip) of
 * /login and the start pages, and the start-up time of `npm start` on a fresh embedded database.
 * It prints a Markdown table and writes it to scripts/bench/results/<date>-<commit>-<scale>.md.
 *
 *   npm run bench -- [--scale=tenth|national] [--duration=15] [--pages=skolkort]
 *                    [--fresh] [--server=postgres://…] [--no-startup] [--no-js]
 *
 * Not part of `npm test`: it takes minutes and its figures depend on the machine.
 */
import autocannon from "autocannon";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { DEMO_PASSWORD } from "../seed/seed";
import { demoTotpSecret, nextTotpCode } from "../seed/demo-users";
import { DEFAULT_SERVER, ensureBenchDatabase } from "./generate";
import { parseScale } from "./scale";
import { format } from "prettier";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CONCURRENCIES = [1, 50];
const POOL_SIZE = 10; // the portal's pool (db/client.server.ts); the floor gets the same.

interface BenchPage {
  path: string;
  user: string;
  label: string;
  /**
   * false: no floor page; the goal is the portal's own server time (the follow-up's figures,
   * issue 18: at most 200 ms). Its essential SQL is the page's aggregate statements, which a floor
   * would only repeat.
   */
  floor?: false;
}

const PAGES: BenchPage[] = [
  { path: "/skola", user: "rektor@demo.test", label: "principal" },
  { path: "/skolkort", user: "rektor@demo.test", label: "principal" },
  { path: "/skolkort", user: "handlaggare@demo.test", label: "caseworker" },
  { path: "/barn", user: "handlaggare@demo.test", label: "caseworker" },
  { path: "/handlaggare", user: "handlaggare@demo.test", label: "caseworker" },
  { path: "/mottagning", user: "mottagning@demo.test", label: "intake" },
  { path: "/mottagning/anmalningar", user: "mottagning@demo.test", label: "intake" },
  { path: "/ledning", user: "chef@demo.test", label: "district manager" },
  {
    path: "/overenskommelser/oversikt",
    user: "grundskolechef@demo.test",
    label: "education manager",
  },
  { path: "/ledning", user: "grundskolechef@demo.test", label: "education manager" },
  { path: "/uppfoljning", user: "rektor@demo.test", label: "principal", floor: false },
  { path: "/uppfoljning", user: "chef@demo.test", label: "district manager", floor: false },
  {
    path: "/uppfoljning",
    user: "grundskolechef@demo.test",
    label: "education manager",
    floor: false,
  },
];

/** The start page of each logged-in user, for the first-load JavaScript. */
const START_PAGES = [
  { path: "/skola", user: "rektor@demo.test" },
  { path: "/handlaggare", user: "handlaggare@demo.test" },
  { path: "/mottagning", user: "mottagning@demo.test" },
  { path: "/ledning", user: "chef@demo.test" },
];

function parseArgs(argv: string[]) {
  const args = new Map<string, string>();
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, "").split("=");
    args.set(key!, value ?? "true");
  }
  return {
    scale: parseScale(args.get("scale")),
    duration: Number(args.get("duration") ?? 15),
    pages: args.get("pages") ?? "",
    fresh: args.get("fresh") === "true",
    server: args.get("server") ?? process.env.BENCH_DATABASE_SERVER ?? DEFAULT_SERVER,
    startup: args.get("no-startup") !== "true",
    js: args.get("no-js") !== "true",
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, "close");
  return port;
}

/** Waits for the portal's first follow-up count (rollup.server.ts); how long it took, in ms. */
async function waitForFollowUpCount(url: string): Promise<number> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    while (Date.now() - started < 15 * 60_000) {
      const state = await client.query("select 1 from follow_up_rollup");
      if (state.rowCount) return Date.now() - started;
      await sleep(500);
    }
    throw new Error("The portal made no follow-up count in 15 minutes.");
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

interface Child {
  process: ChildProcess;
  url: string;
  /** SQL statements by request id, from the portal's request log lines. */
  statements: Map<string, number | null>;
  output: string[];
}

function startChild(
  script: string,
  env: Record<string, string | undefined>,
  port: number,
  preloads: string[] = [],
): Child {
  const imports = ["tsx", ...preloads].flatMap((p) => ["--import", p]);
  const child = spawn(process.execPath, [...imports, script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const result: Child = {
    process: child,
    url: `http://127.0.0.1:${port}`,
    statements: new Map(),
    output: [],
  };
  let buffered = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      // Only the request lines are kept, by id: under load there are many.
      if (line.includes('"msg":"request"') || line.includes('"msg":"bench-sql"')) {
        try {
          const entry = JSON.parse(line) as { requestId?: string; sql?: number };
          if (entry.requestId && result.statements.size < 100) {
            const sql = typeof entry.sql === "number" ? entry.sql : null;
            if (sql !== null || !result.statements.has(entry.requestId)) {
              result.statements.set(entry.requestId, sql);
            }
          }
        } catch {
          // not JSON: ignore
        }
      } else if (result.output.length < 200) result.output.push(line);
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    if (result.output.length < 200) result.output.push(chunk.trimEnd());
  });
  return result;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url}/healthz did not answer 200 within ${timeoutMs / 1000} s`);
}

/**
 * Waits until the database has no query running and the server answers /healthz at once: a
 * server given more than it could answer keeps working on it after autocannon has gone, and the
 * next run must not pay for the last one's queue.
 */
async function waitUntilIdle(urls: string[], databaseUrl: string, log: (message: string) => void) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    let quiet = 0;
    while (quiet < 2 && Date.now() - started < 300_000) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()
           and backend_type = 'client backend'`,
      );
      // Both servers: one still rendering a page it was given (CPU, no query) slows the other.
      let healthy = true;
      for (const url of urls) {
        const at = performance.now();
        try {
          const response = await fetch(`${url}/healthz`);
          await response.arrayBuffer();
          healthy &&= response.ok && performance.now() - at < 100;
        } catch {
          healthy = false; // busy or restarting
        }
      }
      quiet = rows[0]!.n === 0 && healthy ? quiet + 1 : 0;
      if (quiet < 2) await sleep(500);
    }
  } finally {
    await client.end();
  }
  if (Date.now() - started > 3_000) {
    log(`  (waited ${((Date.now() - started) / 1000).toFixed(0)} s for the servers to be idle)`);
  }
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// The portal's build
// ---------------------------------------------------------------------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(log: (message: string) => void) {
  const built = path.join(root, "build", "index.js");
  const stale =
    !existsSync(built) ||
    !existsSync(path.join(root, "public", "build")) ||
    newestMtime(path.join(root, "app")) > statSync(built).mtimeMs;
  if (!stale) return;
  log("Building the portal (npm run build)…");
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}

// ---------------------------------------------------------------------------------------------
// Logging in
// ---------------------------------------------------------------------------------------------

async function login(portalUrl: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await fetch(`${portalUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: portalUrl,
      },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "" }).toString(),
    });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .find((c) => c.startsWith("samverkan_session=") && c.length > "samverkan_session=".length);
    if (cookie && response.headers.get("location")?.startsWith("/login/kod")) {
      return secondStep(portalUrl, email, cookie);
    }
    if (cookie) return cookie;
    // The login throttle counts failures only; a failure here is a wrong setup, said plainly.
    const text = await response.text();
    if (response.status !== 503) {
      throw new Error(`Login as ${email} failed (${response.status}): ${text.slice(0, 300)}`);
    }
    await sleep(2_000);
  }
  throw new Error(`Login as ${email}: the portal answered 503 three times`);
}

/** The 30-second step of the last code this run gave for each demo user: a code works once. */
const usedSteps = new Map<string, bigint>();

/** The code step of a demo user with an app (scripts/seed/demo-users.ts): the session it gives. */
async function secondStep(portalUrl: string, email: string, pending: string): Promise<string> {
  const { code, step } = await nextTotpCode(
    async () => usedSteps.get(email) ?? null,
    demoTotpSecret(email),
  );
  usedSteps.set(email, step);
  const response = await fetch(`${portalUrl}/login/kod`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: portalUrl,
      cookie: pending,
    },
    body: new URLSearchParams({ method: "totp", code, redirectTo: "" }).toString(),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("samverkan_session=") && c.length > "samverkan_session=".length);
  if (!cookie) throw new Error(`The code step for ${email} failed (${response.status})`);
  return cookie;
}

// ---------------------------------------------------------------------------------------------
// Loading a page
// ---------------------------------------------------------------------------------------------

interface LoadResult {
  p50: number;
  p95: number;
  p99: number;
  okPerSecond: number;
  requests: number;
  ok: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(
  url: string,
  headers: Record<string, string>,
  connections: number,
  duration: number,
): Promise<LoadResult> {
  const times: number[] = [];
  let ok = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration, headers, timeout: 30, pipelining: 1 },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok++;
    });
  });
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    okPerSecond: ok / duration,
    requests: times.length,
    ok,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * For a portal whose request log has no `sql` field: a second portal with the counting preload
 * (count-statements.ts), each page loaded alone, after the timed runs.
 */
async function countStatements(
  databaseUrl: string,
  results: PageResult[],
  log: (message: string) => void,
) {
  log("The portal logs no statement counts; counting them with a preload…");
  const portal = startChild(
    "server.ts",
    {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "info",
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    },
    await freePort(),
    ["./scripts/bench/count-statements.ts"],
  );
  try {
    await waitForHealth(portal.url, portal.process, 120_000);
    const cookies = new Map<string, string>();
    for (const r of results) {
      if (r.sqlPortal !== null) continue;
      let cookie = cookies.get(r.page.user);
      if (!cookie) {
        cookie = await login(portal.url, r.page.user);
        cookies.set(r.page.user, cookie);
      }
      // The second load counts: the first after a login may do once-only work.
      let counted: number | null = null;
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${portal.url}${r.page.path}`, { headers: { cookie } });
        await response.arrayBuffer();
        await sleep(200);
        counted = portal.statements.get(response.headers.get("x-request-id") ?? "") ?? null;
        portal.statements.clear();
      }
      r.sqlPortal = counted;
      r.sqlSource = counted === null ? null : "preload";
    }
  } finally {
    await stopChild(portal.process);
  }
}

// ---------------------------------------------------------------------------------------------
// First-load JavaScript and start-up
// ---------------------------------------------------------------------------------------------

async function firstLoadJs(portalUrl: string, cookie: string | null, pagePath: string) {
  const response = await fetch(`${portalUrl}${pagePath}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  const html = await response.text();
  const hrefs = new Set<string>();
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const tag = match[0];
    if (tag.startsWith("<link") && !/rel="modulepreload"/.test(tag)) continue;
    const href = /(?:src|href)="(\/build\/[^"]+\.js)"/.exec(tag)?.[1];
    if (href) hrefs.add(href);
  }
  // Module scripts inlined by Remix import the entry and route modules too.
  for (const match of html.matchAll(/import[^"']*["'](\/build\/[^"']+\.js)["']/g)) {
    hrefs.add(match[1]!);
  }
  let gzip = 0;
  let raw = 0;
  for (const href of hrefs) {
    const file = readFileSync(path.join(root, "public", href));
    raw += file.length;
    gzip += gzipSync(file).length;
  }
  return { status: response.status, files: hrefs.size, raw, gzip };
}

async function startupTime(log: (message: string) => void): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "samverkan-bench-start-"));
  // As root the embedded PostgreSQL runs as an unprivileged user, who must reach its folder.
  chmodSync(dir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      EMBEDDED_PG_DIR: path.join(dir, "postgres"),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, child, 180_000);
    return Date.now() - started;
  } catch (error) {
    log(`Start-up failed: ${String(error)}\n${stderr.slice(-2000)}`);
    return NaN;
  } finally {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : "–");
const rate = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : "–";
const kb = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(0)} KB`;

interface JsResult {
  page: string;
  user: string;
  status: number;
  files: number;
  raw: number;
  gzip: number;
}

interface PageResult {
  page: BenchPage;
  htmlBytes: number;
  status: number;
  floorStatus: number;
  sqlPortal: number | null;
  /** Where sqlPortal comes from: the portal's own log line, or the counting preload. */
  sqlSource: "log" | "preload" | null;
  sqlFloor: number | null;
  runs: Record<number, { portal: LoadResult; floor: LoadResult | null }>;
}

function machineInfo(postgresVersion: string) {
  let commit = "unknown";
  let portalCommit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).toString().trim();
    // The last commit that changed the portal itself: a bench-only commit measures the same.
    portalCommit = execFileSync(
      "git",
      ["log", "-1", "--format=%h", "--", "app", "db", "server.ts", "remix.config.js"],
      { cwd: root },
    )
      .toString()
      .trim();
    dirty =
      execFileSync("git", ["status", "--porcelain", "--", "app", "db", "server.ts"], { cwd: root })
        .toString()
        .trim() !== "";
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    commit,
    portalCommit,
    dirty,
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres: postgresVersion,
    load: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" "),
  };
}

function report(input: {
  scale: string;
  duration: number;
  database: string;
  generation: string;
  machine: ReturnType<typeof machineInfo>;
  results: PageResult[];
  js: JsResult[];
  startupMs: number | null;
  date: string;
}) {
  const m = input.machine;
  const lines = [
    `# Benchmark: portal against the floor, ${input.scale} scale`,
    "",
    `Commit \`${m.commit}\` (the portal's code as of \`${m.portalCommit}\`)` +
      `${m.dirty ? ", with uncommitted changes" : ""}, ${input.date}. ` +
      `${m.cores} cores (${m.cpu}), ${m.memory}, Node ${m.node}, ${m.postgres}. ` +
      `Load average at the end: ${m.load}.`,
    "",
    `Database \`${input.database}\` (${input.generation}). Each run lasts ${input.duration} s; ` +
      `the portal and the floor alternate; both have a pool of ${POOL_SIZE} connections; ` +
      `autocannon's timeout is 30 s. Latencies in ms; "ok req/s" counts 2xx answers only.`,
    "",
    "| Page (user) | SQL statements portal / floor | HTML | 1 user p50 portal / floor | 50 users p95 portal / floor | 50 users ok req/s portal / floor | 50 users errors, timeouts, non-2xx (portal / floor) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of input.results) {
    const one = r.runs[1];
    const many = r.runs[50];
    const problems = (l?: LoadResult) => (l ? `${l.errors}, ${l.timeouts}, ${l.non2xx}` : "–");
    lines.push(
      `| \`${r.page.path}\` (${r.page.label}) | ${r.sqlPortal ?? "–"}${r.sqlSource === "preload" ? "*" : ""} / ${r.sqlFloor ?? "–"} | ${kb(r.htmlBytes)}${r.status !== 200 ? ` (HTTP ${r.status})` : ""} | ` +
        (one
          ? one.floor
            ? `${ms(one.portal.p50)} / ${ms(one.floor.p50)} (${ratio(one.portal.p50, one.floor.p50)})`
            : `${ms(one.portal.p50)} / no floor`
          : "–") +
        " | " +
        (many
          ? many.floor
            ? `${ms(many.portal.p95)} / ${ms(many.floor.p95)} (${ratio(many.portal.p95, many.floor.p95)}) | ` +
              `${rate(many.portal.okPerSecond)} / ${rate(many.floor.okPerSecond)} (${ratio(many.floor.okPerSecond, many.portal.okPerSecond)} less) | ` +
              `${problems(many.portal)} / ${problems(many.floor)}`
            : `${ms(many.portal.p95)} / no floor | ${rate(many.portal.okPerSecond)} / no floor | ${problems(many.portal)} / –`
          : "– | – | –") +
        " |",
    );
  }
  lines.push(
    "",
    ...(input.results.some((r) => r.sqlSource === "preload")
      ? [
          "\\* Counted by the runner's preload (count-statements.ts): this portal does not log its statements per request.",
          "",
        ]
      : []),
    "Ratios: portal ÷ floor for latency; floor ÷ portal for throughput (how many times fewer " +
      "answers the portal gives). Goal (issue 15): p95 at 50 users ≤ 2× the floor's, throughput " +
      "≥ half the floor's, no errors. Pages with no floor (the follow-up): goal (issue 18) " +
      "1 user p50 ≤ 200 ms of server time.",
    "",
    "## Every run",
    "",
    "| Page (user) | server | connections | p50 | p95 | p99 | ok req/s | requests | errors | timeouts | non-2xx |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const r of input.results) {
    for (const c of CONCURRENCIES) {
      const run = r.runs[c];
      if (!run) continue;
      for (const [server, l] of [
        ["portal", run.portal],
        ["floor", run.floor],
      ] as const) {
        if (!l) continue;
        lines.push(
          `| \`${r.page.path}\` (${r.page.label}) | ${server} | ${c} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${rate(l.okPerSecond)} | ${l.requests} | ${l.errors} | ${l.timeouts} | ${l.non2xx} |`,
        );
      }
    }
  }
  if (input.js.length > 0) {
    lines.push(
      "",
      "## First-load JavaScript",
      "",
      "The `<script>` and `modulepreload` files under /build/ a page loads, each gzipped (zlib's default level) and summed.",
      "",
      "| Page | files | raw | gzip |",
      "|---|---|---|---|",
      ...input.js.map(
        (j) =>
          `| \`${j.page}\`${j.user ? ` (${j.user})` : ""}${j.status !== 200 ? ` (HTTP ${j.status})` : ""} | ${j.files} | ${kb(j.raw)} | ${kb(j.gzip)} |`,
      ),
    );
  }
  if (input.startupMs !== null) {
    lines.push(
      "",
      "## Start-up",
      "",
      `\`node --import tsx server.ts\` (as \`npm start\` runs it, after its build) with no DATABASE_URL, on a new embedded database folder: ` +
        `${Number.isFinite(input.startupMs) ? `${(input.startupMs / 1000).toFixed(1)} s` : "failed"} to the first \`/healthz\` 200 ` +
        "(initdb, migrations and the demo seed included).",
    );
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (message: string) => console.log(message);
  const pages = PAGES.filter(
    (p) => !options.pages || options.pages.split(",").some((f) => p.path.includes(f)),
  );

  const database = await ensureBenchDatabase({
    serverUrl: options.server,
    scale: options.scale,
    fresh: options.fresh,
    log,
  });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const postgresVersion = (await client.query("select version()")).rows[0].version.split(" on ")[0];
  // The follow-up's night count is made again by the portal as it starts (a database without
  // one gets one at once), so that the pages read a count of this commit's definitions.
  await client.query("delete from follow_up_rollup");
  await client.end();

  buildIfNeeded(log);
  const [portalPort, floorPort] = [await freePort(), await freePort()];
  const portal = startChild(
    "server.ts",
    {
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "info",
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    },
    portalPort,
  );
  const floor = startChild(
    "scripts/bench/floor.ts",
    { DATABASE_URL: database.url, POOL_SIZE: String(POOL_SIZE) },
    floorPort,
  );
  const results: PageResult[] = [];
  const js: JsResult[] = [];
  try {
    try {
      await Promise.all([
        waitForHealth(portal.url, portal.process, 120_000),
        waitForHealth(floor.url, floor.process, 60_000),
      ]);
    } catch (error) {
      log([...portal.output, ...floor.output].join("\n"));
      throw error;
    }
    log(`Portal ${portal.url}, floor ${floor.url}.`);
    const countMs = await waitForFollowUpCount(database.url);
    log(
      `The follow-up's night count, made at the portal's start, took ${(countMs / 1000).toFixed(1)} s.`,
    );
    const servers = [portal.url, floor.url];
    const cookies = new Map<string, string>();
    for (const user of new Set([...pages.map((p) => p.user), ...START_PAGES.map((p) => p.user)])) {
      cookies.set(user, await login(portal.url, user));
    }

    // First-load JavaScript first, while the portal is fresh.
    if (options.js) {
      js.push({ page: "/login", user: "", ...(await firstLoadJs(portal.url, null, "/login")) });
      for (const start of START_PAGES) {
        js.push({
          page: start.path,
          user: start.user,
          ...(await firstLoadJs(portal.url, cookies.get(start.user)!, start.path)),
        });
      }
    }

    for (const page of pages) {
      const cookie = cookies.get(page.user)!;
      await waitUntilIdle(servers, database.url, log);
      // One load each first: the sizes, the statements, and a warm-up.
      const first = await fetch(`${portal.url}${page.path}`, {
        headers: { cookie },
        redirect: "manual",
      });
      const html = await first.arrayBuffer();
      const requestId = first.headers.get("x-request-id") ?? "";
      const floorFirst =
        page.floor === false
          ? null
          : await fetch(`${floor.url}${page.path}`, {
              headers: { cookie, "x-pad-to": String(html.byteLength) },
            });
      await floorFirst?.arrayBuffer();
      await sleep(200);
      const result: PageResult = {
        page,
        htmlBytes: html.byteLength,
        status: first.status,
        floorStatus: floorFirst?.status ?? 0,
        sqlPortal: portal.statements.get(requestId) ?? null,
        sqlSource: portal.statements.get(requestId) != null ? "log" : null,
        sqlFloor: Number(floorFirst?.headers.get("x-sql-statements") ?? NaN) || null,
        runs: {},
      };
      portal.statements.clear();
      log(
        `${page.path} (${page.user}): portal HTTP ${first.status}, ${kb(html.byteLength)}, ` +
          `${result.sqlPortal ?? "–"} statements; ` +
          (floorFirst
            ? `floor HTTP ${floorFirst.status}, ${result.sqlFloor} statements`
            : "no floor"),
      );
      for (const connections of CONCURRENCIES) {
        await waitUntilIdle(servers, database.url, log);
        const portalRun = await load(
          `${portal.url}${page.path}`,
          { cookie },
          connections,
          options.duration,
        );
        let floorRun: LoadResult | null = null;
        if (page.floor !== false) {
          await waitUntilIdle(servers, database.url, log);
          floorRun = await load(
            `${floor.url}${page.path}`,
            { cookie, "x-pad-to": String(html.byteLength) },
            connections,
            options.duration,
          );
        }
        result.runs[connections] = { portal: portalRun, floor: floorRun };
        const f = floorRun;
        log(
          `  ${connections} connection(s): p50 ${ms(portalRun.p50)} / ${f ? ms(f.p50) : "–"} ms, ` +
            `p95 ${ms(portalRun.p95)} / ${f ? ms(f.p95) : "–"} ms, ok req/s ` +
            `${rate(portalRun.okPerSecond)} / ${f ? rate(f.okPerSecond) : "–"}, errors ` +
            `${portalRun.errors + portalRun.timeouts + portalRun.non2xx} / ` +
            `${f ? f.errors + f.timeouts + f.non2xx : "–"}`,
        );
      }
      results.push(result);
    }
  } finally {
    await Promise.all([stopChild(portal.process), stopChild(floor.process)]);
  }

  if (results.some((r) => r.sqlPortal === null && r.status === 200)) {
    await countStatements(database.url, results, log);
  }
  const startupMs = options.startup ? await startupTime(log) : null;
  const date = new Date().toISOString().slice(0, 10);
  const machine = machineInfo(postgresVersion);
  const markdown = report({
    scale: options.scale.name,
    duration: options.duration,
    database: database.name,
    generation:
      database.generatedMs === null
        ? `reused: ${database.marker.replace(/^[^:]*: /, "")}`
        : `generated now in ${(database.generatedMs / 1000).toFixed(0)} s`,
    machine,
    results,
    js,
    startupMs,
    date,
  });
  console.log(`\n${markdown}`);
  const dir = path.join(root, "scripts", "bench", "results");
  mkdirSync(dir, { recursive: true });
  // A run of some pages only says so in its name, so that it never passes for a whole run.
  const only = options.pages
    ? `-only-${options.pages.replace(/[^a-z0-9,]/gi, "").replace(/,/g, "-")}`
    : "";
  const file = path.join(dir, `${date}-${machine.commit}-${options.scale.name}${only}.md`);
  // In the project's own style, so that a committed table passes `npm run lint`.
  writeFileSync(file, await format(markdown, { parser: "markdown" }));
  console.log(`Written to ${path.relative(root, file)}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
