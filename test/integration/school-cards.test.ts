/**
 * School cards (issue 6) against the real database: the caseworker's request through the consent
 * gate (refused without consent, or on a legal basis only; allowed for exactly the categories
 * consented), the e-mail to the school without child data, the audit of the request and its
 * disclosure, who at which school sees which card (everyone else: NotFoundError, as for a card
 * that does not exist), the school's first opening, and a revoked or expired consent stopping an
 * open card at once.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { recordConsent, recordLegalBasis, revokeConsent } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { consentSchema, legalBasisSchema, type ConsentValues } from "~/modules/consent/schema";
import {
  defaultDueOn,
  getCard,
  listCardsForSchool,
  listCardsForSocialServices,
  requestFormContext,
  requestSchoolCard,
  type RequestValues,
} from "~/modules/school-cards/school-cards.server";
import { addMembership, createActor } from "../helpers/factories";
import {
  districtAndNeighbour,
  createClosedSchool,
  schoolWithStaff,
  educationWithStaff,
  SCHOOL_STAFF,
  childOf,
  consentFromAll,
  requestCard,
  CARD_CATEGORIES,
  type Child,
} from "../helpers/worlds";

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });

const NO_CONSENT = "Samtycke saknas från vårdnadshavare 1, vårdnadshavare 2 och barnet.";
const ALL_CATEGORIES: DisclosureCategory[] = [
  "attendance",
  "results",
  "supportMeasures",
  "wellbeing",
  "studentHealth",
];

// --- The world -------------------------------------------------------------------------------

async function world() {
  const { district, otherDistrict, ...districtStaff } = await districtAndNeighbour();
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { ...SCHOOL_STAFF, otherMentor: "mentor" },
  });
  const { school: otherSchool, ...otherSchoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principalB: "principal", studentHealthB: "studentHealth", mentorB: "mentor" },
  });
  const closedSchool = await createClosedSchool(district.id);
  const { admin, educationManager } = await educationWithStaff({
    staff: { admin: "admin", educationManager: "educationManager" },
  });
  return {
    district,
    otherDistrict,
    school,
    otherSchool,
    closedSchool,
    ...districtStaff,
    ...schoolStaff,
    ...otherSchoolStaff,
    admin,
    educationManager,
  };
}
type World = Awaited<ReturnType<typeof world>>;
type Who = Exclude<
  keyof World,
  "district" | "otherDistrict" | "school" | "otherSchool" | "closedSchool"
>;

/** A minor (16–17: every official test number) of the caseworker's, at school A. */
function newChild(w: World, options: Parameters<typeof childOf>[1] = {}) {
  return childOf(w.caseworker, { schoolId: w.school.id, ...options });
}

function consentValues(w: World, overrides: Record<string, unknown> = {}): ConsentValues {
  return consentSchema.parse({
    givenBy: "guardian1",
    giverName: "Karin Vårdnadshavare",
    method: "oral",
    obtainedOn: today,
    categories: ["attendance", "results"],
    schoolId: w.school.id,
    validFrom: day(-30),
    validTo: day(200),
    ...overrides,
  });
}

async function record(actor: Actor, child: Child, values: ConsentValues) {
  const result = await recordConsent(actor, child.id, values, null);
  if (result.kind !== "recorded")
    throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
  return result.consentId;
}

/** Consent from both guardians and the child (all three are needed at 16–17). */
function consented(
  w: World,
  child: Child,
  categories: DisclosureCategory[] = CARD_CATEGORIES,
  schoolId = w.school.id,
) {
  return consentFromAll(w.caseworker, child.id, { schoolId, categories });
}

function requestValues(w: World, overrides: Partial<RequestValues> = {}): RequestValues {
  return {
    term: "HT2026",
    dueOn: day(21),
    schoolId: w.school.id,
    mentorUserId: null,
    message: "Hur går det i skolan den här terminen?",
    ...overrides,
  };
}

async function request(w: World, child: Child, overrides: Partial<RequestValues> = {}) {
  return (await requestCard(w.caseworker, child.id, requestValues(w, overrides))).cardId;
}

