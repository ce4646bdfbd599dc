import { COMPLETE_SIGN_IN } from "../helpers/sign-in";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  getAuth,
  requireActor,
  requireMembership,
  startSession,
  endSession,
} from "~/auth/session.server";
import { countStatements } from "~/lib/request-scope.server";
import { addMembership, createDistrict, createSchool, createUser } from "../helpers/factories";

function requestWith(cookie: string, path = "/skola") {
  const value = cookie.split(";")[0]!;
  return new Request(`http://localhost:3000${path}`, { headers: { Cookie: value } });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describe("sessions", () => {
  it("gives a new session id at every login and ends the previous one", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const first = await startSession(user.id, null, COMPLETE_SIGN_IN);
    const firstId = first.cookie.split(";")[0]!.split("=")[1]!;
    const second = await startSession(user.id, firstId, COMPLETE_SIGN_IN);
    expect(second.cookie).not.toBe(first.cookie);
    expect(await getAuth(requestWith(first.cookie))).toBeNull();
    expect((await getAuth(requestWith(second.cookie)))?.user.id).toBe(user.id);
    expect(first.landing).toBe("/handlaggare");
  });

  it("reads the session, its user and memberships in one statement, once per request", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    const request = requestWith(cookie, "/handlaggare");
    // The first read slides the idle expiry (an update at most once a minute); then the root
    // loader and the page's loaders of one request share one read.
    await getAuth(request);
    const { result, statements } = await countStatements(async () => {
      const [root, page] = await Promise.all([getAuth(request), requireActor(request)]);
      await requireMembership(request, "caseworker");
      return { root, page };
    });
    expect(statements).toBe(1);
    expect(result.root?.memberships.map((m) => m.organisationId)).toEqual([district.id]);
    expect(result.page.membership.organisationId).toBe(district.id);
    // The next request asks again: a session ended meanwhile is not trusted from memory.
    const next = await countStatements(() => getAuth(requestWith(cookie, "/barn")));
    expect(next.statements).toBe(1);
    expect(next.result?.user.id).toBe(user.id);
  });

  it("sets an http-only, SameSite=Lax cookie without Secure on plain http", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "intakeOfficer");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("sets a browser-session cookie: no Max-Age or Expires outliving the idle timeout", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    expect(cookie).toMatch(/^samverkan_session=[^;]+;/);
    expect(cookie).not.toMatch(/Max-Age/i);
    expect(cookie).not.toMatch(/Expires/i);
  });

  it("ends a session that has been idle past its expiry", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    expect(await getAuth(requestWith(cookie))).not.toBeNull();
    await db
      .updateTable("sessions")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("userId", "=", user.id)
      .execute();
    expect(await getAuth(requestWith(cookie))).toBeNull();
    const redirect = await thrown(requireActor(requestWith(cookie, "/handlaggare")));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/login?redirectTo=%2Fhandlaggare");
  });

  it("logging out ends the session in the database", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    const blank = await endSession(requestWith(cookie));
    expect(blank).toMatch(/Max-Age=0/i);
    expect(await getAuth(requestWith(cookie))).toBeNull();
  });

  it("sends a user with two organisations to choose, then acts for the chosen one", async () => {
    const district = await createDistrict();
    const schoolA = await createSchool({ districtId: district.id });
    const schoolB = await createSchool({ districtId: district.id });
    const user = await createUser();
    await addMembership(user.id, schoolA.id, "studentHealth");
    const atB = await addMembership(user.id, schoolB.id, "studentHealth");
    const { cookie, landing } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    expect(landing).toBe("/valj-organisation");
    const choose = await thrown(requireActor(requestWith(cookie)));
    expect(choose.headers.get("Location")).toBe("/valj-organisation");

    await db
      .updateTable("sessions")
      .set({ activeMembershipId: atB.id })
      .where("userId", "=", user.id)
      .execute();
    const actor = await requireActor(requestWith(cookie));
    expect(actor.membership.organisationId).toBe(schoolB.id);
  });

  it("refuses a role that may not use the page with 403", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const user = await createUser();
    await addMembership(user.id, school.id, "mentor");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    const refusal = await thrown(requireMembership(requestWith(cookie, "/admin"), "admin"));
    expect(refusal.status).toBe(403);
    const actor = await requireMembership(requestWith(cookie), "principal", "mentor");
    expect(actor.membership.role).toBe("mentor");
  });

  it("no longer lets an ended membership act", async () => {
    const district = await createDistrict();
    const user = await createUser();
    const membership = await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    await db
      .updateTable("memberships")
      .set({ endedAt: new Date() })
      .where("id", "=", membership.id)
      .execute();
    const response = await thrown(requireActor(requestWith(cookie)));
    expect(response.headers.get("Location")).toBe("/ingen-behorighet");
  });
});
