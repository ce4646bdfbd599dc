/**
 * The built portal as a process of its own (dist/server.js, as `npm start` runs it), for
 * tests that meet it as an operator or a browser does: over HTTP, on a database of their own.
 * Needs the production build, `npm run build` (npm test builds it first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed/demo-users";
import { freePort } from "./postgres";

const root = path.resolve(import.meta.dirname, "../..");
/** Node's arguments that start a process on the test run's clock (test-clock.js). */
export const TEST_CLOCK = ["--import", path.join(import.meta.dirname, "test-clock.js")];

export interface PortalProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type Cleanups = (() => Promise<void> | void)[];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the portal and waits until it answers /healthz; `cleanups` gets its kill. */
export async function startPortalProcess(
  cleanups: Cleanups,
  env: Record<string, string>,
): Promise<PortalProcess> {
  const port = await freePort();
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  // Node itself, not npm start, so that signals reach the portal.
  const child = spawn(process.execPath, [...TEST_CLOCK, "--enable-source-maps", "dist/server.js"], {
    cwd: root,
    env: { ...inherited, NODE_ENV: "production", LOG_LEVEL: "info", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  const base = `http://localhost:${port}`;
  // Migrating and seeding a new database takes a while on a busy machine.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited at start:\n${output}`);
    const health = await fetch(`${base}/healthz`).catch(() => null);
    // Serving, and done starting (the job workers run too).
    if (health?.status === 200 && output.includes("Samverkansportalen is listening"))
      return { child, base, output: () => output, exited };
    await sleep(250);
  }
  throw new Error(`the portal did not answer /healthz:\n${output}`);
}

/** Logs a demo user in and returns the session cookie (name=value). */
export async function logIn(base: string, email: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base },
    body: new URLSearchParams({ email, password }),
  });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** A report of concern as the demo mentor's form posts it. */
export function demoReportForm(submissionKey: string, childName: string) {
  return new URLSearchParams({
    intent: "submit",
    submissionKey,
    childName,
    classYear: "8B",
    concern: "Eleven har sagt att det inte finns mat hemma.",
    observations: "Eleven är hungrig varje måndag.",
    observedWhen: "De senaste tre veckorna",
    observedBy: "Mentorn",
    guardiansInformed: "yes",
    reporterName: "Sara Holm",
    reporterRole: "Mentor",
    reporterPhone: "0611-34 10 15",
  });
}