/** A child with consent for attendance and results, and a card requested for it. */
async function childWithCard(w: World, overrides: Partial<RequestValues> = {}) {
  const child = await newChild(w);
  const consents = await consented(w, child);
  const cardId = await request(w, child, overrides);
  return { child, consents, cardId };
}

async function cardsOf(childId: string) {
  return db.selectFrom("schoolCards").selectAll().where("childId", "=", childId).execute();
}
async function cardRow(cardId: string) {
  return db
    .selectFrom("schoolCards")
    .selectAll()
    .where("id", "=", cardId)
    .executeTakeFirstOrThrow();
}
async function requestEmails() {
  return db
    .selectFrom("emails")
    .selectAll()
    .where("template", "=", "schoolCardRequested")
    .execute();
}
async function emailsAbout(cardId: string) {
  return (await requestEmails()).filter((e) => e.textBody?.includes(`/skolkort/${cardId}`));
}
async function eventsFor(childId: string, recordTypes = ["schoolCardRequest", "schoolCard"]) {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("childId", "=", childId)
    .where("recordType", "in", recordTypes)
    .orderBy("occurredAt")
    .orderBy("id")
    .execute();
}

/** Neither the child's names nor the identity number (12 or 10 digits, with or without dash). */
function expectNoChildData(text: string, child: Child) {
  const number = child.personalIdentityNumber;
  for (const forbidden of [
    child.firstName,
    child.lastName,
    number,
    number.slice(2),
    `${number.slice(0, 8)}-${number.slice(8)}`,
    `${number.slice(2, 8)}-${number.slice(8)}`,
  ]) {
    expect(text).not.toContain(forbidden);
  }
}

// ---------------------------------------------------------------------------------------------

