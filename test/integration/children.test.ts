/**
 * Children (issue 5) against the real database: the add form's identity number, duplicates within
 * a district (and not across districts), who lists and opens which child, protected identity,
 * every opening logged with actor, purpose and request id, revealing the whole number, hand-over,
 * stale saves, the child's audit extract, and the constraints the migration adds.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { PERSONAL_IDENTITY_NUMBER_MESSAGES } from "~/lib/personal-identity-number";
import { recordAudit } from "~/modules/audit/audit.server";
import {
  addChild,
  childExtract,
  getChild,
  handOverChild,
  listChildren,
  updateChild,
} from "~/modules/children/children.server";
import { childSchema, type ChildValues } from "~/modules/children/schema";
import {
  addMembership,
  createActor,
  createSchool,
  nextOfficialTestNumber,
} from "../helpers/factories";
import {
  districtAndNeighbour,
  createClosedSchool,
  schoolWithStaff,
  educationWithStaff,
} from "../helpers/worlds";

/**
 * An official test number (test/fixtures/testpersonnummer.csv), the next in turn: a file's 130
 * numbers are all different. Never a computed one: it could belong to a real child.
 */
function identityNumber(bornOn?: string): string {
  return nextOfficialTestNumber(bornOn ? { bornFrom: bornOn, bornTo: bornOn } : {});
}

/** The add form as the browser posts it. */
type FormInput = Record<string, string | undefined>;
function form(overrides: FormInput = {}): FormInput {
  return {
    firstName: "Alva",
    lastName: "Berg",
    schoolId: "",
    placementType: "none",
    guardians: "2",
    ...overrides,
    personalIdentityNumber:
      "personalIdentityNumber" in overrides ? overrides.personalIdentityNumber : identityNumber(),
  };
}
function values(overrides: FormInput = {}): ChildValues {
  return childSchema.parse(form(overrides));
}

async function world() {
  const { district, otherDistrict, ...districtStaff } = await districtAndNeighbour();
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal", mentor: "mentor" },
  });
  const schoolElsewhere = await createSchool({ districtId: otherDistrict.id });
  const closedSchool = await createClosedSchool(district.id);
  const { educationManager, admin } = await educationWithStaff({
    staff: { educationManager: "educationManager", admin: "admin" },
  });
  return {
    district,
    otherDistrict,
    school,
    schoolElsewhere,
    closedSchool,
    ...districtStaff,
    ...schoolStaff,
    educationManager,
    admin,
  };
}
type World = Awaited<ReturnType<typeof world>>;

