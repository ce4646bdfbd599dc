/**
 * Step-up before the acts that reach further into a child's data (issue 17): revealing the whole
 * identity number (the child's page and its edit page) and taking a log extract (the district
 * manager's page and CSV, the administrator's search and CSV). The route loaders and actions run
 * as a request does, behind a real session cookie whose authentication is ten minutes old, for
 * people with an authenticator app (and one without). Asserted: an old session gets the gate and
 * neither the number nor the extract (nor their audit events); the right code lets the act
 * through and renews the session; a wrong code, or the password from someone with an app, does
 * not; and someone who may not see the child still gets 404, never the gate.
 */
import { generateHOTP } from "@oslojs/otp";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, describe, expect, it } from "vitest";
import { startTotpEnrolment, totpStep, verifyTotpCode } from "~/auth/second-factor.server";
import { startSession, type Actor } from "~/auth/session.server";
import { STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import { formatPersonalIdentityNumber } from "~/lib/personal-identity-number";
import * as adminExtract from "~/routes/admin.logguttag";
import * as adminExtractCsv from "~/routes/admin.logguttag[.]csv";
import * as childPage from "~/routes/barn.$childId._index";
import * as childExtract from "~/routes/barn.$childId.logg";
import * as childExtractCsv from "~/routes/barn.$childId.logg[.]csv";
import * as editPage from "~/routes/barn.$childId.redigera";
import { db } from "../../db/client.server";
import { TEST_PASSWORD } from "../helpers/factories";
import { COMPLETE_SIGN_IN } from "../helpers/sign-in";
import { childOf, districtAndNeighbour, educationWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const CLIENT = "10.77.0.1";
const context = { requestId: "test", clientAddress: CLIENT, nonce: "test" };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** An authenticator app for the person, confirmed a minute ago; the code it shows at a moment. */
async function enrolApp(actor: Actor) {
  const confirmedAt = minutesAgo(1);
  await startTotpEnrolment(actor.user, confirmedAt);
  const { secret } = await db
    .selectFrom("totpFactors")
    .select("secret")
    .where("userId", "=", actor.user.id)
    .executeTakeFirstOrThrow();
  const codeAt = (moment: Date) => generateHOTP(secret, totpStep(moment), 6);
  const confirmed = await verifyTotpCode(actor.user, codeAt(confirmedAt), CLIENT, {
    now: confirmedAt,
    enrolling: true,
  });
  expect(confirmed.outcome).toBe("valid");
  return {
    /** The code the app shows now. */
    code: () => codeAt(new Date()),
    /** A code of ten minutes ahead: six digits the portal does not take now. */
    wrongCode: () => codeAt(new Date(Date.now() + 10 * 60_000)),
  };
}

/** A session as after a complete login ten minutes ago: old enough to need a step-up. */
async function oldSession(actor: Actor) {
  const { cookie } = await startSession(actor.user.id, null, COMPLETE_SIGN_IN, minutesAgo(10));
  const value = cookie.split(";")[0]!;
  return { cookie: value, id: value.split("=")[1]! };
}

async function authenticatedAt(sessionId: string) {
  const row = await db
    .selectFrom("sessions")
    .select("authenticatedAt")
    .where("id", "=", sessionId)
    .executeTakeFirstOrThrow();
  return row.authenticatedAt;
}

function get(cookie: string, path: string) {
  return new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });
}

function post(cookie: string, path: string, fields: Record<string, string>) {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: {
      Cookie: cookie,
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "http://localhost:3000",
    },
    body: new URLSearchParams(fields).toString(),
  });
}

function load<T>(
  loader: (args: LoaderFunctionArgs) => Promise<T>,
  request: Request,
  params: Record<string, string> = {},
) {
  return loader({ request, params, context });
}

function act<T>(
  action: (args: ActionFunctionArgs) => Promise<T>,
  request: Request,
  params: Record<string, string> = {},
) {
  return action({ request, params, context });
}

/** What a route answers when it refuses: the module's NotFoundError, or a 404 Response. */
async function expectNotFound(answer: Promise<unknown>) {
  const error = await answer.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const notFound =
    error instanceof NotFoundError || (error instanceof Response && error.status === 404);
  expect(notFound, `expected a 404, got ${String(error)}`).toBe(true);
}

function expectRedirect(answer: unknown, location: string) {
  expect(answer).toBeInstanceOf(Response);
  const response = answer as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(location);
}

