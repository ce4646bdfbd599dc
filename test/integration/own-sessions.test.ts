/**
 * A person's own sessions under Mitt konto (/konto/sessioner), against the real database: the
 * live ones are listed (device, address, times, how they were authenticated, "this device"),
 * never with a session's id; one other session or all others can be ended; and nothing reaches
 * another person's session, whatever reference is posted.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { AuthenticationMethod } from "../../db/schema";
import { endOtherSessions, endOwnSession, listOwnSessions } from "~/auth/sessions.server";
import { getAuth, startSession, type SignIn } from "~/auth/session.server";
import { action as sessionsAction, loader as sessionsLoader } from "~/routes/konto_.sessioner";
import { addMembership, createDistrict, createSchool, createUser } from "../helpers/factories";

const CONTEXT = { requestId: "test", clientAddress: "127.0.0.1", nonce: "test" };
const WINDOWS_CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const MAC_FIREFOX =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";

const request = (cookie: string, init: RequestInit = {}, path = "/konto/sessioner") =>
  new Request(`http://localhost:3000${path}`, {
    ...init,
    headers: { Cookie: cookie.split(";")[0]!, ...(init.headers as Record<string, string>) },
  });

const idOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

function signIn(
  userAgent: string,
  clientAddress: string,
  methods: AuthenticationMethod[] = ["password", "totp"],
): SignIn {
  return { methods, secondFactor: true, clientAddress, userAgent };
}

async function person(role: "caseworker" | "mentor" = "caseworker") {
  const district = await createDistrict();
  const school = await createSchool({ districtId: district.id });
  const user = await createUser();
  await addMembership(user.id, role === "mentor" ? school.id : district.id, role);
  return user;
}

async function auth(cookie: string) {
  const found = await getAuth(request(cookie));
  if (!found) throw new Error("expected a live session");
  return found;
}

describe("a person's own sessions", () => {
  it("lists the live ones, this one first, by device, address, times and method, never by id", async () => {
    const user = await person();
    const t0 = new Date();
    const minutesAgo = (m: number) => new Date(t0.getTime() - m * 60_000);
    const phone = await startSession(user.id, null, signIn(IPHONE, "192.0.2.10"), minutesAgo(20));
    const mac = await startSession(
      user.id,
      null,
      signIn(MAC_FIREFOX, "192.0.2.11", ["password", "recoveryCode"]),
      minutesAgo(10),
    );
    // Idle for 40 minutes: past a caseworker's 30, no longer listed.
    const idle = await startSession(user.id, null, signIn(IPHONE, "192.0.2.12"), minutesAgo(40));
    const here = await startSession(user.id, null, signIn(WINDOWS_CHROME, "192.0.2.13"), t0);
    // Someone else's session is never listed.
    const other = await person();
    const theirs = await startSession(other.id, null, signIn(WINDOWS_CHROME, "192.0.2.99"), t0);

    const sessions = await listOwnSessions(await auth(here.cookie), t0);
    expect(
      sessions.map((s) => [s.current, s.device, s.clientAddress, s.authenticatedWith]),
    ).toEqual([
      [true, "Chrome på Windows", "192.0.2.13", "lösenord och kod från app"],
      [false, "Firefox på Mac", "192.0.2.11", "lösenord och reservkod"],
      [false, "Safari på iPhone", "192.0.2.10", "lösenord och kod från app"],
    ]);
    expect(sessions[2]!.startedAt).toEqual(minutesAgo(20));
    expect(sessions[2]!.lastSeenAt).toEqual(minutesAgo(20));
    // The page gets references, not the ids its cookies carry.
    const page = JSON.stringify(sessions);
    for (const cookie of [phone.cookie, mac.cookie, idle.cookie, here.cookie, theirs.cookie]) {
      expect(page).not.toContain(idOf(cookie));
    }
  });

  it("ends one other session by its reference, and not this one", async () => {
    const user = await person("mentor");
    const phone = await startSession(user.id, null, signIn(IPHONE, "192.0.2.20"));
    const here = await startSession(user.id, null, signIn(WINDOWS_CHROME, "192.0.2.21"));
    const me = await auth(here.cookie);
    const [current, other] = await listOwnSessions(me);
    expect(await endOwnSession(me, current!.ref)).toBe(false);
    expect(await endOwnSession(me, other!.ref)).toBe(true);
    expect(await getAuth(request(phone.cookie))).toBeNull();
    expect(await getAuth(request(here.cookie))).not.toBeNull();
    // Ended already: nothing more to end.
    expect(await endOwnSession(me, other!.ref)).toBe(false);
    expect(await endOwnSession(me, "not-a-reference")).toBe(false);
  });

  it("cannot end another person's session, whatever reference is posted", async () => {
    const mine = await person();
    const here = await startSession(mine.id, null, signIn(WINDOWS_CHROME, "192.0.2.30"));
    const theirs = await person();
    const their = await startSession(theirs.id, null, signIn(IPHONE, "192.0.2.31"));
    const theirRef = (await listOwnSessions(await auth(their.cookie)))[0]!.ref;
    const me = await auth(here.cookie);

    expect(await endOwnSession(me, theirRef)).toBe(false);
    expect(await endOtherSessions(me)).toBe(0);
    // Through the page as a browser posts it, with their reference (or their raw id).
    for (const session of [theirRef, idOf(their.cookie)]) {
      const answer = await sessionsAction({
        request: request(here.cookie, {
          method: "POST",
          body: new URLSearchParams({ intent: "end", session }),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        params: {},
        context: CONTEXT,
      });
      expect(answer).toEqual({ done: "notFound", count: 0 });
    }
    expect(await getAuth(request(their.cookie))).not.toBeNull();
    const left = await db
      .selectFrom("sessions")
      .select("id")
      .where("userId", "=", theirs.id)
      .execute();
    expect(left.map((row) => row.id)).toEqual([idOf(their.cookie)]);
  });

  it("ends every other session of the person at once, and only theirs", async () => {
    const user = await person();
    const others = await Promise.all(
      ["192.0.2.40", "192.0.2.41", "192.0.2.42"].map((address) =>
        startSession(user.id, null, signIn(IPHONE, address)),
      ),
    );
    const here = await startSession(user.id, null, signIn(WINDOWS_CHROME, "192.0.2.43"));
    const bystander = await person();
    const theirs = await startSession(bystander.id, null, signIn(IPHONE, "192.0.2.44"));

    const answer = await sessionsAction({
      request: request(here.cookie, {
        method: "POST",
        body: new URLSearchParams({ intent: "endOthers" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: {},
      context: CONTEXT,
    });
    expect(answer).toEqual({ done: "endedOthers", count: 3 });
    for (const other of others) expect(await getAuth(request(other.cookie))).toBeNull();
    expect(await getAuth(request(here.cookie))).not.toBeNull();
    expect(await getAuth(request(theirs.cookie))).not.toBeNull();

    const page = await sessionsLoader({
      request: request(here.cookie),
      params: {},
      context: CONTEXT,
    });
    expect(page.sessions.map((s) => s.current)).toEqual([true]);
  });

  it("refuses an unknown intent with 400 and ends nothing", async () => {
    const user = await person();
    const phone = await startSession(user.id, null, signIn(IPHONE, "192.0.2.50"));
    const here = await startSession(user.id, null, signIn(WINDOWS_CHROME, "192.0.2.51"));
    let status = 0;
    try {
      await sessionsAction({
        request: request(here.cookie, {
          method: "POST",
          body: new URLSearchParams({ intent: "endEveryone" }),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        params: {},
        context: CONTEXT,
      });
    } catch (error) {
      if (!(error instanceof Response)) throw error;
      status = error.status;
    }
    expect(status).toBe(400);
    expect(await getAuth(request(phone.cookie))).not.toBeNull();
  });
});
