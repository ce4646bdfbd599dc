import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  addDistrict,
  addSchool,
  deactivateDistrict,
  deactivateSchool,
  editDistrict,
  editSchool,
  getDistrictForAdmin,
  getSchoolForAdmin,
  listActiveDistricts,
  listDistrictsForAdmin,
  listSchools,
  listSchoolsForAdmin,
  NotFoundError,
  reactivateDistrict,
  reactivateSchool,
} from "~/modules/organisations/organisations.server";
import { schoolSchema, type SchoolValues } from "~/modules/organisations/schema";
import {
  acknowledgeReport,
  closeReport,
  recordDecision,
  submitReport,
} from "~/modules/reports/reports.server";
import { reportSchema } from "~/modules/reports/schema";
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import {
  createActor,
  createDistrict,
  createEducationAdmin,
  createSchool,
} from "../helpers/factories";

let codeCounter = 70_000_000 + Math.floor(Math.random() * 9_000_000);
const newCode = () => String(codeCounter++);

async function anAdmin(): Promise<Actor> {
  return createActor((await createEducationAdmin()).id, "admin");
}

function schoolInput(districtId: string, overrides: Partial<SchoolValues> = {}): SchoolValues {
  return schoolSchema.parse({
    name: "Granbackens skola",
    schoolUnitCode: newCode(),
    operatorType: "municipal",
    operatorName: "Testkommunen",
    schoolForms: ["forskoleklass", "grundskola"],
    address: "Granvägen 1, 123 45 Ådalsvik",
    phone: "0611-12 34 56",
    municipality: "Ådalsvik",
    districtId,
    ...overrides,
  });
}

const districtInput = (name: string) => ({
  name,
  intakePhone: "0611-35 00 00",
  intakeEmail: "mottagning@test.example",
  outOfHoursPhone: "0611-39 99 99",
  address: "",
  phone: "",
});