/** The child's reveal events: read events that carry `revealed`. */
async function reveals(childId: string) {
  const rows = await db
    .selectFrom("auditEvents")
    .select(["actorUserId", "details"])
    .where("childId", "=", childId)
    .where("recordType", "=", "child")
    .where("action", "=", "read")
    .execute();
  return rows.filter((r) => (r.details as { revealed?: boolean } | null)?.revealed === true);
}

/** The extracts taken of the child ("read" on screen, "export" as a file). */
async function extracts(childId: string, action: "read" | "export") {
  return db
    .selectFrom("auditEvents")
    .select(["actorUserId"])
    .where("childId", "=", childId)
    .where("recordType", "=", "auditExtract")
    .where("action", "=", action)
    .execute();
}

async function world() {
  const w = await districtAndNeighbour();
  const { admin } = await educationWithStaff();
  const child = await childOf(w.caseworker);
  return { ...w, admin, child };
}

describe("revealing the whole identity number on the child's page", () => {
  it("asks an old session for the code, reveals after the right one, and renews the session", async () => {
    const { caseworker, child } = await world();
    const app = await enrolApp(caseworker);
    const session = await oldSession(caseworker);
    const params = { childId: child.id };
    const path = `/barn/${child.id}?visa=personnummer`;
    const whole = formatPersonalIdentityNumber(child.personalIdentityNumber);

    const gated = await load(childPage.loader, get(session.cookie, path), params);
    expect(gated.revealGate?.answer).toBe("code");
    expect(gated.child.identityNumberRevealed).toBe(false);
    expect(gated.child.personalIdentityNumber).not.toBe(whole);
    expect(gated.child.personalIdentityNumber).toMatch(/XXXX$/);
    expect(await reveals(child.id)).toEqual([]);

    // Without asking for the number, the page asks nothing.
    const plain = await load(childPage.loader, get(session.cookie, `/barn/${child.id}`), params);
    expect(plain.revealGate).toBeNull();

    const confirm = (answer: string) =>
      act(
        childPage.action,
        post(session.cookie, path, { intent: "confirmReveal", password: answer }),
        params,
      );
    // The password is not the answer for someone with an app; a wrong code neither.
    expect(await confirm(TEST_PASSWORD)).toEqual({ revealError: STEP_UP_MESSAGES.invalidCode });
    expect(await confirm(app.wrongCode())).toEqual({ revealError: STEP_UP_MESSAGES.invalidCode });
    expect(await confirm("")).toEqual({ revealError: STEP_UP_MESSAGES.missingCode });
    expect((await authenticatedAt(session.id)).getTime()).toBeLessThan(minutesAgo(9).getTime());
    const stillGated = await load(childPage.loader, get(session.cookie, path), params);
    expect(stillGated.child.identityNumberRevealed).toBe(false);
    expect(await reveals(child.id)).toEqual([]);

    expectRedirect(await confirm(app.code()), `/barn/${child.id}?visa=personnummer#uppgifter`);
    expect((await authenticatedAt(session.id)).getTime()).toBeGreaterThan(minutesAgo(1).getTime());
    const revealed = await load(childPage.loader, get(session.cookie, path), params);
    expect(revealed.revealGate).toBeNull();
    expect(revealed.child.identityNumberRevealed).toBe(true);
    expect(revealed.child.personalIdentityNumber).toBe(whole);
    expect((await reveals(child.id)).map((r) => r.actorUserId)).toEqual([caseworker.user.id]);
  });

  it("asks a person without an app for the password", async () => {
    const { caseworker, child } = await world();
    const session = await oldSession(caseworker);
    const params = { childId: child.id };
    const path = `/barn/${child.id}?visa=personnummer`;
    const gated = await load(childPage.loader, get(session.cookie, path), params);
    expect(gated.revealGate?.answer).toBe("password");
    const confirm = (answer: string) =>
      act(
        childPage.action,
        post(session.cookie, path, { intent: "confirmReveal", password: answer }),
        params,
      );
    expect(await confirm("fel-losenord")).toEqual({ revealError: STEP_UP_MESSAGES.invalid });
    expectRedirect(await confirm(TEST_PASSWORD), `/barn/${child.id}?visa=personnummer#uppgifter`);
    const revealed = await load(childPage.loader, get(session.cookie, path), params);
    expect(revealed.child.identityNumberRevealed).toBe(true);
  });

  it("gives someone who may not open the child the 404, never the gate, and tries no code", async () => {
    const { otherCaseworker, child } = await world();
    const app = await enrolApp(otherCaseworker);
    const session = await oldSession(otherCaseworker);
    const params = { childId: child.id };
    const path = `/barn/${child.id}?visa=personnummer`;
    await expectNotFound(load(childPage.loader, get(session.cookie, path), params));
    await expectNotFound(
      act(
        childPage.action,
        post(session.cookie, path, { intent: "confirmReveal", password: app.code() }),
        params,
      ),
    );
    // The code was not even checked: the session is as old as before.
    expect((await authenticatedAt(session.id)).getTime()).toBeLessThan(minutesAgo(9).getTime());
    expect(await reveals(child.id)).toEqual([]);
  });
});