describe("requesting a school card", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("is refused without any consent with the gate's reason, and creates no card, e-mail or log", async () => {
    const child = await newChild(w);
    const emailsBefore = (await requestEmails()).length;
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toEqual({
      kind: "refused",
      reason: NO_CONSENT,
    });
    expect(await cardsOf(child.id)).toEqual([]);
    expect(await requestEmails()).toHaveLength(emailsBefore);
    expect(await eventsFor(child.id)).toEqual([]);
  });

  it("is allowed after consent from both guardians and the child, for exactly the categories consented", async () => {
    const child = await newChild(w);
    await consented(w, child, ["wellbeing", "attendance"]);
    const result = await requestSchoolCard(
      w.caseworker,
      child.id,
      requestValues(w, { mentorUserId: w.mentor.user.id }),
    );
    expect(result).toMatchObject({ kind: "requested", categories: ["attendance", "wellbeing"] });
    const cardId = result.kind === "requested" ? result.cardId : "";
    expect(await cardsOf(child.id)).toMatchObject([
      {
        id: cardId,
        districtId: w.district.id,
        schoolId: w.school.id,
        term: "HT2026",
        dueOn: day(21),
        mentorUserId: w.mentor.user.id,
        message: "Hur går det i skolan den här terminen?",
        categories: ["attendance", "wellbeing"],
        status: "requested",
        requestedBy: w.caseworker.user.id,
        openedAt: null,
        version: 0,
        answers: {},
      },
    ]);
  });

  it("asks only the categories every required giver consented to", async () => {
    const child = await newChild(w);
    await record(
      w.caseworker,
      child,
      consentValues(w, { categories: ["attendance", "results", "wellbeing"] }),
    );
    await record(
      w.caseworker,
      child,
      consentValues(w, { givenBy: "guardian2", categories: ["attendance", "results"] }),
    );
    await record(
      w.caseworker,
      child,
      consentValues(w, { givenBy: "child", categories: ["attendance", "wellbeing"] }),
    );
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toMatchObject({
      kind: "requested",
      categories: ["attendance"],
    });
    expect(await cardsOf(child.id)).toMatchObject([{ categories: ["attendance"] }]);
  });

  it("is refused with consent from the guardians only, naming the child", async () => {
    const child = await newChild(w);
    await record(w.caseworker, child, consentValues(w));
    await record(w.caseworker, child, consentValues(w, { givenBy: "guardian2" }));
    const result = await requestSchoolCard(w.caseworker, child.id, requestValues(w));
    expect(result.kind).toBe("refused");
    expect(result.kind === "refused" && result.reason).toMatch(/barnet/i);
    expect(await cardsOf(child.id)).toEqual([]);
  });

  it("is refused on a legal basis only: the request discloses social services → school, which needs consent", async () => {
    const child = await newChild(w);
    const basis = await recordLegalBasis(
      w.caseworker,
      child.id,
      legalBasisSchema.parse({
        basisCode: "reportingDuty",
        categories: ALL_CATEGORIES,
        schoolId: w.school.id,
        secrecyAssessment:
          "Skolan är skyldig att anmäla oro och lämna de uppgifter som behövs (10 kap. 28 § OSL).",
        validTo: "",
      }),
    );
    expect(basis.kind).toBe("recorded");
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toEqual({
      kind: "refused",
      reason: NO_CONSENT,
    });
    expect(await cardsOf(child.id)).toEqual([]);
  });

  it("is refused for a school the consent does not cover", async () => {
    const child = await newChild(w);
    await consented(w, child);
    const result = await requestSchoolCard(
      w.caseworker,
      child.id,
      requestValues(w, { schoolId: w.otherSchool.id }),
    );
    expect(result.kind).toBe("refused");
    expect(await cardsOf(child.id)).toEqual([]);
  });

  it("names only a mentor or student-health person who works at the school", async () => {
    const child = await newChild(w);
    await consented(w, child);
    const ended = await createActor(w.school.id, "mentor");
    await sql`update memberships set ended_at = now() where id = ${ended.membership.id}`.execute(
      db,
    );
    for (const mentorUserId of [
      w.mentorB.user.id,
      w.principal.user.id,
      w.caseworker.user.id,
      ended.user.id,
      randomUUID(),
      "inte-ett-id",
    ]) {
      expect(
        await requestSchoolCard(w.caseworker, child.id, requestValues(w, { mentorUserId })),
        mentorUserId,
      ).toMatchObject({ kind: "invalid", field: "mentorUserId" });
    }
    expect(await cardsOf(child.id)).toEqual([]);
    expect(
      await requestSchoolCard(
        w.caseworker,
        child.id,
        requestValues(w, { mentorUserId: w.studentHealth.user.id }),
      ),
    ).toMatchObject({ kind: "requested" });
  });

  it("refuses a due date of today or earlier, and accepts tomorrow", async () => {
    const child = await newChild(w);
    await consented(w, child);
    for (const dueOn of [today, day(-1), day(-100)]) {
      expect(
        await requestSchoolCard(w.caseworker, child.id, requestValues(w, { dueOn })),
        dueOn,
      ).toEqual({ kind: "invalid", field: "dueOn", message: "Sista dag måste vara efter i dag." });
    }
    expect(
      await requestSchoolCard(w.caseworker, child.id, requestValues(w, { dueOn: "2026-05-10" }), {
        today: "2026-05-10",
      }),
    ).toMatchObject({ kind: "invalid", field: "dueOn" });
    expect(await cardsOf(child.id)).toEqual([]);
    expect(
      await requestSchoolCard(w.caseworker, child.id, requestValues(w, { dueOn: day(1) })),
    ).toMatchObject({ kind: "requested" });
  });

  it("returns the open card for a second request for the same child, school and term", async () => {
    const { child, cardId } = await childWithCard(w);
    const emailsBefore = (await requestEmails()).length;
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toEqual({
      kind: "duplicate",
      cardId,
    });
    expect(await cardsOf(child.id)).toHaveLength(1);
    expect(await requestEmails()).toHaveLength(emailsBefore);
    // Another term is another card.
    expect(
      await requestSchoolCard(w.caseworker, child.id, requestValues(w, { term: "VT2027" })),
    ).toMatchObject({ kind: "requested" });
  });

  it("makes one card of a double submit", async () => {
    const child = await newChild(w);
    await consented(w, child);
    const results = await Promise.all([
      requestSchoolCard(w.caseworker, child.id, requestValues(w)),
      requestSchoolCard(w.caseworker, child.id, requestValues(w)),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["duplicate", "requested"]);
    expect(await cardsOf(child.id)).toHaveLength(1);
  });

  it("refuses an inactive school, and an organisation that is not a school", async () => {
    const child = await newChild(w);
    await consented(w, child);
    for (const schoolId of [w.closedSchool.id, w.district.id, randomUUID()]) {
      expect(
        await requestSchoolCard(w.caseworker, child.id, requestValues(w, { schoolId })),
        schoolId,
      ).toEqual({ kind: "invalid", field: "schoolId", message: "Välj en skola i listan." });
    }
    expect(await cardsOf(child.id)).toEqual([]);
  });

  it("is NotFoundError for everyone but the child's caseworker, and for an unknown child", async () => {
    const child = await newChild(w);
    await consented(w, child);
    const emailsBefore = (await requestEmails()).length;
    const outsiders: Who[] = [
      "colleague",
      "manager",
      "intake",
      "otherCaseworker",
      "otherManager",
      "principal",
      "studentHealth",
      "mentor",
      "admin",
      "educationManager",
    ];
    for (const who of outsiders) {
      await expect(requestSchoolCard(w[who], child.id, requestValues(w)), who).rejects.toThrow(
        NotFoundError,
      );
    }
    for (const id of [randomUUID(), "inte-ett-id"]) {
      await expect(requestSchoolCard(w.caseworker, id, requestValues(w))).rejects.toThrow(
        NotFoundError,
      );
    }
    expect(await cardsOf(child.id)).toEqual([]);
    expect(await requestEmails()).toHaveLength(emailsBefore);
    expect(await eventsFor(child.id)).toEqual([]);
  });

  it("defaults the due date to three weeks", () => {
    expect(defaultDueOn("2026-09-15")).toBe("2026-10-06");
    expect(defaultDueOn("2026-12-20")).toBe("2027-01-10");
  });
});