async function row(id: string) {
  return db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe("administrators keep the register of schools", () => {
  it("creates a school with every field, and it appears in the lists", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    const input = schoolInput(district.id);
    const result = await addSchool(admin, input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await row(result.id)).toMatchObject({
      kind: "school",
      name: "Granbackens skola",
      schoolUnitCode: input.schoolUnitCode,
      operatorType: "municipal",
      operatorName: "Testkommunen",
      schoolForms: ["forskoleklass", "grundskola"],
      address: "Granvägen 1, 123 45 Ådalsvik",
      phone: "0611-12 34 56",
      municipality: "Ådalsvik",
      districtId: district.id,
      deactivatedAt: null,
    });
    const list = await listSchoolsForAdmin(admin);
    expect(list?.active.map((s) => s.id)).toContain(result.id);
    expect(await getSchoolForAdmin(admin, result.id)).toMatchObject({
      districtName: district.name,
      districtDeactivated: false,
    });
  });

  it("edits a school, sets updated_at, and refuses an edit made on a stale page", async () => {
    const admin = await anAdmin();
    const north = await createDistrict();
    const south = await createDistrict();
    const school = await createSchool({ districtId: north.id });
    const before = await getSchoolForAdmin(admin, school.id);
    const input = schoolInput(south.id, {
      name: "Nya namnet",
      operatorType: "independent",
      operatorName: "Skolbolaget AB",
      schoolForms: ["gymnasieskola"],
      address: "",
      phone: "",
    });
    expect(await editSchool(admin, school.id, input, before!.version)).toEqual({
      ok: true,
      id: school.id,
    });
    const after = await row(school.id);
    expect(after).toMatchObject({
      name: "Nya namnet",
      schoolUnitCode: input.schoolUnitCode,
      operatorType: "independent",
      operatorName: "Skolbolaget AB",
      schoolForms: ["gymnasieskola"],
      address: null,
      phone: null,
      districtId: south.id,
    });
    expect(after.updatedAt.getTime()).toBeGreaterThan(school.updatedAt.getTime());

    // The form still carries the old version: someone else's save would be overwritten.
    const stale = await editSchool(admin, school.id, { ...input, name: "Sent" }, before!.version);
    expect(stale).toMatchObject({ ok: false, formError: expect.stringContaining("Någon annan") });
    expect((await row(school.id)).name).toBe("Nya namnet");
  });

  it("refuses a taken school-unit code beside the field, naming the school that has it", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    const holder = await createSchool({ districtId: district.id, name: "Kodskolan" });
    const code = holder.schoolUnitCode!;
    expect(await addSchool(admin, schoolInput(district.id, { schoolUnitCode: code }))).toEqual({
      ok: false,
      fieldErrors: {
        schoolUnitCode: `Skolenhetskoden ${code} används redan av Kodskolan. Varje skolenhet har en egen kod.`,
      },
    });
    const other = await createSchool({ districtId: district.id });
    const edited = await editSchool(
      admin,
      other.id,
      schoolInput(district.id, { schoolUnitCode: code }),
    );
    expect(edited).toMatchObject({
      ok: false,
      fieldErrors: { schoolUnitCode: expect.stringContaining("används redan av Kodskolan") },
    });
    expect((await row(other.id)).schoolUnitCode).toBe(other.schoolUnitCode);
    // A deactivated school keeps its code, and the message says it is deactivated.
    await deactivateSchool(admin, holder.id);
    const again = await addSchool(admin, schoolInput(district.id, { schoolUnitCode: code }));
    expect(again).toMatchObject({
      fieldErrors: { schoolUnitCode: expect.stringContaining("Kodskolan (avaktiverad)") },
    });
  });

  it("places schools only in active districts", async () => {
    const admin = await anAdmin();
    const closed = await createDistrict();
    await deactivateDistrict(admin, closed.id);
    const result = await addSchool(admin, schoolInput(closed.id));
    expect(result).toMatchObject({ ok: false, fieldErrors: { districtId: expect.any(String) } });
    expect(await listActiveDistricts(admin)).not.toContainEqual(
      expect.objectContaining({ id: closed.id }),
    );
  });

  it("deactivates a school out of every list and reactivates it", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const caseworker = await createActor(district.id, "caseworker");
    expect((await listSchools(caseworker)).map((s) => s.id)).toContain(school.id);

    expect(await deactivateSchool(admin, school.id)).toEqual({ ok: true });
    const deactivated = await row(school.id);
    expect(deactivated.deactivatedAt).toBeInstanceOf(Date);
    expect(deactivated.updatedAt.getTime()).toBeGreaterThan(school.updatedAt.getTime());
    expect((await listSchools(caseworker)).map((s) => s.id)).not.toContain(school.id);
    const lists = await listSchoolsForAdmin(admin);
    expect(lists?.active.map((s) => s.id)).not.toContain(school.id);
    expect(lists?.deactivated.map((s) => s.id)).toContain(school.id);
    // Twice changes nothing.
    expect(await deactivateSchool(admin, school.id)).toEqual({ ok: true });
    expect((await row(school.id)).deactivatedAt).toEqual(deactivated.deactivatedAt);

    expect(await reactivateSchool(admin, school.id)).toEqual({ ok: true });
    expect((await row(school.id)).deactivatedAt).toBeNull();
    expect((await listSchools(caseworker)).map((s) => s.id)).toContain(school.id);
  });

  it("reactivates a school only when its district is active", async () => {
    const admin = await anAdmin();
    const old = await createDistrict();
    const school = await createSchool({ districtId: old.id });
    await deactivateSchool(admin, school.id);
    expect(await deactivateDistrict(admin, old.id)).toEqual({ ok: true });
    const refused = await reactivateSchool(admin, school.id);
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("avaktiverad") });
    expect((await row(school.id)).deactivatedAt).not.toBeNull();

    // Moving the deactivated school to an active district makes it possible.
    const current = await createDistrict();
    const moved = await editSchool(
      admin,
      school.id,
      schoolInput(current.id, { schoolUnitCode: school.schoolUnitCode! }),
    );
    expect(moved.ok).toBe(true);
    expect(await reactivateSchool(admin, school.id)).toEqual({ ok: true });
  });
});

