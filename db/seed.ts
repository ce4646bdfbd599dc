/**
 * Demo data: a fictional municipality, Ådalsvik, with three social-services districts, twelve
 * schools (municipal and independent, grundskola and gymnasieskola), the education
 * administration, one demo user per role, cooperation agreements in every state
 * (db/seed-agreements.ts), children in every consent state (db/seed-children.ts), and reports of
 * concern in every state with a few consultations (db/seed-reports.ts). Every
 * insert is keyed on a natural key, so seeding twice changes nothing.
 */
import type { Kysely } from "kysely";
import { hashPassword } from "../app/auth/password.server";
import type { Database, Role, SchoolForm } from "./schema";
import { seedAgreements } from "./seed-agreements";
import { seedChildren } from "./seed-children";
import { seedReports } from "./seed-reports";
import { seedSchoolCards } from "./seed-school-cards";

export const DEMO_PASSWORD = "Samverkan-demo-1";

const DISTRICTS = [
  "Norrstrands stadsdelsförvaltning",
  "Centrums stadsdelsförvaltning",
  "Söderåsens stadsdelsförvaltning",
] as const;
type DistrictName = (typeof DISTRICTS)[number];

const EDUCATION_ADMIN = "Utbildningsförvaltningen i Ådalsviks kommun";

const DISTRICT_CONTACT: Record<DistrictName, { intakePhone: string; intakeEmail: string }> = {
  "Norrstrands stadsdelsförvaltning": {
    intakePhone: "0611-35 00 00",
    intakeEmail: "mottagning.norrstrand@adalsvik.example",
  },
  "Centrums stadsdelsförvaltning": {
    intakePhone: "0611-37 00 00",
    intakeEmail: "mottagning.centrum@adalsvik.example",
  },
  "Söderåsens stadsdelsförvaltning": {
    intakePhone: "0611-38 00 00",
    intakeEmail: "mottagning.soderas@adalsvik.example",
  },
};
const OUT_OF_HOURS = "0611-39 99 99";

/**
 * Contact persons for most schools, not all: Strandängsskolan and Kvarnbackens skola have
 * none (so the "no contact person" views have something to show); Söderås uses a
 * district-wide default.
 */
const CONTACTS: {
  district: DistrictName;
  school: string | null;
  contact: string;
  deputy: string | null;
}[] = [
  {
    district: "Norrstrands stadsdelsförvaltning",
    school: "Björkdalsskolan",
    contact: "handlaggare@demo.test",
    deputy: "mottagning@demo.test",
  },
  {
    district: "Norrstrands stadsdelsförvaltning",
    school: "Friskolan Norrljus",
    contact: "handlaggare@demo.test",
    deputy: null,
  },
  {
    district: "Norrstrands stadsdelsförvaltning",
    school: "Norrstrands gymnasium",
    contact: "skolsamordnare.norrstrand@demo.test",
    deputy: "mottagning@demo.test",
  },
  {
    district: "Centrums stadsdelsförvaltning",
    school: "Torgskolan",
    contact: "skolsamordnare.centrum@demo.test",
    deputy: null,
  },
  {
    district: "Centrums stadsdelsförvaltning",
    school: "Ådalsviks Montessoriskola",
    contact: "skolsamordnare.centrum@demo.test",
    deputy: null,
  },
  {
    district: "Centrums stadsdelsförvaltning",
    school: "Älvgymnasiet",
    contact: "skolsamordnare.centrum@demo.test",
    deputy: null,
  },
  {
    district: "Söderåsens stadsdelsförvaltning",
    school: null,
    contact: "skolsamordnare.soderas@demo.test",
    deputy: null,
  },
];

interface DemoSchool {
  code: string;
  name: string;
  forms: SchoolForm[];
  operator: "municipal" | "independent";
  operatorName: string;
  district: DistrictName;
}

