/**
 * The digital consent link (issue 5) against the real database: the e-mail names no child and
 * carries a one-time link whose token is stored only as its SHA-256; no link for a
 * protected-identity child; the link's states (open, unknown, expired, withdrawn, locked after
 * five wrong birth dates, answered); the guardian's answer recorded with its evidence, logged as
 * a guardian, and told to the caseworker; exactly one answer when two race; and the gate reading
 * consents given through links.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  answerConsentLink,
  decideDisclosureFor,
  confirmConsentLink,
  consentOverview,
  openConsentLink,
  revokeConsent,
  sendConsentLink,
  withdrawConsentLink,
} from "~/modules/consent/consent.server";
import { handOverChild } from "~/modules/children/children.server";
import { consentLinkSchema, type ConsentLinkValues } from "~/modules/consent/schema";
import { birthDateOf, createActor, createChildWithIdentityNumber } from "../helpers/factories";
import {
  createClosedSchool,
  districtWithStaff,
  schoolWithStaff,
  educationWithStaff,
} from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });
const DAY_MS = 24 * 60 * 60 * 1000;

async function world() {
  const { district, ...ours } = await districtWithStaff({
    staff: {
      caseworker: "caseworker",
      colleague: "caseworker",
      manager: "districtManager",
      intake: "intakeOfficer",
    },
  });
  const { otherCaseworker } = await districtWithStaff({
    staff: { otherCaseworker: "caseworker" },
  });
  const { school, principal } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal" },
  });
  const closedSchool = await createClosedSchool(district.id);
  const { admin } = await educationWithStaff();
  return { district, school, closedSchool, ...ours, otherCaseworker, principal, admin };
}
type World = Awaited<ReturnType<typeof world>>;

const OUTSIDERS = ["colleague", "otherCaseworker", "intake", "principal", "admin"] as const;

/**
 * A minor (17) with an official test number: each child has its own birth date. No official test
 * number is a coordination number (day + 60); the parser's handling of those is unit-tested
 * (test/unit/personal-identity-number.test.ts), and confirming reads the birth date through it.
 */
function newChild(
  w: World,
  options: Partial<Parameters<typeof createChildWithIdentityNumber>[0]> = {},
) {
  return createChildWithIdentityNumber({
    districtId: w.district.id,
    caseworkerUserId: w.caseworker.user.id,
    schoolId: w.school.id,
    firstName: "Vilgot",
    lastName: `Östergren${randomBytes(2).toString("hex")}`,
    ...options,
  });
}
type Child = Awaited<ReturnType<typeof newChild>>;

/** The child's date of birth, YYYY-MM-DD, as the guardian types it. */
const born = (child: Child) => birthDateOf(child.personalIdentityNumber);

let mailbox = 0;
function linkValues(w: World, overrides: Record<string, unknown> = {}): ConsentLinkValues {
  return consentLinkSchema.parse({
    givenBy: "guardian1",
    email: `vardnadshavare.${mailbox++}.${randomBytes(3).toString("hex")}@hem.example`,
    categories: ["attendance", "wellbeing"],
    schoolId: w.school.id,
    validFrom: today,
    validTo: day(180),
    ...overrides,
  });
}

async function emailsTo(recipient: string) {
  return db
    .selectFrom("emails")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("createdAt")
    .execute();
}

/** Sends a link and returns its request id, the values, and the token read from the e-mail. */
async function send(
  w: World,
  child: Child,
  overrides: Record<string, unknown> = {},
  actor: Actor = w.caseworker,
  context: { now?: Date; requestId?: string } = {},
) {
  const values = linkValues(w, overrides);
  const result = await sendConsentLink(actor, child.id, values, context);
  if (result.kind !== "sent") throw new Error(`expected sent, got ${result.kind}`);
  const [email] = await emailsTo(values.email);
  const match = /\/samtycke\/([A-Za-z0-9_-]+)/.exec(email?.textBody ?? "");
  return { requestId: result.consentRequestId, values, token: match?.[1] ?? "", email: email! };
}

async function requestRow(id: string) {
  return db
    .selectFrom("consentRequests")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}
async function consentsOf(childId: string) {
  return db.selectFrom("consents").selectAll().where("childId", "=", childId).execute();
}
async function eventsFor(childId: string) {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("childId", "=", childId)
    .orderBy("occurredAt")
    .orderBy("id")
    .execute();
}