async function add(actor: Actor, overrides: FormInput = {}) {
  const result = await addChild(actor, values(overrides));
  if (result.kind !== "added") throw new Error(`expected added, got ${result.kind}`);
  return result.childId;
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

describe("the add-child form", () => {
  it("refuses a wrong identity number with the Swedish message for the fault", () => {
    const cases = [
      ["20080601-2390", PERSONAL_IDENTITY_NUMBER_MESSAGES.checksum],
      ["20080631-2399", PERSONAL_IDENTITY_NUMBER_MESSAGES.date],
      ["2008-06-01", PERSONAL_IDENTITY_NUMBER_MESSAGES.format],
      ["", PERSONAL_IDENTITY_NUMBER_MESSAGES.format],
    ] as const;
    for (const [typed, message] of cases) {
      const result = childSchema.safeParse(form({ personalIdentityNumber: typed }));
      expect(result.success, typed).toBe(false);
      expect(fieldErrorsFrom(result.error?.issues ?? []).personalIdentityNumber, typed).toBe(
        message,
      );
    }
  });

  it("stores the number as 12 digits, reads checkboxes and guardians, and an empty school as none", () => {
    expect(
      childSchema.parse(
        form({
          personalIdentityNumber: "080601-2399",
          protectedIdentity: "on",
          guardians: "1",
          soleCustodian: "on",
        }),
      ),
    ).toMatchObject({
      personalIdentityNumber: "200806012399",
      protectedIdentity: true,
      guardians: 1,
      soleCustodian: true,
      schoolId: null,
    });
    expect(childSchema.parse(form())).toMatchObject({
      protectedIdentity: false,
      soleCustodian: false,
      guardians: 2,
    });
  });

  it("refuses an unknown placement, a school that is not an id, and a missing name", () => {
    const result = childSchema.safeParse(
      form({ placementType: "villa", schoolId: "Skolan", firstName: " ", guardians: "3" }),
    );
    const errors = fieldErrorsFrom(result.error?.issues ?? []);
    expect(errors).toMatchObject({
      placementType: "Välj placeringsform.",
      schoolId: "Välj en skola i listan.",
      firstName: "Skriv barnets förnamn.",
      guardians: "Ange hur många vårdnadshavare barnet har.",
    });
  });
});

describe("adding a child", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("adds the child to the caseworker's district as their own, and logs it", async () => {
    const number = identityNumber();
    const result = await addChild(
      w.caseworker,
      values({ personalIdentityNumber: number, schoolId: w.school.id, placementType: "hvb" }),
      { requestId: "req-add" },
    );
    expect(result.kind).toBe("added");
    const childId = result.kind === "added" ? result.childId : "";
    const row = await db
      .selectFrom("children")
      .selectAll()
      .where("id", "=", childId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      personalIdentityNumber: number,
      districtId: w.district.id,
      caseworkerUserId: w.caseworker.user.id,
      createdBy: w.caseworker.user.id,
      schoolId: w.school.id,
      placementType: "hvb",
      guardians: 2,
    });
    expect(await eventsFor(childId)).toMatchObject([
      { action: "create", recordType: "child", recordId: childId, requestId: "req-add" },
    ]);
  });

  it("allows a school in another district, refuses a deactivated school", async () => {
    expect((await addChild(w.caseworker, values({ schoolId: w.schoolElsewhere.id }))).kind).toBe(
      "added",
    );
    expect(await addChild(w.caseworker, values({ schoolId: w.closedSchool.id }))).toEqual({
      kind: "unknownSchool",
    });
    expect(await addChild(w.caseworker, values({ schoolId: w.district.id }))).toEqual({
      kind: "unknownSchool",
    });
  });

  it("refuses a duplicate in the district with the existing record's id for its caseworker", async () => {
    const number = identityNumber();
    const childId = await add(w.caseworker, { personalIdentityNumber: number });
    const result = await addChild(
      w.caseworker,
      values({ personalIdentityNumber: number, firstName: "Annan" }),
    );
    expect(result).toEqual({ kind: "duplicate", existingChildId: childId });
    const rows = await db
      .selectFrom("children")
      .select("id")
      .where("personalIdentityNumber", "=", number)
      .execute();
    expect(rows).toEqual([{ id: childId }]);
  });

  it("refuses a protected child's duplicate for a colleague without naming the record, and logs the attempt", async () => {
    const number = identityNumber();
    const childId = await add(w.caseworker, {
      personalIdentityNumber: number,
      protectedIdentity: "on",
    });
    const result = await addChild(w.colleague, values({ personalIdentityNumber: number }), {
      requestId: "req-dup",
    });
    expect(result).toEqual({ kind: "duplicate", existingChildId: null });
    const count = await db
      .selectFrom("children")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("personalIdentityNumber", "=", number)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect((await eventsFor(childId)).at(-1)).toMatchObject({
      actorUserId: w.colleague.user.id,
      action: "read",
      requestId: "req-dup",
      details: { duplicateCheck: true, shownToActor: false },
    });
  });

  it("allows the same number in another district", async () => {
    const number = identityNumber();
    await add(w.caseworker, { personalIdentityNumber: number });
    expect(
      (await addChild(w.otherCaseworker, values({ personalIdentityNumber: number }))).kind,
    ).toBe("added");
  });

  it.each(["manager", "intake", "principal", "admin", "educationManager"] as const)(
    "refuses a %s with NotFoundError",
    async (who) => {
      await expect(addChild(w[who], values())).rejects.toThrow(NotFoundError);
    },
  );
});