const MUNICIPALITY = "Ådalsviks kommun";
const SCHOOLS: DemoSchool[] = [
  {
    code: "91000001",
    name: "Björkdalsskolan",
    forms: ["forskoleklass", "grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Norrstrands stadsdelsförvaltning",
  },
  {
    code: "91000002",
    name: "Strandängsskolan",
    forms: ["grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Norrstrands stadsdelsförvaltning",
  },
  {
    code: "91000003",
    name: "Friskolan Norrljus",
    forms: ["forskoleklass", "grundskola"],
    operator: "independent",
    operatorName: "Norrljus Utbildning AB",
    district: "Norrstrands stadsdelsförvaltning",
  },
  {
    code: "91000004",
    name: "Norrstrands gymnasium",
    forms: ["gymnasieskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Norrstrands stadsdelsförvaltning",
  },
  {
    code: "91000005",
    name: "Torgskolan",
    forms: ["grundskola", "anpassad_grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Centrums stadsdelsförvaltning",
  },
  {
    code: "91000006",
    name: "Kvarnbackens skola",
    forms: ["forskoleklass", "grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Centrums stadsdelsförvaltning",
  },
  {
    code: "91000007",
    name: "Ådalsviks Montessoriskola",
    forms: ["forskoleklass", "grundskola"],
    operator: "independent",
    operatorName: "Stiftelsen Montessori Ådalsvik",
    district: "Centrums stadsdelsförvaltning",
  },
  {
    code: "91000008",
    name: "Älvgymnasiet",
    forms: ["gymnasieskola", "anpassad_gymnasieskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Centrums stadsdelsförvaltning",
  },
  {
    code: "91000009",
    name: "Södra Teknikgymnasiet",
    forms: ["gymnasieskola"],
    operator: "independent",
    operatorName: "Teknikutbildarna i Norden AB",
    district: "Söderåsens stadsdelsförvaltning",
  },
  {
    code: "91000010",
    name: "Söderåsskolan",
    forms: ["grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Söderåsens stadsdelsförvaltning",
  },
  {
    code: "91000011",
    name: "Lärkängens skola",
    forms: ["forskoleklass", "grundskola"],
    operator: "municipal",
    operatorName: MUNICIPALITY,
    district: "Söderåsens stadsdelsförvaltning",
  },
  {
    code: "91000012",
    name: "Internationella skolan Söderås",
    forms: ["grundskola"],
    operator: "independent",
    operatorName: "Internationella Skolor i Sverige AB",
    district: "Söderåsens stadsdelsförvaltning",
  },
];

interface DemoUser {
  email: string;
  name: string;
  title: string;
  phone: string;
  memberships: { organisation: string; role: Role }[];
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: "rektor@demo.test",
    name: "Karin Lindqvist",
    title: "Rektor",
    phone: "0611-34 10 01",
    memberships: [{ organisation: "Björkdalsskolan", role: "principal" }],
  },
  {
    email: "rektor.fristaende@demo.test",
    name: "Johan Ekström",
    title: "Rektor",
    phone: "0611-34 20 02",
    memberships: [{ organisation: "Friskolan Norrljus", role: "principal" }],
  },
  // Principals who sign the demo agreements (db/seed-agreements.ts).
  {
    email: "rektor.gymnasium@demo.test",
    name: "Göran Lindberg",
    title: "Rektor",
    phone: "0611-34 40 01",
    memberships: [{ organisation: "Norrstrands gymnasium", role: "principal" }],
  },
  {
    email: "rektor.torgskolan@demo.test",
    name: "Eva Sundberg",
    title: "Rektor",
    phone: "0611-33 50 01",
    memberships: [{ organisation: "Torgskolan", role: "principal" }],
  },
  {
    email: "rektor.montessori@demo.test",
    name: "Mikael Åström",
    title: "Rektor",
    phone: "0611-33 70 01",
    memberships: [{ organisation: "Ådalsviks Montessoriskola", role: "principal" }],
  },
  {
    email: "mentor@demo.test",
    name: "Sara Holm",
    title: "Lärare och mentor, åk 8",
    phone: "0611-34 10 15",
    memberships: [{ organisation: "Björkdalsskolan", role: "mentor" }],
  },
  {
    // Mentor of the seeded children's school: school cards can be addressed to her by name.
    email: "mentor.gymnasium@demo.test",
    name: "Elin Strand",
    title: "Lärare och mentor",
    phone: "0611-34 20 15",
    memberships: [{ organisation: "Norrstrands gymnasium", role: "mentor" }],
  },
  // A counsellor shared by two schools, as is common: she chooses which one she acts for.
  {
    email: "kurator@demo.test",
    name: "Lina Berg",
    title: "Skolkurator",
    phone: "0611-34 10 20",
    memberships: [
      { organisation: "Björkdalsskolan", role: "studentHealth" },
      { organisation: "Strandängsskolan", role: "studentHealth" },
    ],
  },
  {
    email: "handlaggare@demo.test",
    name: "Maria Nyström",
    title: "Socialsekreterare",
    phone: "0611-35 00 31",
    memberships: [{ organisation: "Norrstrands stadsdelsförvaltning", role: "caseworker" }],
  },
  {
    // A second caseworker of Norrstrand with no duties: the one journeys hand children to, and
    // "another caseworker of the same district" in refusal tests (people.spec.ts ends Kerstin
    // Falk's access, so she cannot serve there).
    email: "handlaggare2@demo.test",
    name: "Sofia Ek",
    title: "Socialsekreterare",
    phone: "0611-35 00 32",
    memberships: [{ organisation: "Norrstrands stadsdelsförvaltning", role: "caseworker" }],
  },
  {
    email: "mottagning@demo.test",
    name: "Erik Sandberg",
    title: "Mottagningshandläggare",
    phone: "0611-35 00 10",
    memberships: [{ organisation: "Norrstrands stadsdelsförvaltning", role: "intakeOfficer" }],
  },
  // Intake of the other two districts: Centrum's has a report forwarded from Norrstrand and one of
  // its own (db/seed-reports.ts); Söderås's inbox is empty.
  {
    email: "mottagning.centrum@demo.test",
    name: "Petra Lundin",
    title: "Mottagningssekreterare",
    phone: "0611-37 00 10",
    memberships: [{ organisation: "Centrums stadsdelsförvaltning", role: "intakeOfficer" }],
  },
  {
    email: "mottagning.soderas@demo.test",
    name: "Daniel Holmberg",
    title: "Mottagningssekreterare",
    phone: "0611-38 00 10",
    memberships: [{ organisation: "Söderåsens stadsdelsförvaltning", role: "intakeOfficer" }],
  },
  {
    email: "chef@demo.test",
    name: "Helena Dahl",
    title: "Enhetschef",
    phone: "0611-35 00 01",
    memberships: [{ organisation: "Norrstrands stadsdelsförvaltning", role: "districtManager" }],
  },
  {
    email: "chef.centrum@demo.test",
    name: "Lars Nordin",
    title: "Enhetschef",
    phone: "0611-37 00 01",
    memberships: [{ organisation: "Centrums stadsdelsförvaltning", role: "districtManager" }],
  },
  {
    email: "grundskolechef@demo.test",
    name: "Per Wikström",
    title: "Grundskolechef",
    phone: "0611-36 00 01",
    memberships: [{ organisation: EDUCATION_ADMIN, role: "educationManager" }],
  },
  {
    email: "admin@demo.test",
    name: "Nils Ahlgren",
    title: "Systemförvaltare",
    phone: "0611-36 00 90",
    memberships: [{ organisation: EDUCATION_ADMIN, role: "admin" }],
  },
  {
    // Centrum's caseworker for journeys about children: account.spec.ts changes the password of
    // skolsamordnare.centrum@demo.test, so no other journey can rely on logging in as her.
    email: "handlaggare.centrum@demo.test",
    name: "Oskar Sjöberg",
    title: "Socialsekreterare",
    phone: "0611-37 00 31",
    memberships: [{ organisation: "Centrums stadsdelsförvaltning", role: "caseworker" }],
  },
  {
    email: "skolsamordnare.centrum@demo.test",
    name: "Jonas Lind",
    title: "Skolsamordnare",
    phone: "0611-37 00 21",
    memberships: [{ organisation: "Centrums stadsdelsförvaltning", role: "caseworker" }],
  },
  {
    email: "skolsamordnare.norrstrand@demo.test",
    name: "Kerstin Falk",
    title: "Skolsamordnare",
    phone: "0611-35 00 22",
    memberships: [{ organisation: "Norrstrands stadsdelsförvaltning", role: "caseworker" }],
  },
  {
    email: "skolsamordnare.soderas@demo.test",
    name: "Amina Hassan",
    title: "Skolsamordnare",
    phone: "0611-38 00 21",
    memberships: [{ organisation: "Söderåsens stadsdelsförvaltning", role: "caseworker" }],
  },
];

export async function seedDemo(db: Kysely<Database>): Promise<{ users: number; schools: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();

    async function upsertByName(kind: "district" | "education_admin", name: string) {
      const existing = await trx
        .selectFrom("organisations")
        .select("id")
        .where("kind", "=", kind)
        .where("name", "=", name)
        .executeTakeFirst();
      const row =
        existing ??
        (await trx
          .insertInto("organisations")
          .values({ kind, name })
          .returning("id")
          .executeTakeFirstOrThrow());
      ids.set(name, row.id);
    }

    for (const name of DISTRICTS) {
      await upsertByName("district", name);
      await trx
        .updateTable("organisations")
        .set({ ...DISTRICT_CONTACT[name], outOfHoursPhone: OUT_OF_HOURS, municipality: "Ådalsvik" })
        .where("id", "=", ids.get(name)!)
        .execute();
    }
    await upsertByName("education_admin", EDUCATION_ADMIN);

    for (const school of SCHOOLS) {
      const row = await trx
        .insertInto("organisations")
        .values({
          kind: "school",
          name: school.name,
          schoolUnitCode: school.code,
          schoolForms: school.forms,
          operatorType: school.operator,
          operatorName: school.operatorName,
          districtId: ids.get(school.district)!,
        })
        .onConflict((oc) =>
          oc.column("schoolUnitCode").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })),
        )
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(school.name, row.id);
    }

    for (const user of DEMO_USERS) {
      await trx
        .insertInto("users")
        .values({
          email: user.email,
          name: user.name,
          title: user.title,
          phone: user.phone,
          passwordHash,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .execute();
      const { id: userId } = await trx
        .selectFrom("users")
        .select("id")
        .where("email", "=", user.email)
        .executeTakeFirstOrThrow();
      for (const membership of user.memberships) {
        const organisationId = ids.get(membership.organisation)!;
        const kind =
          membership.organisation === EDUCATION_ADMIN
            ? "education_admin"
            : SCHOOLS.some((s) => s.name === membership.organisation)
              ? "school"
              : "district";
        await trx
          .insertInto("memberships")
          .values({ userId, organisationId, organisationKind: kind, role: membership.role })
          .onConflict((oc) =>
            oc
              .columns(["userId", "organisationId", "role"])
              .where("endedAt", "is", null)
              .doNothing(),
          )
          .execute();
      }
    }
    const userIds = new Map<string, string>();
    for (const row of await trx.selectFrom("users").select(["id", "email"]).execute()) {
      userIds.set(row.email, row.id);
    }
    for (const c of CONTACTS) {
      const districtId = ids.get(c.district)!;
      const schoolId = c.school ? ids.get(c.school)! : null;
      let existing = trx
        .selectFrom("contactAssignments")
        .select("id")
        .where("districtId", "=", districtId)
        .where("validTo", "is", null);
      existing = schoolId
        ? existing.where("schoolId", "=", schoolId)
        : existing.where("schoolId", "is", null);
      if (await existing.executeTakeFirst()) continue;
      await trx
        .insertInto("contactAssignments")
        .values({
          districtId,
          schoolId,
          contactUserId: userIds.get(c.contact)!,
          deputyUserId: c.deputy ? userIds.get(c.deputy)! : null,
        })
        .execute();
    }
    await seedAgreements(trx);
    await seedChildren(trx);
    await seedSchoolCards(trx);
    await seedReports(trx);
    return { users: DEMO_USERS.length, schools: SCHOOLS.length };
  });
}