describe("the request form", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("offers the active schools and the child's school's mentors and student health, and is a logged read", async () => {
    const child = await newChild(w);
    const form = await requestFormContext(w.caseworker, child.id, { requestId: "req-form" });
    expect(form).toMatchObject({ childId: child.id, schoolId: w.school.id, today });
    const schoolIds = form.schools.map((s) => s.id);
    expect(schoolIds).toContain(w.school.id);
    expect(schoolIds).toContain(w.otherSchool.id);
    expect(schoolIds).not.toContain(w.closedSchool.id);
    expect(schoolIds).not.toContain(w.district.id);
    expect(form.people.map((p) => p.id).sort()).toEqual(
      [w.mentor.user.id, w.otherMentor.user.id, w.studentHealth.user.id].sort(),
    );
    const events = await eventsFor(child.id, ["child"]);
    expect(events).toMatchObject([
      {
        action: "read",
        actorUserId: w.caseworker.user.id,
        recordId: child.id,
        requestId: "req-form",
      },
    ]);
  });

  it("is NotFoundError for everyone but the child's caseworker", async () => {
    const child = await newChild(w);
    for (const who of ["colleague", "manager", "intake", "principal", "admin"] as const) {
      await expect(requestFormContext(w[who], child.id), who).rejects.toThrow(NotFoundError);
    }
  });
});

describe("the e-mail to the school", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("goes only to the named mentor", async () => {
    const { child, cardId } = await childWithCard(w, { mentorUserId: w.mentor.user.id });
    const emails = await emailsAbout(cardId);
    expect(emails.map((e) => e.recipient)).toEqual([w.mentor.user.email]);
    expect(emails[0]).toMatchObject({
      template: "schoolCardRequested",
      subject: "Ett skolkort väntar i Samverkansportalen",
    });
    for (const email of emails) {
      expectNoChildData(`${email.subject}\n${email.html}\n${email.textBody}`, child);
    }
  });

  it("goes to the principal and student health when no one is named, never to a mentor", async () => {
    const { child, cardId } = await childWithCard(w);
    const emails = await emailsAbout(cardId);
    expect(emails.map((e) => e.recipient).sort()).toEqual(
      [w.principal.user.email, w.studentHealth.user.email].sort(),
    );
    for (const email of emails) {
      expect(email.template).toBe("schoolCardRequested");
      expect(email.html).toContain(`/skolkort/${cardId}`);
      expectNoChildData(`${email.subject}\n${email.html}\n${email.textBody}`, child);
    }
    const staffB = [w.principalB, w.studentHealthB, w.mentorB].map((a) => a.user.email);
    expect(emails.filter((e) => staffB.includes(e.recipient))).toEqual([]);
  });
});