describe("listing children", () => {
  let w: World;
  let own: string;
  let colleagues: string;
  let protectedChild: string;
  let ownNumber: string;

  beforeAll(async () => {
    w = await world();
    ownNumber = identityNumber("2008-10-03");
    own = await add(w.caseworker, {
      personalIdentityNumber: ownNumber,
      lastName: "Andersson",
      schoolId: w.school.id,
      placementType: "familjehem",
    });
    colleagues = await add(w.colleague, { lastName: "Berg" });
    protectedChild = await add(w.caseworker, { lastName: "Cedergren", protectedIdentity: "on" });
    await add(w.otherCaseworker, { lastName: "Dahl" });
  });

  it("a caseworker sees their own children only, with what the list needs and the number masked", async () => {
    const list = await listChildren(w.caseworker);
    expect(list.map((c) => c.id)).toEqual([own, protectedChild]);
    expect(list[0]).toEqual({
      id: own,
      firstName: "Alva",
      lastName: "Andersson",
      maskedIdentityNumber: "20081003-XXXX",
      schoolName: w.school.name,
      placementType: "familjehem",
      placementLabel: "Familjehem",
      protectedIdentity: false,
      caseworkerName: w.caseworker.user.name,
    });
    expect(JSON.stringify(list)).not.toContain(ownNumber);
  });

  it("the district manager sees every child of the district, and no other district's", async () => {
    const list = await listChildren(w.manager);
    expect(list.map((c) => c.id)).toEqual([own, colleagues, protectedChild]);
  });

  it("another district's manager sees none of them", async () => {
    const ids = (await listChildren(w.otherManager)).map((c) => c.id);
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(own);
    expect(ids).not.toContain(protectedChild);
  });

  it.each(["intake", "principal", "mentor", "admin", "educationManager"] as const)(
    "a %s has no list: NotFoundError",
    async (who) => {
      await expect(listChildren(w[who])).rejects.toThrow(NotFoundError);
    },
  );

  it("logs every listed child, ordinary and protected, as a read from the list", async () => {
    await listChildren(w.manager, { requestId: "req-list" });
    for (const childId of [own, protectedChild]) {
      expect((await eventsFor(childId)).at(-1)).toMatchObject({
        actorUserId: w.manager.user.id,
        action: "read",
        purpose: "Översikt över barn",
        requestId: "req-list",
        details: { view: "list" },
      });
    }
  });
});

