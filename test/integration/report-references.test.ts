/**
 * Report references at volume (issue 14): the number after the year is padded to five digits but
 * never cut, so the 100 000th report and every one after it still get a reference of their own
 * and sending them succeeds. A file of its own: it moves the database's reference sequence far
 * past what the other report tests expect.
 */
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { cosignReport, submitReport } from "~/modules/reports/reports.server";
import { reportSchema, type ReportValues } from "~/modules/reports/schema";
import {
  createActor,
  createDistrict,
  createSchool,
  nextOfficialTestNumber,
} from "../helpers/factories";

const RECEIVED = new Date("2026-04-02T08:00:00Z");

function reportValues(): ReportValues {
  const number = nextOfficialTestNumber();
  return reportSchema.parse({
    childName: "Tindra Testström",
    childIdentityNumber: `${number.slice(2, 8)}-${number.slice(8)}`,
    classYear: "7B",
    concern: "Tindra berättar att hon inte får äta hemma på kvällarna.",
    observations: "Hon kommer hungrig till skolan.",
    observedWhen: "Sedan början av mars",
    observedBy: "Mentorn",
    guardiansInformed: "yes",
    reporterName: "Maja Mentor",
    reporterRole: "Mentor",
    reporterPhone: "08-123 45 67",
    wantsFeedback: false,
    wantsMeeting: false,
  });
}

async function referenceOf(reportId: string): Promise<string> {
  const row = await db
    .selectFrom("concernReports")
    .select(["reference", "status"])
    .where("id", "=", reportId)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe("received");
  return row.reference!;
}

describe("report references past 99 999", () => {
  let mentor: Actor;
  let sender: Actor;
  let principal: Actor;

  beforeAll(async () => {
    const district = await createDistrict();
    await db
      .updateTable("organisations")
      .set({ intakePhone: "08-508 100 00", intakeEmail: "mottagning@kommun.test" })
      .where("id", "=", district.id)
      .execute();
    await createActor(district.id, "intakeOfficer");
    const direct = await createSchool({ districtId: district.id });
    mentor = await createActor(direct.id, "mentor");
    // A school whose reports wait for the principal: the reference is given at the co-signature.
    const cosigning = await createSchool({ districtId: district.id });
    await db
      .updateTable("organisations")
      .set({ reportCosignRequired: true })
      .where("id", "=", cosigning.id)
      .execute();
    sender = await createActor(cosigning.id, "mentor");
    principal = await createActor(cosigning.id, "principal");
  });

  it("gives the 100 000th report and those after it distinct, uncut references", async () => {
    // The next value the sequence hands out is 99 998.
    await sql`select setval('concern_report_reference_seq', 99997)`.execute(db);

    const references: string[] = [];
    for (let i = 0; i < 4; i++) {
      const sent = await submitReport(mentor, null, reportValues(), { now: RECEIVED });
      expect(sent).toMatchObject({ kind: "sent", awaitingCosign: false });
      references.push(await referenceOf(sent.reportId));
    }
    const waiting = await submitReport(sender, null, reportValues(), { now: RECEIVED });
    expect(waiting).toMatchObject({ kind: "sent", awaitingCosign: true });
    expect(await cosignReport(principal, waiting.reportId, { now: RECEIVED })).toEqual({
      kind: "cosigned",
    });
    references.push(await referenceOf(waiting.reportId));

    expect(references).toEqual([
      "ORO-2026-99998",
      "ORO-2026-99999",
      "ORO-2026-100000",
      "ORO-2026-100001",
      "ORO-2026-100002",
    ]);
    expect(new Set(references).size).toBe(references.length);
  });

  it("keeps counting at any size, still padding small numbers to five digits", async () => {
    await sql`select setval('concern_report_reference_seq', 9223372036854775806)`.execute(db);
    const sent = await submitReport(mentor, null, reportValues(), { now: RECEIVED });
    expect(await referenceOf(sent.reportId)).toBe("ORO-2026-9223372036854775807");

    await sql`select setval('concern_report_reference_seq', 41, true)`.execute(db);
    const small = await submitReport(mentor, null, reportValues(), { now: RECEIVED });
    expect(await referenceOf(small.reportId)).toBe("ORO-2026-00042");
  });
});