describe("administrators keep the register of districts", () => {
  it("creates and edits a district with the intake unit's and out-of-hours numbers", async () => {
    const admin = await anAdmin();
    const created = await addDistrict(admin, {
      ...districtInput("Västra stadsdelsförvaltningen"),
      address: "Västra torget 2",
      phone: "0611-40 00 00",
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const createdRow = await row(created.id);
    expect(createdRow).toMatchObject({
      kind: "district",
      name: "Västra stadsdelsförvaltningen",
      intakePhone: "0611-35 00 00",
      intakeEmail: "mottagning@test.example",
      outOfHoursPhone: "0611-39 99 99",
      address: "Västra torget 2",
      phone: "0611-40 00 00",
    });
    const before = await getDistrictForAdmin(admin, created.id);
    const edited = await editDistrict(
      admin,
      created.id,
      { ...districtInput("Västra förvaltningen"), intakeEmail: "" },
      before!.version,
    );
    expect(edited).toEqual({ ok: true, id: created.id });
    const after = await row(created.id);
    expect(after).toMatchObject({ name: "Västra förvaltningen", intakeEmail: null, address: null });
    expect(after.updatedAt.getTime()).toBeGreaterThan(createdRow.updatedAt.getTime());
    const stale = await editDistrict(admin, created.id, districtInput("X"), before!.version);
    expect(stale).toMatchObject({ ok: false, formError: expect.stringContaining("Någon annan") });
  });

  it("refuses a second district with the same name, whatever the case", async () => {
    const admin = await anAdmin();
    const existing = await createDistrict("Östra stadsdelsförvaltningen");
    expect(await addDistrict(admin, districtInput("östra STADSDELSFÖRVALTNINGEN"))).toEqual({
      ok: false,
      fieldErrors: {
        name: "Det finns redan en förvaltning som heter Östra stadsdelsförvaltningen.",
      },
    });
    const other = await createDistrict();
    expect(
      await editDistrict(admin, other.id, districtInput("Östra stadsdelsförvaltningen")),
    ).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
    expect((await row(existing.id)).name).toBe("Östra stadsdelsförvaltningen");
  });

  it("does not deactivate a district that still has active schools, and says how many", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    const first = await createSchool({ districtId: district.id });
    const second = await createSchool({ districtId: district.id });
    const closed = await createSchool({ districtId: district.id });
    await deactivateSchool(admin, closed.id);

    expect(await deactivateDistrict(admin, district.id)).toEqual({
      ok: false,
      message:
        "Förvaltningen kan inte avaktiveras: den har 2 aktiva skolor i sitt område. Flytta skolorna till en annan förvaltning eller avaktivera dem först.",
    });
    expect((await row(district.id)).deactivatedAt).toBeNull();
    expect(
      (await getDistrictForAdmin(admin, district.id))?.schools.map((s) => s.id).sort(),
    ).toEqual([first.id, second.id].sort());

    await deactivateSchool(admin, first.id);
    expect(await deactivateDistrict(admin, district.id)).toMatchObject({
      ok: false,
      message: expect.stringContaining("den har 1 aktiv skola i sitt område"),
    });
    await deactivateSchool(admin, second.id);
    expect(await deactivateDistrict(admin, district.id)).toEqual({ ok: true });
    const lists = await listDistrictsForAdmin(admin);
    expect(lists?.deactivated.map((d) => d.id)).toContain(district.id);
    expect(lists?.active.map((d) => d.id)).not.toContain(district.id);

    expect(await reactivateDistrict(admin, district.id)).toEqual({ ok: true });
    expect((await row(district.id)).deactivatedAt).toBeNull();
  });

  it("does not deactivate a district whose intake still has an open report of concern", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const mentor = await createActor(school.id, "mentor");
    const intake = await createActor(district.id, "intakeOfficer");
    const values = reportSchema.parse({
      childUnknown: true,
      childDescription: "En flicka i årskurs 3",
      concern: "Hon säger att hon är rädd att gå hem.",
      observations: "Hon gråter vid hämtningen.",
      observedWhen: "I går",
      observedBy: "Mentorn",
      guardiansInformed: "yes",
      reporterName: "Maja Mentor",
      reporterRole: "Mentor",
      reporterPhone: "08-123 45 67",
      wantsFeedback: false,
      wantsMeeting: false,
    });
    const { reportId } = await submitReport(mentor, null, values);
    await deactivateSchool(admin, school.id);

    expect(await deactivateDistrict(admin, district.id)).toEqual({
      ok: false,
      message:
        "Förvaltningen kan inte avaktiveras: mottagningen har 1 öppen orosanmälan. Avsluta den eller vidarebefordra den till en annan förvaltning först.",
    });
    expect((await row(district.id)).deactivatedAt).toBeNull();

    await acknowledgeReport(intake, reportId, {
      contactName: "Ida Intag",
      contactPhone: "08-508 100 10",
    });
    await recordDecision(
      intake,
      reportId,
      { outcome: "notOpened", decisionOn: stockholmDate(new Date()) },
      { password: null, clientAddress: "198.51.100.23" },
    );
    expect(await closeReport(intake, reportId)).toEqual({ kind: "closedNow" });
    expect(await deactivateDistrict(admin, district.id)).toEqual({ ok: true });
  });

  it("counts active schools per district in the list", async () => {
    const admin = await anAdmin();
    const district = await createDistrict();
    await createSchool({ districtId: district.id });
    const closed = await createSchool({ districtId: district.id });
    await deactivateSchool(admin, closed.id);
    const listed = (await listDistrictsForAdmin(admin))?.active.find((d) => d.id === district.id);
    expect(listed?.activeSchools).toBe(1);
  });
});