describe("the audit of a request", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("logs the request and its disclosure on the child, with the basis per category", async () => {
    const child = await newChild(w);
    const consents = await consented(w, child);
    const result = await requestSchoolCard(w.caseworker, child.id, requestValues(w), {
      requestId: "req-card",
    });
    const cardId = result.kind === "requested" ? result.cardId : "";
    const basis = {
      kind: "consent",
      consentIds: [consents.guardian1, consents.guardian2, consents.child],
    };
    // One transaction: the same time; in the order create, disclose.
    const events = (await eventsFor(child.id)).sort((a, b) => a.action.localeCompare(b.action));
    expect(events).toMatchObject([
      {
        action: "create",
        recordType: "schoolCardRequest",
        recordId: cardId,
        childId: child.id,
        actorUserId: w.caseworker.user.id,
        actorRole: "caseworker",
        actorOrganisationId: w.district.id,
        requestId: "req-card",
        details: { schoolId: w.school.id, term: "HT2026", categories: ["attendance", "results"] },
      },
      {
        action: "disclose",
        recordType: "schoolCardRequest",
        recordId: cardId,
        childId: child.id,
        requestId: "req-card",
        details: { to: w.school.id, bases: { attendance: basis, results: basis } },
      },
    ]);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expectNoChildData(`${event.purpose} ${JSON.stringify(event.details)}`, child);
    }
  });
});

describe("the school's list", () => {
  let w: World;
  let cards: { toAll: string; toMentor: string; toOtherMentor: string; toSchoolB: string };
  beforeAll(async () => {
    w = await world();
    const toAll = await childWithCard(w);
    const toMentor = await childWithCard(w, { mentorUserId: w.mentor.user.id });
    const toOtherMentor = await childWithCard(w, { mentorUserId: w.otherMentor.user.id });
    const childB = await newChild(w, { schoolId: w.otherSchool.id });
    await consented(w, childB, ["attendance"], w.otherSchool.id);
    const toSchoolB = await request(w, childB, { schoolId: w.otherSchool.id });
    cards = {
      toAll: toAll.cardId,
      toMentor: toMentor.cardId,
      toOtherMentor: toOtherMentor.cardId,
      toSchoolB,
    };
  });

  it("shows the principal and student health every card to their school, oldest first", async () => {
    const expected = [cards.toAll, cards.toMentor, cards.toOtherMentor];
    for (const who of ["principal", "studentHealth"] as const) {
      const list = await listCardsForSchool(w[who]);
      expect(
        list.map((c) => c.id),
        who,
      ).toEqual(expected);
    }
    const [first] = await listCardsForSchool(w.principal);
    expect(first).toMatchObject({
      schoolName: w.school.name,
      term: "HT2026",
      dueOn: day(21),
      status: "requested",
      statusLabel: "Begärt",
      daysOverdue: 0,
    });
    expect(first?.childName).toMatch(/^Signe Lövgren/);
    expect((await listCardsForSchool(w.principalB)).map((c) => c.id)).toEqual([cards.toSchoolB]);
  });

  it("shows a mentor only the cards naming them", async () => {
    expect((await listCardsForSchool(w.mentor)).map((c) => c.id)).toEqual([cards.toMentor]);
    expect((await listCardsForSchool(w.otherMentor)).map((c) => c.id)).toEqual([
      cards.toOtherMentor,
    ]);
  });

  it("shows staff of another school none of the school's cards", async () => {
    for (const who of ["principalB", "studentHealthB", "mentorB"] as const) {
      const ids = (await listCardsForSchool(w[who])).map((c) => c.id);
      expect(ids, who).not.toContain(cards.toAll);
      expect(ids, who).not.toContain(cards.toMentor);
      expect(ids, who).not.toContain(cards.toOtherMentor);
    }
    expect(await listCardsForSchool(w.mentorB)).toEqual([]);
  });

  it("is NotFoundError for district and administration roles", async () => {
    for (const who of [
      "caseworker",
      "manager",
      "intake",
      "otherManager",
      "admin",
      "educationManager",
    ] as const) {
      await expect(listCardsForSchool(w[who]), who).rejects.toThrow(NotFoundError);
    }
  });

  it("logs each card shown as read, on its child", async () => {
    const { child, cardId } = await childWithCard(w);
    const before = (await eventsFor(child.id, ["schoolCard"])).length;
    await listCardsForSchool(w.principal, { requestId: "req-list" });
    const events = await eventsFor(child.id, ["schoolCard"]);
    expect(events.slice(before)).toMatchObject([
      {
        action: "read",
        recordType: "schoolCard",
        recordId: cardId,
        actorUserId: w.principal.user.id,
        requestId: "req-list",
      },
    ]);
    // A mentor the card does not name reads nothing of it.
    await listCardsForSchool(w.mentor);
    expect(await eventsFor(child.id, ["schoolCard"])).toHaveLength(before + 1);
  });
});

