/**
 * Remix's data requests from before single fetch (`?_data=`): no page of the portal sends one,
 * and Remix's legacy path answers them outside the portal's own ways (legacy JSON, or a 500 for
 * a loader's null read as a Response). The server refuses them before Remix; the single-fetch `.data` requests the
 * portal's own client makes are untouched. Needs the build.
 */
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseLegacyDataRequests } from "~/lib/legacy-data-requests.server";

const servers: Server[] = [];

async function serve(withRefusal: boolean): Promise<string> {
  const build = (await import(
    pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href
  )) as ServerBuild;
  const app = express();
  if (withRefusal) app.use(refuseLegacyDataRequests);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: () => ({ requestId: "test", nonce: "test", clientAddress: "127.0.0.1" }),
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

let bare: string;
let guarded: string;

beforeAll(async () => {
  // The legacy path's error lines are expected here, not wanted in the test output.
  process.env.LOG_LEVEL = "silent";
  bare = await serve(false);
  guarded = await serve(true);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("a ?_data request", () => {
  it("reaches Remix's legacy path when nothing refuses it (why the server must)", async () => {
    // A loader's data as legacy JSON (a loader's null there is read as a Response: a 500).
    const response = await fetch(`${bare}/login?_data=routes/login`, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-remix-response")).toBe("yes");
  });

  it("is refused with 404 before Remix, signed in or not, for any route id", async () => {
    for (const url of [
      "/login?_data=routes/login",
      "/barn?_data=routes/barn._index",
      "/barn?_data=root",
      "/?_data",
    ]) {
      const response = await fetch(`${guarded}${url}`, { redirect: "manual" });
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe("Sidan finns inte.");
    }
  });

  it("leaves the portal's own single-fetch requests and pages alone", async () => {
    expect((await fetch(`${guarded}/login`, { redirect: "manual" })).status).toBe(200);
    expect((await fetch(`${guarded}/login.data`, { redirect: "manual" })).status).toBe(200);
    // Signed out, a protected page's data is a redirect to the login page, as single fetch expects.
    const data = await fetch(`${guarded}/barn.data`, { redirect: "manual" });
    expect(data.status).toBe(202);
    expect(await data.text()).toContain("/login?redirectTo=%2Fbarn");
  });
});