/** Neither the child's names nor the identity number, in any form; no 10- or 12-digit run. */
function expectNoChildData(text: string, child: Child) {
  const number = child.personalIdentityNumber;
  for (const forbidden of [
    child.firstName,
    child.lastName,
    number,
    number.slice(2),
    `${number.slice(0, 8)}-${number.slice(8)}`,
    `${number.slice(2, 8)}-${number.slice(8)}`,
    born(child),
  ]) {
    expect(text).not.toContain(forbidden);
  }
  // Links carry random tokens and ids, which may hold digit runs by chance: checked above.
  const withoutLinks = text.replace(/https?:\/\/[^\s"'<>]+/g, "");
  expect(withoutLinks).not.toMatch(/\d{6}[-+]?\d{4}/);
}

/**
 * Five wrong dates for a child: the next day, the day + 60 (as a coordination number reads), a
 * year earlier, a month later, a year later.
 */
function wrongDates(child: Child): string[] {
  const date = born(child);
  return [
    addToDate(date, { days: 1 }),
    `${date.slice(0, 8)}${Number(date.slice(8)) + 60}`,
    addToDate(date, { years: -1 }),
    addToDate(date, { days: 31 }),
    addToDate(date, { years: 1 }),
  ];
}

// ---------------------------------------------------------------------------------------------

describe("sending a consent link", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("queues one e-mail that names no child, with a one-time link whose token is stored only as its hash", async () => {
    const child = await newChild(w);
    const before = Date.now();
    const { requestId, values, token, email } = await send(
      w,
      child,
      { givenBy: "guardian2" },
      w.caseworker,
      { requestId: "req-send" },
    );
    expect(await emailsTo(values.email)).toHaveLength(1);
    expect(email).toMatchObject({ recipient: values.email, template: "consentRequest" });
    for (const part of [email.subject, email.html ?? "", email.textBody ?? ""]) {
      expectNoChildData(part, child);
    }
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(email.textBody).toMatch(new RegExp(`/samtycke/${token}(?![A-Za-z0-9_-])`));
    expect(email.html).toContain(`/samtycke/${token}`);
    expect(email.textBody).toContain(w.district.name);

    const row = await requestRow(requestId);
    expect(row).toMatchObject({
      childId: child.id,
      givenBy: "guardian2",
      recipientEmail: values.email,
      tokenHash: createHash("sha256").update(token).digest("hex"),
      categories: ["attendance", "wellbeing"],
      districtId: w.district.id,
      schoolId: w.school.id,
      validFrom: today,
      validTo: day(180),
      sentBy: w.caseworker.user.id,
      failedBirthDateAttempts: 0,
      answer: null,
      answeredAt: null,
      withdrawnAt: null,
    });
    expect(row.sentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.expiresAt.getTime() - row.sentAt.getTime()).toBe(14 * DAY_MS);
    // The token itself is nowhere: not in the row, not in the log.
    expect(JSON.stringify(row)).not.toContain(token);
    const events = await eventsFor(child.id);
    expect(events).toMatchObject([
      {
        actorUserId: w.caseworker.user.id,
        action: "create",
        recordType: "consentRequest",
        recordId: requestId,
        requestId: "req-send",
      },
    ]);
    const details = JSON.stringify(events[0]?.details);
    expect(details).not.toContain(token);
    expect(details).not.toContain(values.email);
  });

  it("refuses a protected-identity child: no link, no e-mail", async () => {
    const child = await newChild(w, { protectedIdentity: true });
    const values = linkValues(w);
    expect(await sendConsentLink(w.caseworker, child.id, values)).toEqual({
      kind: "protectedIdentity",
    });
    expect(await emailsTo(values.email)).toEqual([]);
    expect(
      await db.selectFrom("consentRequests").select("id").where("childId", "=", child.id).execute(),
    ).toEqual([]);
    expect((await consentOverview(w.caseworker, child.id)).linkAllowed).toBe(false);
  });

  it("a link sent before the child got protected identity stops working: no first name, no school", async () => {
    // LAW.md, "Protected personal data": nothing that hints at where the child is goes to anyone
    // but the caseworker and the manager, and no automatic texts about the child.
    const child = await newChild(w);
    const { token } = await send(w, child);
    await db
      .updateTable("children")
      .set({ protectedIdentity: true })
      .where("id", "=", child.id)
      .execute();
    expect((await openConsentLink(token)).kind).not.toBe("open");
    const confirmed = await confirmConsentLink(token, born(child));
    expect(confirmed.kind).toBe("closed");
    expect(JSON.stringify(confirmed)).not.toContain(w.school.name);
    expect(JSON.stringify(confirmed)).not.toContain(child.firstName);
    expect(
      (await answerConsentLink(token, { birthDate: born(child), name: "Anna", answer: "given" }))
        .kind,
    ).toBe("closed");
    expect(await consentsOf(child.id)).toEqual([]);
  });

  it("refuses a deactivated school, and gives everyone else a 404, without any e-mail", async () => {
    const child = await newChild(w);
    const closed = linkValues(w, { schoolId: w.closedSchool.id });
    expect(await sendConsentLink(w.caseworker, child.id, closed)).toEqual({
      kind: "invalid",
      field: "schoolId",
      message: "Välj en skola i listan.",
    });
    expect(await emailsTo(closed.email)).toEqual([]);
    for (const who of OUTSIDERS) {
      const values = linkValues(w);
      await expect(sendConsentLink(w[who], child.id, values), who).rejects.toThrow(NotFoundError);
      expect(await emailsTo(values.email), who).toEqual([]);
    }
    // The district manager may send one.
    expect((await send(w, child, {}, w.manager)).token).toHaveLength(43);
  });
});

// ---------------------------------------------------------------------------------------------

describe("opening a consent link", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("is open with only the district's name, until it expires after 14 days", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    const { expiresAt } = await requestRow(requestId);
    const state = await openConsentLink(token);
    expect(state).toEqual({ kind: "open", districtName: w.district.name, expiresAt });
    expect(JSON.stringify(state)).not.toContain(child.firstName);
    expect(await openConsentLink(token, new Date(expiresAt.getTime() - 1000))).toMatchObject({
      kind: "open",
    });
    expect(await openConsentLink(token, expiresAt)).toEqual({ kind: "expired" });
    expect(await openConsentLink(token, new Date(Date.now() + 15 * DAY_MS))).toEqual({
      kind: "expired",
    });
  });

  it("does not know a made-up token, a malformed one, or the stored hash", async () => {
    const child = await newChild(w);
    const { requestId } = await send(w, child);
    const { tokenHash } = await requestRow(requestId);
    for (const token of [randomBytes(32).toString("base64url"), "abc", "", tokenHash]) {
      expect(await openConsentLink(token), token).toEqual({ kind: "unknown" });
      expect(await confirmConsentLink(token, born(child)), token).toEqual({
        kind: "closed",
        state: { kind: "unknown" },
      });
    }
  });

  it("is expired when its time has run out: it neither confirms nor answers", async () => {
    const child = await newChild(w);
    const { token } = await send(w, child);
    // Fifteen days on (the database refuses to rewrite a link's dates).
    const later = new Date(Date.now() + 15 * DAY_MS);
    expect(await openConsentLink(token, later)).toEqual({ kind: "expired" });
    expect(await confirmConsentLink(token, born(child), { now: later })).toEqual({
      kind: "closed",
      state: { kind: "expired" },
    });
    expect(
      await answerConsentLink(
        token,
        { birthDate: born(child), name: "Anna", answer: "given" },
        { now: later },
      ),
    ).toEqual({ kind: "closed", state: { kind: "expired" } });
    expect(await consentsOf(child.id)).toEqual([]);

    // Sent 15 days ago: expired as well.
    const old = await send(w, child, {}, w.caseworker, { now: new Date(Date.now() - 15 * DAY_MS) });
    expect(await openConsentLink(old.token)).toEqual({ kind: "expired" });
    const overview = await consentOverview(w.caseworker, child.id);
    // The first is still open today; the one sent 15 days ago has expired.
    expect(overview.requests.map((r) => r.state).sort()).toEqual(["expired", "waiting"]);
  });

  it("is withdrawn once the caseworker withdraws it, at once", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    for (const who of OUTSIDERS) {
      await expect(withdrawConsentLink(w[who], child.id, requestId), who).rejects.toThrow(
        NotFoundError,
      );
    }
    const otherChild = await newChild(w);
    await expect(withdrawConsentLink(w.caseworker, otherChild.id, requestId)).rejects.toThrow(
      NotFoundError,
    );
    expect(await openConsentLink(token)).toMatchObject({ kind: "open" });
    expect(await withdrawConsentLink(w.caseworker, child.id, requestId)).toEqual({
      kind: "withdrawn",
    });
    expect(await requestRow(requestId)).toMatchObject({ withdrawnBy: w.caseworker.user.id });
    expect(await openConsentLink(token)).toEqual({ kind: "withdrawn" });
    expect(await confirmConsentLink(token, born(child))).toEqual({
      kind: "closed",
      state: { kind: "withdrawn" },
    });
    expect(
      await answerConsentLink(token, { birthDate: born(child), name: "Anna", answer: "given" }),
    ).toEqual({ kind: "closed", state: { kind: "withdrawn" } });
    expect(await withdrawConsentLink(w.manager, child.id, requestId)).toEqual({
      kind: "alreadyClosed",
    });
    expect(await consentsOf(child.id)).toEqual([]);
    expect((await consentOverview(w.caseworker, child.id)).requests).toMatchObject([
      { id: requestId, state: "withdrawn" },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("confirming the child's date of birth", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("counts wrong dates, and the fifth locks the link for good", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    for (const [i, wrong] of wrongDates(child).slice(0, 4).entries()) {
      expect(await confirmConsentLink(token, wrong), wrong).toEqual({
        kind: "wrongBirthDate",
        attemptsLeft: 4 - i,
      });
    }
    expect(await openConsentLink(token)).toMatchObject({ kind: "open" });
    expect(await confirmConsentLink(token, wrongDates(child)[4]!)).toEqual({
      kind: "closed",
      state: { kind: "locked" },
    });
    expect(await requestRow(requestId)).toMatchObject({ failedBirthDateAttempts: 5 });
    expect(await openConsentLink(token)).toEqual({ kind: "locked" });
    // Locked: even the right date opens nothing, and nothing more is counted.
    expect(await confirmConsentLink(token, born(child))).toEqual({
      kind: "closed",
      state: { kind: "locked" },
    });
    expect(
      await answerConsentLink(token, { birthDate: born(child), name: "Anna", answer: "given" }),
    ).toEqual({ kind: "closed", state: { kind: "locked" } });
    expect(await requestRow(requestId)).toMatchObject({ failedBirthDateAttempts: 5 });
    expect(await consentsOf(child.id)).toEqual([]);
    expect((await consentOverview(w.caseworker, child.id)).requests).toMatchObject([
      { state: "locked" },
    ]);
    // Nothing about the child was read: no guardian event.
    expect((await eventsFor(child.id)).filter((e) => e.actorRole === "guardian")).toEqual([]);
  });

  it("a wrong date while answering counts too", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    expect(
      await answerConsentLink(token, {
        birthDate: wrongDates(child)[0]!,
        name: "Anna",
        answer: "given",
      }),
    ).toEqual({ kind: "wrongBirthDate", attemptsLeft: 4 });
    expect(await requestRow(requestId)).toMatchObject({ failedBirthDateAttempts: 1, answer: null });
    expect(await consentsOf(child.id)).toEqual([]);
  });

  // The official test numbers hold no coordination number, so this is about an ordinary one; that
  // a coordination number gives the real day of birth is tested with the parser
  // (test/unit/personal-identity-number.test.ts).
  it("the child's birth date shows the first name and the scope, logged as a guardian", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child, { givenBy: "guardian2" });
    const result = await confirmConsentLink(token, born(child), {
      requestId: "req-confirm",
      clientAddress: "203.0.113.9",
    });
    expect(result).toEqual({
      kind: "confirmed",
      details: {
        childFirstName: "Vilgot",
        givenBy: "guardian2",
        giverLabel: "vårdnadshavare 2",
        districtName: w.district.name,
        schoolName: w.school.name,
        categories: [
          { code: "attendance", label: "närvaro" },
          { code: "wellbeing", label: "trivsel och kamratrelationer" },
        ],
        validFrom: today,
        validTo: day(180),
        caseworkerName: w.caseworker.user.name,
      },
    });
    expect(JSON.stringify(result)).not.toContain(child.lastName);
    expect(JSON.stringify(result)).not.toContain(child.personalIdentityNumber.slice(8));
    expect((await eventsFor(child.id)).at(-1)).toMatchObject({
      actorRole: "guardian",
      actorUserId: null,
      actorOrganisationId: null,
      action: "read",
      recordType: "consentRequest",
      recordId: requestId,
      requestId: "req-confirm",
    });
    // Confirming does not use the link up.
    expect(await openConsentLink(token)).toMatchObject({ kind: "open" });
    expect(await requestRow(requestId)).toMatchObject({ failedBirthDateAttempts: 0, answer: null });
  });
});