describe("revealing the whole identity number to edit the child", () => {
  it("shows no form, and no number, to an old session until the code is given", async () => {
    const { caseworker, child } = await world();
    const app = await enrolApp(caseworker);
    const session = await oldSession(caseworker);
    const params = { childId: child.id };
    const path = `/barn/${child.id}/redigera`;

    const gated = await load(editPage.loader, get(session.cookie, path), params);
    expect(gated.stepUp?.answer).toBe("code");
    expect(gated.values).toBeNull();
    expect(JSON.stringify(gated)).not.toContain(child.personalIdentityNumber.slice(8));
    expect(await reveals(child.id)).toEqual([]);

    const confirm = (answer: string) =>
      act(
        editPage.action,
        post(session.cookie, path, { intent: "confirmReveal", password: answer }),
        params,
      );
    expect(await confirm(app.wrongCode())).toEqual({
      intent: "confirmReveal",
      stepUpError: STEP_UP_MESSAGES.invalidCode,
    });
    expect(await reveals(child.id)).toEqual([]);
    expectRedirect(await confirm(app.code()), path);

    const open = await load(editPage.loader, get(session.cookie, path), params);
    expect(open.stepUp).toBeNull();
    expect(open.values?.personalIdentityNumber).toBe(
      formatPersonalIdentityNumber(child.personalIdentityNumber),
    );
    expect(await reveals(child.id)).toHaveLength(1);
  });

  it("gives an outsider the 404 before any gate", async () => {
    const { otherCaseworker, child } = await world();
    await enrolApp(otherCaseworker);
    const session = await oldSession(otherCaseworker);
    const path = `/barn/${child.id}/redigera`;
    await expectNotFound(load(editPage.loader, get(session.cookie, path), { childId: child.id }));
  });
});

describe("the district manager's log extract", () => {
  it("takes no extract, on screen or as CSV, until the code is given", async () => {
    const { manager, child } = await world();
    const app = await enrolApp(manager);
    const session = await oldSession(manager);
    const params = { childId: child.id };
    const period = "?fran=2026-01-01&till=2026-12-31";
    const path = `/barn/${child.id}/logg${period}`;

    const gated = await load(childExtract.loader, get(session.cookie, path), params);
    expect(gated).toEqual({ stepUp: { answer: "code", passkey: false }, extract: null });
    // The file is not sent: the page's question first, with the period kept.
    const csv = await load(
      childExtractCsv.loader,
      get(session.cookie, `/barn/${child.id}/logg.csv${period}`),
      params,
    );
    expectRedirect(csv, path);
    expect(await extracts(child.id, "read")).toEqual([]);
    expect(await extracts(child.id, "export")).toEqual([]);

    const confirm = (answer: string, intent = "confirmExtract") =>
      act(childExtract.action, post(session.cookie, path, { intent, password: answer }), params);
    expect(await confirm(TEST_PASSWORD)).toEqual({ stepUpError: STEP_UP_MESSAGES.invalidCode });
    expect(await confirm(app.wrongCode())).toEqual({
      stepUpError: STEP_UP_MESSAGES.invalidCode,
    });
    expect(await extracts(child.id, "read")).toEqual([]);
    expectRedirect(await confirm(app.code()), path);
    expect((await authenticatedAt(session.id)).getTime()).toBeGreaterThan(minutesAgo(1).getTime());

    const taken = await load(childExtract.loader, get(session.cookie, path), params);
    expect(taken.stepUp).toBeNull();
    expect(taken.extract?.child.id).toBe(child.id);
    expect(taken.extract?.period).toEqual({
      fromDate: "2026-01-01",
      toDate: "2026-12-31",
      error: null,
    });
    expect((await extracts(child.id, "read")).map((e) => e.actorUserId)).toEqual([manager.user.id]);
    const file = (await load(
      childExtractCsv.loader,
      get(session.cookie, `/barn/${child.id}/logg.csv${period}`),
      params,
    )) as Response;
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(await extracts(child.id, "export")).toHaveLength(1);
  });

  it("gives another district's manager the 404, never the question, on the page, its post and the CSV", async () => {
    const { otherManager, child } = await world();
    const app = await enrolApp(otherManager);
    const session = await oldSession(otherManager);
    const params = { childId: child.id };
    const path = `/barn/${child.id}/logg`;
    await expectNotFound(load(childExtract.loader, get(session.cookie, path), params));
    await expectNotFound(
      load(childExtractCsv.loader, get(session.cookie, `/barn/${child.id}/logg.csv`), params),
    );
    await expectNotFound(
      act(
        childExtract.action,
        post(session.cookie, path, { intent: "confirmExtract", password: app.code() }),
        params,
      ),
    );
    expect((await authenticatedAt(session.id)).getTime()).toBeLessThan(minutesAgo(9).getTime());
    expect(await extracts(child.id, "read")).toEqual([]);
  });

  it("gives the child's own caseworker the 404 too: a caseworker takes no extract", async () => {
    const { caseworker, child } = await world();
    await enrolApp(caseworker);
    const session = await oldSession(caseworker);
    await expectNotFound(
      load(childExtract.loader, get(session.cookie, `/barn/${child.id}/logg`), {
        childId: child.id,
      }),
    );
  });
});

