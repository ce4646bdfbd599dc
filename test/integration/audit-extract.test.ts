/**
 * The audit extract pages' module (app/modules/children/extract.server.ts) against the real
 * database: who may take a child's extract with the child's name (the district's manager; an
 * administrator without the name), the administrator's search by identity number across
 * districts, the period filter, and that every extract and export writes its own audit event.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import {
  childAuditExtract,
  extractPeriodFrom,
  findExtractsByIdentityNumber,
} from "~/modules/children/extract.server";
import { districtWithStaff, schoolWithStaff, educationWithStaff } from "../helpers/worlds";

// Official test numbers (Skatteverket's list in /work/shared/testdata/testpersonnummer.csv).
const NUMBER = "200807062393";
const NUMBER_IN_ONE_DISTRICT = "200807082383";
const UNKNOWN_NUMBER = "200807092390";

async function world() {
  // Named so that the administrator's extracts come in a known order (by district name).
  const { district, ...ours } = await districtWithStaff({
    name: `A-distriktet ${randomUUID()}`,
    staff: { caseworker: "caseworker", manager: "districtManager", intake: "intakeOfficer" },
  });
  const { district: otherDistrict, ...theirs } = await districtWithStaff({
    name: `B-distriktet ${randomUUID()}`,
    staff: { otherCaseworker: "caseworker", otherManager: "districtManager" },
  });
  const { principal } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal" },
  });
  const { educationManager, admin } = await educationWithStaff({
    staff: { educationManager: "educationManager", admin: "admin" },
  });
  return { district, otherDistrict, ...ours, ...theirs, principal, educationManager, admin };
}
type World = Awaited<ReturnType<typeof world>>;

async function insertChild(
  districtId: string,
  caseworkerUserId: string,
  personalIdentityNumber: string,
  firstName = "Alva",
) {
  return db
    .insertInto("children")
    .values({
      firstName,
      lastName: "Berg",
      personalIdentityNumber,
      districtId,
      caseworkerUserId,
      createdBy: caseworkerUserId,
    })
    .returning("id")
    .executeTakeFirstOrThrow()
    .then((row) => row.id);
}

async function extractEvents(childId: string) {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("childId", "=", childId)
    .where("recordType", "=", "auditExtract")
    .orderBy("occurredAt")
    .orderBy("id")
    .execute();
}

let w: World;
let childId: string;
let otherChildId: string;

beforeAll(async () => {
  w = await world();
  childId = await insertChild(w.district.id, w.caseworker.user.id, NUMBER);
  // The same child known to a second district (moved, or followed by both).
  otherChildId = await insertChild(w.otherDistrict.id, w.otherCaseworker.user.id, NUMBER, "Alva");
  await recordAudit(db, w.caseworker, {
    action: "read",
    recordType: "child",
    recordId: childId,
    childId,
    purpose: "Handläggning",
    requestId: "req-read",
  });
  await recordAudit(db, w.otherCaseworker, {
    action: "read",
    recordType: "child",
    recordId: otherChildId,
    childId: otherChildId,
    purpose: "Handläggning i B",
  });
});

describe("childAuditExtract", () => {
  it("gives the district's manager the child's name, masked number and events", async () => {
    const { child, events } = await childAuditExtract(w.manager, childId, {
      requestId: "req-extract",
    });
    expect(child).toEqual({
      id: childId,
      name: "Alva Berg",
      maskedIdentityNumber: "20080706-XXXX",
      districtName: w.district.name,
    });
    expect(events.map((e) => [e.actorUserId, e.action, e.recordType, e.requestId])).toContainEqual([
      w.caseworker.user.id,
      "read",
      "child",
      "req-read",
    ]);
    // Only this child's events: nothing of the same number in the other district.
    expect(events.every((e) => e.childId === childId)).toBe(true);
  });

  it("writes its own audit event, and an export is logged as an export", async () => {
    const before = (await extractEvents(childId)).length;
    await childAuditExtract(w.manager, childId, { requestId: "req-page" });
    await childAuditExtract(w.manager, childId, { requestId: "req-csv", action: "export" });
    const logged = (await extractEvents(childId)).slice(before);
    expect(logged.map((e) => [e.actorUserId, e.action, e.requestId, e.recordId])).toEqual([
      [w.manager.user.id, "read", "req-page", childId],
      [w.manager.user.id, "export", "req-csv", childId],
    ]);
    expect(logged[0]!.purpose).toBe("Granskning av loggen");
    // The next extract shows the earlier extracts among its events.
    const { events } = await childAuditExtract(w.manager, childId);
    expect(events.filter((e) => e.recordType === "auditExtract").length).toBeGreaterThanOrEqual(2);
  });

  it("lets an administrator take it, without the child's name", async () => {
    const { child } = await childAuditExtract(w.admin, childId);
    expect(child.name).toBeNull();
    expect(child.maskedIdentityNumber).toBe("20080706-XXXX");
  });

  it.each([
    "otherManager",
    "caseworker",
    "intake",
    "principal",
    "educationManager",
    "otherCaseworker",
  ] as const)("refuses a %s with NotFoundError and logs nothing", async (who) => {
    const before = (await extractEvents(childId)).length;
    await expect(childAuditExtract(w[who], childId)).rejects.toThrow(NotFoundError);
    expect(await extractEvents(childId)).toHaveLength(before);
  });

  it("is NotFoundError for a child that does not exist or an id that is not one", async () => {
    await expect(childAuditExtract(w.manager, randomUUID())).rejects.toThrow(NotFoundError);
    await expect(childAuditExtract(w.admin, "20080706-2393")).rejects.toThrow(NotFoundError);
  });

  it("keeps to the period it is given", async () => {
    const future = new Date(Date.now() + 24 * 3600_000);
    const { events: none } = await childAuditExtract(w.manager, childId, { from: future });
    expect(none).toEqual([]);
    const { events: all } = await childAuditExtract(w.manager, childId, { to: future });
    expect(all.length).toBeGreaterThan(0);
  });
});

describe("findExtractsByIdentityNumber (the administrator's search)", () => {
  it("finds the child by number, in every district that keeps it, each extract logged", async () => {
    const beforeA = (await extractEvents(childId)).length;
    const beforeB = (await extractEvents(otherChildId)).length;
    const extracts = await findExtractsByIdentityNumber(w.admin, NUMBER, {
      requestId: "req-admin",
    });
    expect(extracts.map((x) => [x.child.id, x.child.districtName, x.child.name])).toEqual([
      [childId, w.district.name, null],
      [otherChildId, w.otherDistrict.name, null],
    ]);
    expect(extracts[1]!.events.map((e) => e.purpose)).toContain("Handläggning i B");
    const loggedA = (await extractEvents(childId)).slice(beforeA);
    const loggedB = (await extractEvents(otherChildId)).slice(beforeB);
    for (const logged of [loggedA, loggedB]) {
      expect(logged.map((e) => [e.actorUserId, e.actorRole, e.action, e.requestId])).toEqual([
        [w.admin.user.id, "admin", "read", "req-admin"],
      ]);
    }
  });

  it("narrows to one child for the CSV, logged as an export", async () => {
    const before = (await extractEvents(otherChildId)).length;
    const extracts = await findExtractsByIdentityNumber(w.admin, NUMBER, {
      childId: otherChildId,
      action: "export",
    });
    expect(extracts.map((x) => x.child.id)).toEqual([otherChildId]);
    const logged = (await extractEvents(otherChildId)).slice(before);
    expect(logged.map((e) => [e.actorUserId, e.action])).toEqual([[w.admin.user.id, "export"]]);
  });

  it("finds a child of one district only, and nothing for a number no child has", async () => {
    const single = await insertChild(w.district.id, w.caseworker.user.id, NUMBER_IN_ONE_DISTRICT);
    const found = await findExtractsByIdentityNumber(w.admin, NUMBER_IN_ONE_DISTRICT);
    expect(found.map((x) => x.child.id)).toEqual([single]);
    expect(await findExtractsByIdentityNumber(w.admin, UNKNOWN_NUMBER)).toEqual([]);
    // A child id that does not go with the number gives nothing either.
    expect(
      await findExtractsByIdentityNumber(w.admin, NUMBER_IN_ONE_DISTRICT, { childId }),
    ).toEqual([]);
  });

  it.each(["manager", "caseworker", "educationManager", "principal"] as const)(
    "refuses a %s with NotFoundError and logs nothing",
    async (who) => {
      const before = (await extractEvents(childId)).length;
      await expect(findExtractsByIdentityNumber(w[who], NUMBER)).rejects.toThrow(NotFoundError);
      expect(await extractEvents(childId)).toHaveLength(before);
    },
  );
});

describe("extractPeriodFrom (the page's from/to dates)", () => {
  const period = (query: string) => extractPeriodFrom(new URLSearchParams(query));

  it("reads Swedish calendar days, both included, across daylight saving time", () => {
    expect(period("fran=2026-01-15&till=2026-03-29")).toMatchObject({
      from: new Date("2026-01-14T23:00:00Z"),
      to: new Date("2026-03-29T22:00:00Z"),
      error: null,
    });
    expect(period("fran=2026-07-01")).toMatchObject({
      from: new Date("2026-06-30T22:00:00Z"),
      to: undefined,
    });
    expect(period("")).toMatchObject({ from: undefined, to: undefined, error: null });
  });

  it("refuses a date that does not exist and a period that ends before it starts", () => {
    expect(period("fran=2026-02-30").error).toMatch(/ÅÅÅÅ-MM-DD/);
    expect(period("till=igår").error).toMatch(/ÅÅÅÅ-MM-DD/);
    const backwards = period("fran=2026-05-02&till=2026-05-01");
    expect(backwards.error).toBe("Slutdatumet kan inte vara före startdatumet.");
    expect(backwards.from).toBeUndefined();
  });
});
