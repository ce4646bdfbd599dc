/**
 * The demo users and their one password: plain data, so that the start can print the demo
 * logins without loading the seed (argon2, every schema) when it does not seed.
 */
import { createHmac } from "node:crypto";
import { generateHOTP } from "@oslojs/otp";
import type { Role } from "../../db/schema";

export const DEMO_PASSWORD = "Samverkan-demo-1";

/**
 * The demo users whose roles must have a second factor by default (MFA_REQUIRED_ROLES) are
 * seeded with a TOTP app already enrolled. Each has a secret of their own, derived from their
 * address, so that `npm run demo:code -- handlaggare@demo.test` can print the current code
 * without the database, and the browser tests can compute it: demo accounts only, whose
 * password is printed at every start anyway.
 */
const DEMO_SECOND_FACTOR_ROLES: Role[] = [
  "caseworker",
  "intakeOfficer",
  "districtManager",
  "admin",
];

export function hasDemoSecondFactor(user: DemoUser): boolean {
  return user.memberships.some((m) => DEMO_SECOND_FACTOR_ROLES.includes(m.role));
}

export function demoTotpSecret(email: string): Uint8Array {
  return new Uint8Array(
    createHmac("sha256", "samverkansportalen-demo-totp").update(email).digest().subarray(0, 20),
  );
}

/**
 * The code an app with `secret` shows, as the portal will accept it now: of a step after the
 * last one used (one step of drift is allowed), waiting for the next step when this one and the
 * next were both used. For tests and the benchmark, which log demo users in over and over.
 */
export async function nextTotpCode(
  lastUsedStep: () => Promise<bigint | null>,
  secret: Uint8Array,
): Promise<{ code: string; step: bigint }> {
  for (;;) {
    const now = BigInt(Math.floor(Date.now() / 30_000));
    const last = await lastUsedStep();
    const step = last === null || last < now ? now : last === now ? now + 1n : null;
    if (step !== null) return { code: generateHOTP(secret, step, 6), step };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export const EDUCATION_ADMIN = "Utbildningsförvaltningen i Ådalsviks kommun";

export interface DemoUser {
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
  // Principals who sign the demo agreements (scripts/seed/seed-agreements.ts).
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
  // its own (scripts/seed/seed-reports.ts); Söderås's inbox is empty.
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
