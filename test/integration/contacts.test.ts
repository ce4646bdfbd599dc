import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { seedDemo } from "../../scripts/seed/seed";
import { stopBoss } from "~/lib/jobs.server";
import {
  assignContact,
  getDefaultContactHistory,
  getSchoolContactHistory,
  getSchoolContactPanel,
  listSchoolContacts,
  NotFoundError,
} from "~/modules/contacts/contacts.server";
import { createActor, createSchool } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

async function world() {
  const { district, ...ours } = await districtWithStaff({
    contact: {
      intakePhone: "010-100 00 00",
      intakeEmail: "mottagning@d.example",
      outOfHoursPhone: "010-999",
    },
    staff: { manager: "districtManager", caseworker: "caseworker", intake: "intakeOfficer" },
  });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal", mentor: "mentor" },
  });
  const other = await createSchool({ districtId: district.id });
  return { district, school, other, ...ours, ...schoolStaff };
}

describe("contact persons", () => {
  it("a school with no one assigned sees that plainly, with the intake unit", async () => {
    const w = await world();
    const panel = await getSchoolContactPanel(w.mentor);
    expect(panel).toMatchObject({
      contact: null,
      deputy: null,
      source: null,
      intakePhone: "010-100 00 00",
      intakeEmail: "mottagning@d.example",
      outOfHoursPhone: "010-999",
    });
  });

  it("assigning shows the contact and deputy to the school, keeps history, and e-mails the principal", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.caseworker.user.id,
      deputyUserId: w.intake.user.id,
    });
    const panel = await getSchoolContactPanel(w.mentor);
    expect(panel?.source).toBe("school");
    expect(panel?.contact?.email).toBe(w.caseworker.user.email);
    expect(panel?.deputy?.email).toBe(w.intake.user.email);

    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.intake.user.id,
      deputyUserId: null,
    });
    const { history, current } = await getSchoolContactHistory(w.manager, w.school.id);
    expect(history).toHaveLength(2);
    expect(current?.contactUserId).toBe(w.intake.user.id);
    expect(history[1]!.validTo).not.toBeNull();

    const mails = await db
      .selectFrom("emails")
      .select(["recipient", "template", "textBody"])
      .where("recipient", "=", w.principal.user.email)
      .execute();
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.template === "contactPersonChanged")).toBe(true);
  });

  it("saving the same assignment twice changes nothing and sends nothing", async () => {
    const w = await world();
    const input = {
      schoolId: w.school.id,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    };
    await assignContact(w.manager, input);
    await assignContact(w.manager, input);
    expect((await getSchoolContactHistory(w.manager, w.school.id)).history).toHaveLength(1);
    const mails = await db
      .selectFrom("emails")
      .select("id")
      .where("recipient", "=", w.principal.user.email)
      .execute();
    expect(mails).toHaveLength(1);
  });

  it("a district default covers schools without their own contact", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: null,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    });
    const panel = await getSchoolContactPanel(w.mentor);
    expect(panel?.source).toBe("district");
    expect(panel?.contact?.id).toBe(w.caseworker.user.id);
  });

  it("the district-wide default keeps its own from–to history, newest first", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: null,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    });
    await assignContact(w.manager, {
      schoolId: null,
      contactUserId: w.intake.user.id,
      deputyUserId: w.caseworker.user.id,
    });
    const history = await getDefaultContactHistory(w.manager);
    expect(history.map((h) => [h.contactUserId, h.validTo === null])).toEqual([
      [w.intake.user.id, true],
      [w.caseworker.user.id, false],
    ]);
    await expect(getDefaultContactHistory(w.caseworker)).rejects.toThrow(NotFoundError);
  });

  it("lists the district's schools with no contact person first", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    });
    const { schools } = await listSchoolContacts(w.manager);
    expect(schools.map((s) => s.schoolId)).toEqual([w.other.id, w.school.id]);
    expect(schools[0]!.contact).toBeNull();
  });

  it("refuses another district's manager, non-managers, and people outside the district", async () => {
    const w = await world();
    const foreign = await world();
    await expect(
      assignContact(foreign.manager, {
        schoolId: w.school.id,
        contactUserId: foreign.caseworker.user.id,
        deputyUserId: null,
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(getSchoolContactHistory(foreign.manager, w.school.id)).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      assignContact(w.caseworker, {
        schoolId: w.school.id,
        contactUserId: w.caseworker.user.id,
        deputyUserId: null,
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(listSchoolContacts(w.principal)).rejects.toThrow(NotFoundError);
    await expect(
      assignContact(w.manager, {
        schoolId: w.school.id,
        contactUserId: foreign.caseworker.user.id,
        deputyUserId: null,
      }),
    ).rejects.toThrow(NotFoundError);
    expect(await getSchoolContactPanel(w.caseworker)).toBeNull();
  });

  it("the demo seed gives most schools, but not all, a contact person", async () => {
    await seedDemo(db);
    const districts = await db
      .selectFrom("organisations")
      .select("id")
      .where("kind", "=", "district")
      .where("name", "like", "%stadsdelsförvaltning")
      .execute();
    let covered = 0;
    let total = 0;
    for (const d of districts) {
      const manager = await createActor(d.id, "districtManager");
      const { schools } = await listSchoolContacts(manager);
      total += schools.length;
      covered += schools.filter((s) => s.contact).length;
    }
    expect(total).toBe(12);
    expect(covered).toBeGreaterThan(total / 2);
    expect(covered).toBeLessThan(total);
  });
});