describe("opening a child's record", () => {
  let w: World;
  let childId: string;
  let number: string;

  beforeAll(async () => {
    w = await world();
    number = identityNumber("2009-02-05");
    childId = await add(w.caseworker, {
      personalIdentityNumber: number,
      schoolId: w.school.id,
      placementType: "jourhem",
      guardians: "1",
      soleCustodian: "on",
    });
  });

  it("gives the record with the number masked and logs the reading: actor, purpose, request id", async () => {
    const child = await getChild(w.caseworker, childId, {
      requestId: "req-open",
      purpose: "Planering av skolgång",
    });
    expect(child).toMatchObject({
      id: childId,
      personalIdentityNumber: "20090205-XXXX",
      identityNumberRevealed: false,
      schoolName: w.school.name,
      districtName: w.district.name,
      caseworkerName: w.caseworker.user.name,
      placementLabel: "Jourhem",
      guardians: 1,
      soleCustodian: true,
    });
    expect((await eventsFor(childId)).at(-1)).toMatchObject({
      actorUserId: w.caseworker.user.id,
      actorOrganisationId: w.district.id,
      actorRole: "caseworker",
      action: "read",
      recordType: "child",
      recordId: childId,
      purpose: "Planering av skolgång",
      requestId: "req-open",
      details: null,
    });
  });

  it("reveals the whole number only when asked, and logs that as a second event", async () => {
    const before = (await eventsFor(childId)).length;
    const child = await getChild(w.manager, childId, { reveal: true, requestId: "req-reveal" });
    expect(child.personalIdentityNumber).toBe(`${number.slice(0, 8)}-${number.slice(8)}`);
    expect(child.identityNumberRevealed).toBe(true);
    const events = await eventsFor(childId);
    expect(events).toHaveLength(before + 2);
    // Both are written in one transaction, so they share a timestamp: their order is not fixed.
    const latest = events
      .slice(-2)
      .sort((a, b) => Number(a.details !== null) - Number(b.details !== null));
    expect(latest).toMatchObject([
      { actorUserId: w.manager.user.id, action: "read", requestId: "req-reveal", details: null },
      {
        actorUserId: w.manager.user.id,
        action: "read",
        requestId: "req-reveal",
        details: { revealed: true },
      },
    ]);
  });

  it.each([
    "colleague",
    "intake",
    "otherManager",
    "otherCaseworker",
    "principal",
    "admin",
  ] as const)("refuses a %s with NotFoundError and logs nothing", async (who) => {
    const before = (await eventsFor(childId)).length;
    await expect(getChild(w[who], childId)).rejects.toThrow(NotFoundError);
    expect((await eventsFor(childId)).length).toBe(before);
  });

  it("answers an unknown or malformed id with NotFoundError", async () => {
    await expect(getChild(w.manager, randomUUID())).rejects.toThrow(NotFoundError);
    await expect(getChild(w.manager, "200806012399")).rejects.toThrow(NotFoundError);
  });
});

describe("a protected-identity child", () => {
  let w: World;
  let childId: string;

  beforeAll(async () => {
    w = await world();
    childId = await add(w.caseworker, { protectedIdentity: "on", placementType: "skyddatBoende" });
  });

  it("opens for its caseworker and the district manager, and every read is logged", async () => {
    expect((await getChild(w.caseworker, childId)).protectedIdentity).toBe(true);
    expect((await getChild(w.manager, childId)).placementType).toBe("skyddatBoende");
    const reads = (await eventsFor(childId)).filter((e) => e.action === "read");
    expect(reads.map((e) => e.actorUserId)).toEqual([w.caseworker.user.id, w.manager.user.id]);
  });

  it("is NotFoundError for another caseworker of the same district, and for everyone else", async () => {
    for (const who of ["colleague", "intake", "otherManager", "principal", "admin"] as const) {
      await expect(getChild(w[who], childId), who).rejects.toThrow(NotFoundError);
    }
  });

  it("does not appear in a colleague's list", async () => {
    expect((await listChildren(w.colleague)).map((c) => c.id)).not.toContain(childId);
  });
});

describe("handing a child over", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("the caseworker hands over to a colleague, who then has the child; the old caseworker no longer does", async () => {
    const childId = await add(w.caseworker);
    expect(
      await handOverChild(w.caseworker, childId, w.colleague.user.id, { requestId: "req-hand" }),
    ).toEqual({ kind: "handedOver" });
    expect((await listChildren(w.colleague)).map((c) => c.id)).toContain(childId);
    expect((await getChild(w.colleague, childId)).caseworkerUserId).toBe(w.colleague.user.id);
    await expect(getChild(w.caseworker, childId)).rejects.toThrow(NotFoundError);
    const handedOver = (await eventsFor(childId)).find((e) => e.requestId === "req-hand");
    expect(handedOver).toMatchObject({
      actorUserId: w.caseworker.user.id,
      action: "update",
      details: {
        fields: ["caseworker"],
        fromCaseworkerUserId: w.caseworker.user.id,
        toCaseworkerUserId: w.colleague.user.id,
      },
    });
  });

  it("the district manager may hand over; a colleague who is not responsible may not", async () => {
    const childId = await add(w.caseworker);
    await expect(handOverChild(w.colleague, childId, w.colleague.user.id)).rejects.toThrow(
      NotFoundError,
    );
    expect(await handOverChild(w.manager, childId, w.colleague.user.id)).toEqual({
      kind: "handedOver",
    });
  });

  it("only to a current caseworker of the same district", async () => {
    const childId = await add(w.caseworker);
    for (const target of [w.otherCaseworker, w.intake, w.manager, w.caseworker]) {
      expect(await handOverChild(w.caseworker, childId, target.user.id)).toEqual({
        kind: "notACaseworker",
      });
    }
    // A caseworker whose membership has ended. The database's clock, not this process's
    // millisecond one: ended_at must not fall before created_at (microseconds) within one ms.
    const former = await createActor(w.district.id, "caseworker");
    await db
      .updateTable("memberships")
      .set({ endedAt: sql`now()` })
      .where("id", "=", former.membership.id)
      .execute();
    expect(await handOverChild(w.caseworker, childId, former.user.id)).toEqual({
      kind: "notACaseworker",
    });
    // A user who is a caseworker of the district only through a second, current membership.
    const twoHats = await createActor(w.otherDistrict.id, "caseworker");
    await addMembership(twoHats.user.id, w.district.id, "caseworker");
    expect(await handOverChild(w.caseworker, childId, twoHats.user.id)).toEqual({
      kind: "handedOver",
    });
  });
});