// ---------------------------------------------------------------------------------------------

describe("answering a consent link", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("given: records the consent for the link's giver, scope and dates with the evidence, logs the guardian, and tells the caseworker", async () => {
    const child = await newChild(w);
    const { token, requestId, values } = await send(w, child, { givenBy: "guardian2" });
    const before = Date.now();
    const result = await answerConsentLink(
      token,
      { birthDate: born(child), name: "Karin Andersson", answer: "given" },
      { requestId: "req-answer", clientAddress: "203.0.113.7", userAgent: "Mozilla/5.0 (Test)" },
    );
    expect(result).toEqual({ kind: "answered", answer: "given" });

    const consents = await consentsOf(child.id);
    expect(consents).toHaveLength(1);
    const consent = consents[0]!;
    expect(consent).toMatchObject({
      givenBy: "guardian2",
      giverName: "Karin Andersson",
      method: "digitalLink",
      categories: values.categories,
      districtId: w.district.id,
      schoolId: w.school.id,
      validFrom: values.validFrom,
      validTo: values.validTo,
      obtainedOn: today,
      recordedBy: w.caseworker.user.id,
      consentRequestId: requestId,
      documentId: null,
      revokedAt: null,
    });

    const row = await requestRow(requestId);
    expect(row).toMatchObject({
      answer: "given",
      answerName: "Karin Andersson",
      answerIp: "203.0.113.7",
      answerUserAgent: "Mozilla/5.0 (Test)",
    });
    expect(row.answeredAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);

    expect((await eventsFor(child.id)).at(-1)).toMatchObject({
      actorRole: "guardian",
      actorUserId: null,
      actorOrganisationId: null,
      actorName: "Karin Andersson",
      action: "create",
      recordType: "consent",
      recordId: consent.id,
      requestId: "req-answer",
    });

    const mails = await emailsTo(w.caseworker.user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: "consentAnswered" });
    for (const part of [mails[0]!.subject, mails[0]!.html ?? "", mails[0]!.textBody ?? ""]) {
      expectNoChildData(part, child);
    }

    expect(await openConsentLink(token)).toEqual({
      kind: "answered",
      answer: "given",
      answeredAt: row.answeredAt,
    });
    expect(
      await answerConsentLink(token, {
        birthDate: born(child),
        name: "Någon Annan",
        answer: "refused",
      }),
    ).toEqual({
      kind: "closed",
      state: { kind: "answered", answer: "given", answeredAt: row.answeredAt },
    });
    expect(await confirmConsentLink(token, born(child))).toMatchObject({
      kind: "closed",
      state: { kind: "answered" },
    });
    expect(await consentsOf(child.id)).toHaveLength(1);
    expect(await requestRow(requestId)).toMatchObject({ answerName: "Karin Andersson" });
    expect((await consentOverview(w.caseworker, child.id)).requests).toMatchObject([
      { id: requestId, state: "given", answerName: "Karin Andersson" },
    ]);
  });

  it("refused: no consent, the answer kept, the caseworker told", async () => {
    const child = await newChild(w);
    const sender = await createActor(w.district.id, "caseworker");
    await db
      .updateTable("children")
      .set({ caseworkerUserId: sender.user.id })
      .where("id", "=", child.id)
      .execute();
    const { token, requestId } = await send(w, child, {}, sender);
    expect(
      await answerConsentLink(
        token,
        { birthDate: born(child), name: "Per Persson", answer: "refused" },
        { clientAddress: "198.51.100.4" },
      ),
    ).toEqual({ kind: "answered", answer: "refused" });
    expect(await consentsOf(child.id)).toEqual([]);
    expect(await requestRow(requestId)).toMatchObject({
      answer: "refused",
      answerName: "Per Persson",
      answerIp: "198.51.100.4",
    });
    expect((await eventsFor(child.id)).at(-1)).toMatchObject({
      actorRole: "guardian",
      actorUserId: null,
      action: "create",
      recordType: "consentRequest",
      recordId: requestId,
    });
    const mails = await emailsTo(sender.user.email);
    expect(mails).toMatchObject([{ template: "consentAnswered" }]);
    expect(mails[0]?.textBody).toContain("gav inte sitt samtycke");
    expect(await openConsentLink(token)).toMatchObject({ kind: "answered", answer: "refused" });
  });

  it("keeps at most 500 characters of the browser's description", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    await answerConsentLink(
      token,
      { birthDate: born(child), name: "Anna", answer: "given" },
      { userAgent: "x".repeat(2000) },
    );
    expect((await requestRow(requestId)).answerUserAgent).toHaveLength(500);
  });

  it("sends no e-mail to a caseworker who has left", async () => {
    const child = await newChild(w);
    const sender = await createActor(w.district.id, "caseworker");
    await db
      .updateTable("children")
      .set({ caseworkerUserId: sender.user.id })
      .where("id", "=", child.id)
      .execute();
    const { token } = await send(w, child, {}, sender);
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", sender.user.id)
      .execute();
    expect(
      await answerConsentLink(token, { birthDate: born(child), name: "Anna", answer: "given" }),
    ).toEqual({ kind: "answered", answer: "given" });
    expect(await emailsTo(sender.user.email)).toEqual([]);
    expect(await consentsOf(child.id)).toHaveLength(1);
  });

  it("two answers racing give exactly one consent", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    const results = await Promise.all([
      answerConsentLink(token, { birthDate: born(child), name: "Anna Först", answer: "given" }),
      answerConsentLink(token, { birthDate: born(child), name: "Anna Sist", answer: "given" }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["answered", "closed"]);
    const consents = await consentsOf(child.id);
    expect(consents).toHaveLength(1);
    expect(consents[0]?.consentRequestId).toBe(requestId);
    expect((await requestRow(requestId)).answerName).toBe(consents[0]?.giverName);
  });
});