describe("social services' list", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("shows the caseworker their children's cards and the manager the district's, newest first", async () => {
    const first = await childWithCard(w);
    const second = await childWithCard(w);
    expect((await listCardsForSocialServices(w.caseworker)).items.map((c) => c.id)).toEqual([
      second.cardId,
      first.cardId,
    ]);
    expect((await listCardsForSocialServices(w.manager)).items.map((c) => c.id)).toEqual([
      second.cardId,
      first.cardId,
    ]);
    expect((await listCardsForSocialServices(w.colleague)).items).toEqual([]);
    expect((await listCardsForSocialServices(w.otherManager)).items).toEqual([]);
    for (const who of ["intake", "principal", "mentor", "admin"] as const) {
      await expect(listCardsForSocialServices(w[who]), who).rejects.toThrow(NotFoundError);
    }
  });
});

describe("opening one card", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("is NotFoundError for a mentor of school A opening a card addressed to school B", async () => {
    const childB = await newChild(w, { schoolId: w.otherSchool.id });
    await consented(w, childB, ["attendance"], w.otherSchool.id);
    const cardB = await request(w, childB, {
      schoolId: w.otherSchool.id,
      mentorUserId: w.mentorB.user.id,
    });
    for (const who of ["mentor", "principal", "studentHealth"] as const) {
      await expect(getCard(w[who], cardB), who).rejects.toThrow(NotFoundError);
    }
    expect((await cardRow(cardB)).status).toBe("requested");
    expect(await eventsFor(childB.id, ["schoolCard"])).toEqual([]);
    // And the other way round.
    const { cardId: cardA } = await childWithCard(w, { mentorUserId: w.mentor.user.id });
    for (const who of ["mentorB", "principalB", "studentHealthB"] as const) {
      await expect(getCard(w[who], cardA), who).rejects.toThrow(NotFoundError);
    }
  });

  it("is NotFoundError for a mentor of the school whom the card does not name", async () => {
    const named = await childWithCard(w, { mentorUserId: w.otherMentor.user.id });
    const unnamed = await childWithCard(w);
    for (const cardId of [named.cardId, unnamed.cardId]) {
      await expect(getCard(w.mentor, cardId)).rejects.toThrow(NotFoundError);
      expect((await cardRow(cardId)).status).toBe("requested");
    }
  });

  it("is NotFoundError for an unknown id or a malformed one", async () => {
    for (const id of [randomUUID(), "inte-ett-id", ""]) {
      await expect(getCard(w.principal, id)).rejects.toThrow(NotFoundError);
      await expect(getCard(w.caseworker, id)).rejects.toThrow(NotFoundError);
    }
  });

  it("is opened by the school's first opening, and only then", async () => {
    const { child, cardId } = await childWithCard(w, { mentorUserId: w.mentor.user.id });
    // Social services reading it does not open it.
    expect(await getCard(w.caseworker, cardId)).toMatchObject({
      side: "socialServices",
      status: "requested",
    });
    expect(await cardRow(cardId)).toMatchObject({ status: "requested", openedAt: null });

    const view = await getCard(w.mentor, cardId);
    expect(view).toMatchObject({
      id: cardId,
      side: "school",
      status: "opened",
      statusLabel: "Öppnat",
      childId: child.id,
      schoolName: w.school.name,
      requestedByName: w.caseworker.user.name,
      mentorName: w.mentor.user.name,
      term: "HT2026",
      categories: ["attendance", "results"],
      maskedIdentityNumber: `${child.personalIdentityNumber.slice(0, 8)}-XXXX`,
    });
    const opened = await cardRow(cardId);
    expect(opened.status).toBe("opened");
    expect(opened.openedAt).toBeInstanceOf(Date);

    expect(await getCard(w.principal, cardId)).toMatchObject({ side: "school", status: "opened" });
    expect((await cardRow(cardId)).openedAt).toEqual(opened.openedAt);
  });

  it("is seen by the child's caseworker and the district manager on the social-services side", async () => {
    const { cardId } = await childWithCard(w);
    for (const who of ["caseworker", "manager"] as const) {
      expect(await getCard(w[who], cardId), who).toMatchObject({
        id: cardId,
        side: "socialServices",
        districtName: w.district.name,
      });
    }
  });

  it("is NotFoundError for intake, an administrator, another caseworker and another district", async () => {
    const { child, cardId } = await childWithCard(w);
    for (const who of [
      "intake",
      "admin",
      "educationManager",
      "colleague",
      "otherCaseworker",
      "otherManager",
    ] as const) {
      await expect(getCard(w[who], cardId), who).rejects.toThrow(NotFoundError);
    }
    expect(await eventsFor(child.id, ["schoolCard"])).toEqual([]);
  });

  it("logs every read on the child", async () => {
    const { child, cardId } = await childWithCard(w);
    await getCard(w.principal, cardId, { requestId: "req-1" });
    await getCard(w.principal, cardId, { requestId: "req-2" });
    await getCard(w.caseworker, cardId, { requestId: "req-3" });
    await getCard(w.manager, cardId, { requestId: "req-4" });
    const events = await eventsFor(child.id, ["schoolCard"]);
    expect(events).toMatchObject([
      { action: "read", recordId: cardId, actorUserId: w.principal.user.id, requestId: "req-1" },
      { action: "read", recordId: cardId, actorUserId: w.principal.user.id, requestId: "req-2" },
      { action: "read", recordId: cardId, actorUserId: w.caseworker.user.id, requestId: "req-3" },
      { action: "read", recordId: cardId, actorUserId: w.manager.user.id, requestId: "req-4" },
    ]);
    expect(events).toHaveLength(4);
  });
});