describe("only administrators manage organisations", () => {
  it("refuses principals, district managers and education managers everything", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const actors = [
      await createActor(school.id, "principal"),
      await createActor(district.id, "districtManager"),
      await createActor((await createEducationAdmin()).id, "educationManager"),
    ];
    for (const actor of actors) {
      const role = actor.membership.role;
      expect(await listSchoolsForAdmin(actor), role).toBeNull();
      expect(await getSchoolForAdmin(actor, school.id), role).toBeNull();
      expect(await listDistrictsForAdmin(actor), role).toBeNull();
      expect(await getDistrictForAdmin(actor, district.id), role).toBeNull();
      expect(await listActiveDistricts(actor), role).toBeNull();
      const commands: (() => Promise<unknown>)[] = [
        () => addSchool(actor, schoolInput(district.id)),
        () => editSchool(actor, school.id, schoolInput(district.id, { name: "Kapad" })),
        () => deactivateSchool(actor, school.id),
        () => reactivateSchool(actor, school.id),
        () => addDistrict(actor, districtInput(`Kapad ${role}`)),
        () => editDistrict(actor, district.id, districtInput(`Kapad ${role}`)),
        () => deactivateDistrict(actor, district.id),
        () => reactivateDistrict(actor, district.id),
      ];
      for (const command of commands) {
        await expect(command(), role).rejects.toBeInstanceOf(NotFoundError);
      }
    }
    expect(await row(school.id)).toMatchObject({ name: school.name, deactivatedAt: null });
    expect(await row(district.id)).toMatchObject({ name: district.name, deactivatedAt: null });
    const kapad = await db
      .selectFrom("organisations")
      .select("id")
      .where("name", "like", "Kapad%")
      .execute();
    expect(kapad).toEqual([]);
  });

  it("answers an unknown id as not found", async () => {
    const admin = await anAdmin();
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(await getSchoolForAdmin(admin, unknown)).toBeNull();
    expect(await getDistrictForAdmin(admin, unknown)).toBeNull();
    await expect(deactivateSchool(admin, unknown)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deactivateDistrict(admin, unknown)).rejects.toBeInstanceOf(NotFoundError);
    // A district's id is not a school's, and the other way round.
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    expect(await getSchoolForAdmin(admin, district.id)).toBeNull();
    expect(await getDistrictForAdmin(admin, school.id)).toBeNull();
    await expect(editSchool(admin, district.id, schoolInput(district.id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
