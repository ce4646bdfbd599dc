/**
 * The reports module's e-mails, internal to the folder: who at intake and at the school is told
 * that something waits. E-mails say only that, with a link, never what.
 */
import { env } from "~/lib/env.server";
import { queueEmail } from "~/lib/email.server";
import { schoolVisibleDistrictId, type Executor } from "./shared.server";

const appUrl = () => env().APP_URL;

// ---------------------------------------------------------------------------------------------
// E-mail: who is told, never what

/** Who hears from the portal at a district's intake: its intake officers and its intake address. */
export async function intakeRecipients(executor: Executor, districtId: string): Promise<string[]> {
  const officers = await executor
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select("u.email")
    .where("m.organisationId", "=", districtId)
    .where("m.role", "=", "intakeOfficer")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .execute();
  const district = await executor
    .selectFrom("organisations")
    .select("intakeEmail")
    .where("id", "=", districtId)
    .executeTakeFirst();
  const addresses = officers.map((o) => o.email.toLowerCase());
  if (district?.intakeEmail) addresses.push(district.intakeEmail.toLowerCase());
  return [...new Set(addresses)];
}

export async function tellIntake(
  executor: Executor,
  districtId: string,
  reportId: string,
  kind: "received" | "forwarded" | "feedbackRequested" | "meetingAnswered" | "noteAdded",
) {
  const district = await executor
    .selectFrom("organisations")
    .select("name")
    .where("id", "=", districtId)
    .executeTakeFirstOrThrow();
  for (const to of await intakeRecipients(executor, districtId)) {
    await queueEmail(executor, {
      to,
      template: "concernReportToIntake",
      props: {
        districtName: district.name,
        kind,
        url: `${appUrl()}/mottagning/anmalningar/${reportId}`,
      },
    });
  }
}

/**
 * The sender and the school's principals: the people who see the report's answers. The e-mail
 * names the district the school may see (never one a hidden forwarding went to), read here from
 * the report as it stands, so that no caller can name the wrong one.
 */
export async function tellSchool(
  executor: Executor,
  report: { id: string; schoolId: string; createdBy: string },
  kind:
    | "acknowledged"
    | "feedbackGiven"
    | "feedbackWithheld"
    | "forwarded"
    | "meetingProposed"
    | "cosignNeeded",
  { principalsOnly = false } = {},
) {
  const people = await executor
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(["u.id", "u.name", "u.email"])
    .where("m.organisationId", "=", report.schoolId)
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where((eb) =>
      principalsOnly
        ? eb("m.role", "=", "principal")
        : eb.or([eb("m.role", "=", "principal"), eb("u.id", "=", report.createdBy)]),
    )
    .execute();
  const names = await executor
    .selectFrom("concernReports as r")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .innerJoin("organisations as d", (join) => join.on("d.id", "=", schoolVisibleDistrictId))
    .select(["s.name as schoolName", "d.name as districtName"])
    .where("r.id", "=", report.id)
    .executeTakeFirstOrThrow();
  const seen = new Set<string>();
  for (const person of people) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    await queueEmail(executor, {
      to: person.email,
      template: "concernReportToSchool",
      props: {
        recipientName: person.name,
        schoolName: names.schoolName,
        districtName: names.districtName,
        kind,
        url: `${appUrl()}/orosanmalan/${report.id}`,
      },
    });
  }
}