describe("a revoked or expired consent", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("stops an open card: the school no longer sees it, the caseworker sees it stopped and why", async () => {
    const { child, consents, cardId } = await childWithCard(w, {
      mentorUserId: w.mentor.user.id,
    });
    expect((await listCardsForSchool(w.principal)).map((c) => c.id)).toContain(cardId);
    await getCard(w.mentor, cardId); // opened: still with the school
    await revokeConsent(w.caseworker, child.id, consents.guardian2);

    expect((await listCardsForSchool(w.principal)).map((c) => c.id)).not.toContain(cardId);
    expect((await listCardsForSchool(w.mentor)).map((c) => c.id)).not.toContain(cardId);
    for (const who of ["mentor", "principal", "studentHealth"] as const) {
      await expect(getCard(w[who], cardId), who).rejects.toThrow(NotFoundError);
    }
    const view = await getCard(w.caseworker, cardId);
    expect(view).toMatchObject({
      side: "socialServices",
      status: "stopped",
      statusLabel: "Stoppat",
      daysOverdue: 0,
    });
    expect(view.stoppedReason).toContain("återkallades");
    expect(await cardRow(cardId)).toMatchObject({ status: "stopped" });
    expect((await cardRow(cardId)).stoppedAt).toBeInstanceOf(Date);
    expect(
      (await listCardsForSocialServices(w.caseworker)).items.find((c) => c.id === cardId),
    ).toMatchObject({ status: "stopped" });
  });

  it("lets a new card be requested for the term once the old one is stopped and consent is back", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await revokeConsent(w.caseworker, child.id, consents.child);
    await getCard(w.caseworker, cardId);
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toMatchObject({
      kind: "refused",
    });
    await record(w.caseworker, child, consentValues(w, { givenBy: "child" }));
    expect(await requestSchoolCard(w.caseworker, child.id, requestValues(w))).toMatchObject({
      kind: "requested",
    });
  });

  it("stops a card when the consent has run out", async () => {
    const { cardId } = await childWithCard(w);
    const later = { today: day(201) };
    expect((await listCardsForSchool(w.principal, later)).map((c) => c.id)).not.toContain(cardId);
    await expect(getCard(w.principal, cardId, later)).rejects.toThrow(NotFoundError);
    const view = await getCard(w.caseworker, cardId, later);
    expect(view.status).toBe("stopped");
    expect(view.stoppedReason).toContain("har gått ut");
  });

  it("does not stop a card already returned", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await sql`
      update school_cards set status = 'returned', submitted_at = now(), submitted_by = ${w.principal.user.id}
      where id = ${cardId}
    `.execute(db);
    await revokeConsent(w.caseworker, child.id, consents.guardian1);
    // No longer waiting for the school, so not on its list, but still its to read.
    expect((await listCardsForSchool(w.principal)).find((c) => c.id === cardId)).toBeUndefined();
    expect(await getCard(w.principal, cardId)).toMatchObject({ status: "returned" });
    expect(await getCard(w.caseworker, cardId)).toMatchObject({
      status: "returned",
      stoppedReason: null,
    });
    expect(await cardRow(cardId)).toMatchObject({ status: "returned", stoppedAt: null });
  });

  it("is stopped in the database by the school's own attempt to open it", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await revokeConsent(w.caseworker, child.id, consents.guardian2);
    await expect(getCard(w.principal, cardId)).rejects.toThrow(NotFoundError);
    expect(await cardRow(cardId)).toMatchObject({ status: "stopped" });
  });

  it("shows the caseworker's list the card stopped right after the revocation", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await revokeConsent(w.caseworker, child.id, consents.guardian1);
    expect(
      (await listCardsForSocialServices(w.caseworker)).items.find((c) => c.id === cardId),
    ).toMatchObject({ status: "stopped" });
  });

  it("no longer asks the school for a category whose consent was revoked", async () => {
    const child = await newChild(w);
    const attendance = await record(
      w.caseworker,
      child,
      consentValues(w, { categories: ["attendance"] }),
    );
    const results = await record(
      w.caseworker,
      child,
      consentValues(w, { categories: ["results"] }),
    );
    for (const givenBy of ["guardian2", "child"] as const)
      await record(w.caseworker, child, consentValues(w, { givenBy }));
    const cardId = await request(w, child);
    expect((await cardRow(cardId)).categories).toEqual(["attendance", "results"]);
    await revokeConsent(w.caseworker, child.id, results);
    expect(attendance).not.toBe(results);
    expect((await getCard(w.principal, cardId)).categories).toEqual(["attendance"]);
  });
});

describe("a user with memberships at two schools", () => {
  it("sees a card only while acting for the addressed school", async () => {
    const w = await world();
    const { cardId } = await childWithCard(w);
    const atB = await addMembership(w.principal.user.id, w.otherSchool.id, "principal");
    const actingForB: Actor = {
      ...w.principal,
      membership: {
        id: atB.id,
        role: "principal",
        organisationId: w.otherSchool.id,
        organisationKind: "school",
        organisationName: atB.organisationName,
      },
    };
    await expect(getCard(actingForB, cardId)).rejects.toThrow(NotFoundError);
    expect((await listCardsForSchool(actingForB)).map((c) => c.id)).not.toContain(cardId);
    expect((await getCard(w.principal, cardId)).side).toBe("school");
  });
});