describe("the administrator's log extract", () => {
  it("asks for the code with the search, keeps the typed number, and searches only after it", async () => {
    const { admin, child } = await world();
    const app = await enrolApp(admin);
    const session = await oldSession(admin);
    const path = "/admin/logguttag";
    const typed = formatPersonalIdentityNumber(child.personalIdentityNumber);

    expect(await load(adminExtract.loader, get(session.cookie, path))).toEqual({
      stepUp: { answer: "code", passkey: false },
    });
    const search = (fields: Record<string, string>) =>
      act(adminExtract.action, post(session.cookie, path, fields));

    // No code: the search is not made; the number stays in the form.
    expect(await search({ personalIdentityNumber: typed })).toEqual({
      ok: false,
      values: { personalIdentityNumber: typed },
      fieldErrors: { password: STEP_UP_MESSAGES.missingCode },
    });
    expect(await search({ personalIdentityNumber: typed, password: app.wrongCode() })).toEqual({
      ok: false,
      values: { personalIdentityNumber: typed },
      fieldErrors: { password: STEP_UP_MESSAGES.invalidCode },
    });
    // A mistyped number and no code: both said at once.
    const both = await search({ personalIdentityNumber: "123" });
    expect(both.ok).toBe(false);
    expect(Object.keys(both.ok ? {} : both.fieldErrors).sort()).toEqual([
      "password",
      "personalIdentityNumber",
    ]);
    expect(await extracts(child.id, "read")).toEqual([]);

    // The file is not sent to an old session either: back to the search.
    const csv = await act(
      adminExtractCsv.action,
      post(session.cookie, "/admin/logguttag.csv", {
        personalIdentityNumber: child.personalIdentityNumber,
        childId: child.id,
      }),
    );
    expectRedirect(csv, "/admin/logguttag?bekrafta=1");
    expect(await extracts(child.id, "export")).toEqual([]);

    const found = await search({ personalIdentityNumber: typed, password: app.code() });
    expect(found.ok).toBe(true);
    expect(found.ok ? found.extracts.map((e) => e.child.id) : []).toEqual([child.id]);
    expect((await extracts(child.id, "read")).map((e) => e.actorUserId)).toEqual([admin.user.id]);
    expect(await load(adminExtract.loader, get(session.cookie, path))).toEqual({ stepUp: null });

    // Renewed: the next search and the file need no code.
    const again = await search({ personalIdentityNumber: typed });
    expect(again.ok).toBe(true);
    const file = (await act(
      adminExtractCsv.action,
      post(session.cookie, "/admin/logguttag.csv", {
        personalIdentityNumber: child.personalIdentityNumber,
        childId: child.id,
      }),
    )) as Response;
    expect(file.status).toBe(200);
    expect(await extracts(child.id, "export")).toHaveLength(1);
  });
});