// ---------------------------------------------------------------------------------------------

describe("the gate with consents given through links", () => {
  it("refuses until every link is answered, naming who is missing; allows with the guardians' and the child's, naming all three consents", async () => {
    // A minor of 17 (no official test number belongs to a child under 15): the child's own
    // consent is needed too. The guardians alone, for a younger child, are unit-tested.
    const w = await world();
    const child = await newChild(w, { age: "minor" });
    const birthDate = born(child);
    const gate = () =>
      decideDisclosureFor(db, {
        childId: child.id,
        from: { organisationId: w.district.id, kind: "district" },
        receiving: { organisationId: w.school.id, kind: "school" },
        category: "wellbeing",
      });
    const first = await send(w, child, { givenBy: "guardian1" });
    const second = await send(w, child, { givenBy: "guardian2" });
    const own = await send(w, child, { givenBy: "child" });
    expect(await gate()).toEqual({
      allowed: false,
      reason: "Samtycke saknas från vårdnadshavare 1, vårdnadshavare 2 och barnet.",
    });

    await answerConsentLink(first.token, { birthDate, name: "Karin Berg", answer: "given" });
    expect(await gate()).toEqual({
      allowed: false,
      reason: "Samtycke saknas från vårdnadshavare 2 och barnet.",
    });

    await answerConsentLink(second.token, { birthDate, name: "Per Berg", answer: "given" });
    expect(await gate()).toEqual({
      allowed: false,
      reason: "Barnet är 15 år eller äldre: barnets eget samtycke behövs också.",
    });

    await answerConsentLink(own.token, { birthDate, name: "Vilgot Berg", answer: "given" });
    const consents = await consentsOf(child.id);
    const idOf = (givenBy: string) => consents.find((c) => c.givenBy === givenBy)?.id;
    expect(await gate()).toEqual({
      allowed: true,
      basis: {
        kind: "consent",
        consentIds: [idOf("guardian1"), idOf("guardian2"), idOf("child")],
      },
    });
    // A category the links did not ask about stays closed.
    expect(
      await decideDisclosureFor(db, {
        childId: child.id,
        from: { organisationId: w.district.id, kind: "district" },
        receiving: { organisationId: w.school.id, kind: "school" },
        category: "studentHealth",
      }),
    ).toEqual({ allowed: false, reason: "Samtycket gäller inte elevhälsoinsatser." });
    expect((await consentOverview(w.caseworker, child.id)).status).toMatchObject({
      kind: "active",
      categories: ["attendance", "wellbeing"],
      validFrom: today,
      validTo: day(180),
    });
  });

  it("an unknown child is not found by the gate", async () => {
    const w = await world();
    await expect(
      decideDisclosureFor(db, {
        childId: randomUUID(),
        from: { organisationId: w.district.id, kind: "district" },
        receiving: { organisationId: w.school.id, kind: "school" },
        category: "attendance",
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("a link's evidence and its life after the answer", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("the database refuses to rewrite a link, to answer it twice, to un-count wrong dates or to delete it", async () => {
    const child = await newChild(w);
    const { token, requestId } = await send(w, child);
    await confirmConsentLink(token, "1999-01-01");
    await expect(
      sql`update consent_requests set failed_birth_date_attempts = 0 where id = ${requestId}`.execute(
        db,
      ),
    ).rejects.toThrow(/never uncounted/);
    await expect(
      sql`update consent_requests set recipient_email = 'annan@example.se' where id = ${requestId}`.execute(
        db,
      ),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      sql`update consent_requests set expires_at = now() + interval '1 year' where id = ${requestId}`.execute(
        db,
      ),
    ).rejects.toThrow(/cannot be changed/);
    await answerConsentLink(token, {
      birthDate: born(child),
      name: "Anna Berg",
      answer: "refused",
    });
    await expect(
      sql`update consent_requests set answer = 'given' where id = ${requestId}`.execute(db),
    ).rejects.toThrow(/answered once/);
    await expect(
      sql`update consent_requests set withdrawn_at = now(), withdrawn_by = ${w.caseworker.user.id} where id = ${requestId}`.execute(
        db,
      ),
    ).rejects.toThrow(/consent_requests_answered_or_withdrawn/);
    await expect(
      sql`delete from consent_requests where id = ${requestId}`.execute(db),
    ).rejects.toThrow(/never deleted/);
    expect((await requestRow(requestId)).answer).toBe("refused");
  });

  it("revoking a consent withdraws the same giver's unanswered links for the child", async () => {
    const child = await newChild(w);
    const first = await send(w, child);
    await answerConsentLink(first.token, {
      birthDate: born(child),
      name: "Anna Berg",
      answer: "given",
    });
    const again = await send(w, child); // guardian 1 again, still unanswered
    const other = await send(w, child, { givenBy: "guardian2" });
    const [consent] = await consentsOf(child.id);
    await revokeConsent(w.caseworker, child.id, consent!.id);
    expect(await openConsentLink(again.token)).toEqual({ kind: "withdrawn" });
    expect((await openConsentLink(other.token)).kind).toBe("open");
  });

  it("a link whose period is already over cannot be answered", async () => {
    const child = await newChild(w);
    const { token } = await send(w, child, { validFrom: today, validTo: day(3) });
    const later = new Date(Date.now() + 5 * DAY_MS);
    expect(await openConsentLink(token, later)).toEqual({ kind: "expired" });
    expect(
      await answerConsentLink(
        token,
        { birthDate: born(child), name: "Anna Berg", answer: "given" },
        { now: later },
      ),
    ).toEqual({ kind: "closed", state: { kind: "expired" } });
    expect(await consentsOf(child.id)).toEqual([]);
  });

  it("after a hand-over the page names, and the answer e-mails, the new caseworker", async () => {
    const child = await newChild(w);
    const { token } = await send(w, child);
    await handOverChild(w.caseworker, child.id, w.colleague.user.id);
    const confirmed = await confirmConsentLink(token, born(child));
    expect(confirmed.kind === "confirmed" && confirmed.details.caseworkerName).toBe(
      w.colleague.user.name,
    );
    await answerConsentLink(token, { birthDate: born(child), name: "Anna Berg", answer: "given" });
    const mails = await emailsTo(w.colleague.user.email);
    expect(mails.map((m) => m.template)).toContain("consentAnswered");
  });
});
