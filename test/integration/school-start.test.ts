/**
 * What waits for the school on its start page (issue 18): the cards still with the school and
 * those past their due date, the reports waiting for the principal's signature, the actor's
 * own drafts, and the report meetings to answer, each counted for whom may see them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import { schoolReportsWaiting } from "~/modules/reports/reports.server";
import { schoolCardsWaiting } from "~/modules/school-cards/school-cards.server";
import { createChild } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const TODAY = "2026-12-01";
let principal: Actor;
let mentor: Actor;
let otherMentor: Actor;
let counsellor: Actor;

beforeAll(async () => {
  const { district, caseworker } = await districtWithStaff({
    staff: { caseworker: "caseworker" },
  });
  const world = await schoolWithStaff({
    districtId: district.id,
    staff: {
      principal: "principal",
      mentor: "mentor",
      otherMentor: "mentor",
      counsellor: "studentHealth",
    },
  });
  ({ principal, mentor, otherMentor, counsellor } = world);
  const card = async (status: string, dueOn: string, mentorUserId: string | null) => {
    const child = await createChild({
      districtId: district.id,
      caseworkerUserId: caseworker.user.id,
    });
    await db
      .insertInto("schoolCards")
      .values({
        childId: child.id,
        districtId: district.id,
        schoolId: world.school.id,
        term: "HT2026",
        dueOn,
        categories: ["attendance"],
        status,
        mentorUserId,
        requestedBy: caseworker.user.id,
        submittedAt: status === "accepted" ? new Date() : null,
        acceptedAt: status === "accepted" ? new Date() : null,
      } as never)
      .execute();
  };
  await card("requested", "2026-11-20", mentor.user.id);
  await card("inProgress", "2026-12-15", mentor.user.id);
  await card("completionAsked", "2026-11-30", null);
  await card("accepted", "2026-11-01", mentor.user.id);

  const report = (status: "draft" | "awaitingCosign", createdBy: string) =>
    db
      .insertInto("concernReports")
      .values({
        status,
        schoolId: world.school.id,
        districtId: district.id,
        createdBy,
        submittedAt: status === "draft" ? null : new Date(),
        cosignRequired: status === "awaitingCosign",
      } as never)
      .execute();
  await report("draft", counsellor.user.id);
  await report("draft", counsellor.user.id);
  await report("draft", mentor.user.id);
  await report("awaitingCosign", counsellor.user.id);
  // A report intake has received, and a meeting it proposed that the school has not answered.
  const received = await db
    .insertInto("concernReports")
    .values({
      reference: `ORO-2026-${80000 + Math.floor(Math.random() * 9999)}`,
      status: "received",
      schoolId: world.school.id,
      districtId: district.id,
      createdBy: counsellor.user.id,
      submittedAt: new Date(),
      receivedAt: new Date(),
      arrivedAt: new Date(),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("concernReportMeetings")
    .values({
      reportId: received.id,
      startsAt: new Date("2026-12-10T09:00:00Z"),
      place: "Mottagningen",
      proposedBy: caseworker.user.id,
    } as never)
    .execute();
});

describe("what waits for the school", () => {
  it("counts the cards still with the school, and those past their due date", async () => {
    expect(await schoolCardsWaiting(principal, TODAY)).toEqual({ waiting: 3, overdue: 2 });
    expect(await schoolCardsWaiting(counsellor, TODAY)).toEqual({ waiting: 3, overdue: 2 });
    // A mentor counts her own cards only.
    expect(await schoolCardsWaiting(mentor, TODAY)).toEqual({ waiting: 2, overdue: 1 });
    expect(await schoolCardsWaiting(otherMentor, TODAY)).toEqual({ waiting: 0, overdue: 0 });
  });

  it("counts one's own drafts, reports to sign for the principal only, and meetings to answer", async () => {
    expect(await schoolReportsWaiting(counsellor)).toEqual({
      drafts: 2,
      toCosign: 0,
      meetingsToAnswer: 1,
    });
    expect(await schoolReportsWaiting(principal)).toEqual({
      drafts: 0,
      toCosign: 1,
      meetingsToAnswer: 1,
    });
    // A mentor sees her own reports only: not the counsellor's meeting.
    expect(await schoolReportsWaiting(mentor)).toEqual({
      drafts: 1,
      toCosign: 0,
      meetingsToAnswer: 0,
    });
  });
});