describe("changing a child's record", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("saves a change based on the current version and logs which fields changed, not their values", async () => {
    const childId = await add(w.caseworker);
    const shown = await getChild(w.caseworker, childId);
    const result = await updateChild(
      w.caseworker,
      childId,
      { ...values({ placementType: "sis", firstName: "Alva" }), updatedAt: shown.updatedAt },
      { requestId: "req-update" },
    );
    expect(result.kind).toBe("updated");
    const saved = await getChild(w.caseworker, childId);
    expect(saved.placementType).toBe("sis");
    const event = (await eventsFor(childId)).find((e) => e.requestId === "req-update");
    expect(event).toMatchObject({ action: "update" });
    expect((event?.details as { fields: string[] }).fields).toContain("placementType");
    expect(JSON.stringify(event?.details)).not.toContain("sis");
  });

  it("refuses a save based on an older version as stale, and keeps the newer one", async () => {
    const childId = await add(w.caseworker);
    const shown = await getChild(w.caseworker, childId);
    const first = await updateChild(w.caseworker, childId, {
      ...values({ lastName: "Först" }),
      updatedAt: shown.updatedAt,
    });
    expect(first.kind).toBe("updated");
    expect(
      await updateChild(w.manager, childId, {
        ...values({ lastName: "Sist" }),
        updatedAt: shown.updatedAt.toISOString(),
      }),
    ).toEqual({ kind: "stale" });
    expect((await getChild(w.caseworker, childId)).lastName).toBe("Först");
  });

  it("a hand-over makes an open form stale", async () => {
    const childId = await add(w.caseworker);
    const shown = await getChild(w.manager, childId);
    await handOverChild(w.caseworker, childId, w.colleague.user.id);
    expect(
      await updateChild(w.manager, childId, { ...values(), updatedAt: shown.updatedAt }),
    ).toEqual({ kind: "stale" });
  });

  it("refuses a change to another child's number in the district", async () => {
    const number = identityNumber();
    const existing = await add(w.caseworker, { personalIdentityNumber: number });
    const childId = await add(w.caseworker);
    const shown = await getChild(w.caseworker, childId);
    expect(
      await updateChild(w.caseworker, childId, {
        ...values({ personalIdentityNumber: number }),
        updatedAt: shown.updatedAt,
      }),
    ).toEqual({ kind: "duplicate", existingChildId: existing });
  });

  it("two children saved with the same new number at once: one is saved, one is a duplicate", async () => {
    const number = identityNumber();
    const first = await add(w.caseworker);
    const second = await add(w.caseworker);
    const [a, b] = await Promise.all(
      [first, second].map(async (childId) => {
        const shown = await getChild(w.caseworker, childId);
        return updateChild(w.caseworker, childId, {
          ...values({ personalIdentityNumber: number }),
          updatedAt: shown.updatedAt,
        });
      }),
    );
    expect([a!.kind, b!.kind].sort()).toEqual(["duplicate", "updated"]);
    const { count } = await db
      .selectFrom("children")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("personalIdentityNumber", "=", number)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1);
  });

  it("is NotFoundError for someone who may not open the record", async () => {
    const childId = await add(w.caseworker);
    const shown = await getChild(w.caseworker, childId);
    await expect(
      updateChild(w.colleague, childId, { ...values(), updatedAt: shown.updatedAt }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("a child's audit extract", () => {
  let w: World;
  let childId: string;
  const EXTRACT = { purpose: "Loggranskning" };

  beforeAll(async () => {
    w = await world();
    childId = await add(w.caseworker, { protectedIdentity: "on" });
    await getChild(w.caseworker, childId, { requestId: "req-1" });
    await getChild(w.manager, childId, { requestId: "req-2", reveal: true });
  });

  it.each(["manager", "admin"] as const)("a %s gets every read of the child", async (who) => {
    const events = await childExtract(w[who], childId, EXTRACT);
    const reads = events.filter((e) => e.recordType === "child" && e.action === "read");
    expect(reads.map((e) => [e.actorUserId, e.requestId])).toEqual([
      [w.manager.user.id, "req-2"],
      [w.manager.user.id, "req-2"],
      [w.caseworker.user.id, "req-1"],
    ]);
    expect(events.some((e) => e.action === "create")).toBe(true);
  });

  it.each(["otherManager", "caseworker", "intake", "principal"] as const)(
    "refuses a %s with NotFoundError",
    async (who) => {
      await expect(childExtract(w[who], childId, EXTRACT)).rejects.toThrow(NotFoundError);
    },
  );

  it("is NotFoundError for a child that does not exist", async () => {
    await expect(childExtract(w.admin, randomUUID(), EXTRACT)).rejects.toThrow(NotFoundError);
  });
});

describe("what the database holds to", () => {
  it("refuses an audit event about a child that does not exist", async () => {
    const w = await world();
    await expect(
      recordAudit(db, w.caseworker, {
        action: "read",
        recordType: "child",
        recordId: randomUUID(),
        childId: randomUUID(),
        purpose: "Handläggning",
      }),
    ).rejects.toMatchObject({ code: "23503", constraint: "audit_events_child_id_fkey" });
  });

  it("refuses a second child with the same number in a district, and a malformed number", async () => {
    const w = await world();
    const number = identityNumber();
    const row = {
      firstName: "A",
      lastName: "B",
      personalIdentityNumber: number,
      districtId: w.district.id,
      caseworkerUserId: w.caseworker.user.id,
      createdBy: w.caseworker.user.id,
    };
    await db.insertInto("children").values(row).execute();
    await expect(db.insertInto("children").values(row).execute()).rejects.toMatchObject({
      code: "23505",
      constraint: "children_district_identity_number",
    });
    await expect(
      db
        .insertInto("children")
        .values({ ...row, personalIdentityNumber: "20120315-123" })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("refuses a school or a district that is the wrong kind of organisation", async () => {
    const w = await world();
    const row = {
      firstName: "A",
      lastName: "B",
      personalIdentityNumber: identityNumber(),
      districtId: w.district.id,
      caseworkerUserId: w.caseworker.user.id,
      createdBy: w.caseworker.user.id,
    };
    await expect(
      db
        .insertInto("children")
        .values({ ...row, schoolId: w.otherDistrict.id })
        .execute(),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      db
        .insertInto("children")
        .values({ ...row, districtId: w.school.id })
        .execute(),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`insert into children (first_name, last_name, personal_identity_number, district_id,
            caseworker_user_id, created_by, placement_type)
          values ('A', 'B', ${identityNumber()}, ${w.district.id}, ${w.caseworker.user.id},
            ${w.caseworker.user.id}, 'villa')`.execute(db),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
