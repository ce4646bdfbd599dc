/**
 * Demo data: a fictional municipality, Ådalsvik, with three social-services districts, twelve
 * schools (municipal and independent, grundskola and gymnasieskola), the education
 * administration, one demo user per role, cooperation agreements in every state
 * (scripts/seed/seed-agreements.ts), children in every consent state (scripts/seed/seed-children.ts), and reports of
 * concern in every state with a few consultations (scripts/seed/seed-reports.ts). Every
 * insert is keyed on a natural key, so seeding twice changes nothing.
 *
 * With `history`, also two school years of finished cooperation behind all that
 * (scripts/seed/seed-history.ts), for the follow-up's figures. Off unless asked for: the portal
 * asks by SEED_HISTORY (on by default, off for the browser tests' portal), and the integration
 * tests that call seedDemo directly assert on the demo's own lists and counts.
 */
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/auth/password.server";
import type { Database, SchoolForm } from "../../db/schema";
import { seedAgreements } from "./seed-agreements";
import { seedChildren } from "./seed-children";
import { seedHistory } from "./seed-history";
import { seedReports } from "./seed-reports";
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  EDUCATION_ADMIN,
  demoTotpSecret,
  hasDemoSecondFactor,
} from "./demo-users";
import { seedSchoolCards } from "./seed-school-cards";

export { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

const DISTRICTS = [
  "Norrstrands stadsdelsförvaltning",
  "Centrums stadsdelsförvaltning",
  "Söderåsens stadsdelsförvaltning",
] as const;
type DistrictName = (typeof DISTRICTS)[number];

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

export interface SeedDemoOptions {
  /** Two school years of finished history for the follow-up (seed-history.ts). */
  history?: boolean;
}

export async function seedDemo(
  db: Kysely<Database>,
  { history = false }: SeedDemoOptions = {},
): Promise<{ users: number; schools: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    // Memberships and contact assignments start now by the portal's clock, as the modules stamp
    // the ones they make: ending one compares its end with its start (record 025).
    const now = new Date();
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
      if (hasDemoSecondFactor(user)) {
        await trx
          .insertInto("totpFactors")
          .values({ userId, secret: demoTotpSecret(user.email), confirmedAt: new Date() })
          .onConflict((oc) => oc.column("userId").doNothing())
          .execute();
      }
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
          .values({
            userId,
            organisationId,
            organisationKind: kind,
            role: membership.role,
            createdAt: now,
          })
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
          validFrom: now,
        })
        .execute();
    }
    await seedAgreements(trx);
    await seedChildren(trx);
    await seedSchoolCards(trx);
    // Before the demo's reports, so that the references follow the order of receipt.
    if (history) await seedHistory(trx);
    await seedReports(trx);
    return { users: DEMO_USERS.length, schools: SCHOOLS.length };
  });
}
