import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { admissionControl } from "~/lib/admission.server";

/** A server whose page answers only when the test lets it, behind the admission control. */
async function serverWith(options: { concurrency: number; maxQueued: number; maxWaitMs: number }) {
  const holds: Array<() => void> = [];
  const started: string[] = [];
  const app = express();
  const admission = admissionControl({
    ...options,
    refuse: (_req, res, reason) => res.status(503).set("Retry-After", "5").send(reason),
  });
  app.use(admission);
  app.get("/page/:name", (req, res) => {
    started.push(req.params.name);
    holds.push(() => res.send(`answered ${req.params.name}`));
  });
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, holds, started, admission, close: () => server.close() };
}

async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe("admission control", () => {
  it("answers at most `concurrency` at once, lets the next wait in line, refuses beyond it with 503", async () => {
    const s = await serverWith({ concurrency: 1, maxQueued: 1, maxWaitMs: 60_000 });
    close = s.close;
    const first = fetch(`${s.base}/page/a`);
    await until(() => s.started.length === 1);
    const second = fetch(`${s.base}/page/b`);
    await until(() => s.admission.stats().queued === 1);
    const third = await fetch(`${s.base}/page/c`);
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe("5");
    expect(await third.text()).toBe("queue full");
    expect(s.started).toEqual(["a"]);
    s.holds[0]!();
    expect(await (await first).text()).toBe("answered a");
    await until(() => s.started.length === 2);
    expect(s.started).toEqual(["a", "b"]);
    s.holds[1]!();
    expect(await (await second).text()).toBe("answered b");
    expect(s.admission.stats()).toEqual({ inFlight: 0, queued: 0 });
  });

  it("refuses one that waited too long, and its place goes to the next", async () => {
    const s = await serverWith({ concurrency: 1, maxQueued: 5, maxWaitMs: 50 });
    close = s.close;
    const first = fetch(`${s.base}/page/a`);
    await until(() => s.started.length === 1);
    const waited = await fetch(`${s.base}/page/b`);
    expect(waited.status).toBe(503);
    expect(await waited.text()).toBe("waited too long");
    expect(s.admission.stats()).toEqual({ inFlight: 1, queued: 0 });
    s.holds[0]!();
    await first;
    const after = fetch(`${s.base}/page/c`);
    await until(() => s.started.length === 2);
    s.holds[1]!();
    expect((await after).status).toBe(200);
  });

  it("frees the place of a client that goes away", async () => {
    const s = await serverWith({ concurrency: 1, maxQueued: 1, maxWaitMs: 60_000 });
    close = s.close;
    const controller = new AbortController();
    const gone = fetch(`${s.base}/page/a`, { signal: controller.signal }).catch(() => "aborted");
    await until(() => s.started.length === 1);
    controller.abort();
    expect(await gone).toBe("aborted");
    await until(() => s.admission.stats().inFlight === 0);
    const next = fetch(`${s.base}/page/b`);
    await until(() => s.started.length === 2);
    s.holds[1]!();
    expect((await next).status).toBe(200);
  });
});
