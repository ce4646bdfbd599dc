/**
 * Cooperation meetings (issue 18): planned from the active agreement's meetings, seen and
 * recorded by the school's principal, the district manager and the school's contact person and
 * by nobody else, minutes checked for identity numbers, the secret calendar feed, and the
 * follow-up's planned-against-held figure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { fromStockholmLocal } from "~/lib/dates";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  createAgreement,
  createTemplate,
  getAgreement,
  sendForSigning,
  signAgreement,
} from "~/modules/agreements/agreements.server";
import { assignContact } from "~/modules/contacts/contacts.server";
import { followUpPage } from "~/modules/follow-up/follow-up.server";
import { schoolYearPeriod } from "~/modules/follow-up/period";
import {
  calendarFeed,
  listMeetings,
  meetingSchools,
  moveMeeting,
  planSchoolYear,
  recordMeetingHeld,
  renewCalendarFeed,
} from "~/modules/meetings/meetings.server";
import { officialTestNumbers } from "../helpers/factories";
import { districtWithStaff, educationWithStaff, schoolWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const YEAR = "2026/27";
const NOW = fromStockholmLocal("2026-12-01T09:00");

let principal: Actor;
let manager: Actor;
let contact: Actor;
let otherCaseworker: Actor;
let otherPrincipal: Actor;
let schoolId: string;
let schoolName: string;
let otherSchoolId: string;

beforeAll(async () => {
  const { admin, educationManager } = await educationWithStaff({
    staff: { admin: "admin", educationManager: "educationManager" },
  });
  const ours = await districtWithStaff({
    staff: { manager: "districtManager", contact: "caseworker", otherCaseworker: "caseworker" },
  });
  ({ manager, contact, otherCaseworker } = ours);
  const school = await schoolWithStaff({
    districtId: ours.district.id,
    staff: { principal: "principal" },
  });
  principal = school.principal;
  schoolId = school.school.id;
  schoolName = school.school.name;
  const theirs = await districtWithStaff({ staff: {} });
  const other = await schoolWithStaff({
    districtId: theirs.district.id,
    staff: { otherPrincipal: "principal" },
  });
  otherPrincipal = other.otherPrincipal;
  otherSchoolId = other.school.id;

  // An active agreement whose meetings are a meeting twice a term and one in May.
  const templateId = await createTemplate(admin, {
    title: "Samverkansöverenskommelse",
    introduction: "Skolan och socialtjänsten samverkar.",
    sections: [{ heading: "Syfte", body: "Att tidigt upptäcka barn som behöver stöd." }],
    changeNote: "",
  });
  const agreementId = await createAgreement(manager, { templateId, schoolIds: [schoolId] });
  await db
    .updateTable("agreementVersions")
    .set({
      meetings: JSON.stringify([
        { name: "Samverkansmöte", frequency: "Två gånger per termin" },
        { name: "Uppföljning av överenskommelsen", frequency: "En gång per år, i maj" },
      ]) as never,
    })
    .where("agreementId", "=", agreementId)
    .where("status", "=", "draft")
    .execute();
  const sent = await sendForSigning(manager, agreementId);
  if (sent.kind !== "sent") throw new Error(`not sent: ${sent.kind}`);
  for (const signer of [principal, educationManager, manager]) {
    const view = await getAgreement(signer, agreementId);
    const signing = view.versions.find((v) => v.status === "signing")!;
    await signAgreement(
      signer,
      agreementId,
      { versionId: signing.id, documentHash: signing.contentHash! },
      "10.0.0.1",
    );
  }
  await assignContact(manager, { schoolId, contactUserId: contact.user.id, deputyUserId: null });
});

describe("planning the school year", () => {
  it("plans each meeting's dates once, from the active agreement", async () => {
    expect(await planSchoolYear(principal, schoolId, YEAR)).toEqual({
      agreement: true,
      planned: 5,
    });
    expect(await planSchoolYear(contact, schoolId, YEAR)).toEqual({ agreement: true, planned: 0 });
    const meetings = await listMeetings(manager, { schoolYear: YEAR });
    expect(meetings.map((m) => [m.name, m.plannedOn])).toEqual([
      ["Samverkansmöte", "2026-09-15"],
      ["Samverkansmöte", "2026-11-16"],
      ["Samverkansmöte", "2027-02-15"],
      ["Samverkansmöte", "2027-04-15"],
      ["Uppföljning av överenskommelsen", "2027-05-17"],
    ]);
    // A school without an agreement has nothing to plan from.
    expect(await planSchoolYear(otherPrincipal, otherSchoolId, YEAR)).toEqual({
      agreement: false,
      planned: 0,
    });
  });

  it("shows the meetings to the principal, the manager and the contact person, and to no one else", async () => {
    for (const actor of [principal, manager, contact]) {
      expect((await meetingSchools(actor)).map((s) => s.id)).toEqual([schoolId]);
      expect(await listMeetings(actor, { schoolYear: YEAR })).toHaveLength(5);
    }
    // Another caseworker of the district is no contact person: no school, no meetings.
    expect(await meetingSchools(otherCaseworker)).toEqual([]);
    expect(await listMeetings(otherCaseworker, { schoolYear: YEAR })).toEqual([]);
    for (const [actor, school] of [
      [otherCaseworker, schoolId],
      [otherPrincipal, schoolId],
      [principal, otherSchoolId],
    ] as const) {
      await expect(planSchoolYear(actor, school, YEAR)).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        listMeetings(actor, { schoolYear: YEAR, schoolId: school }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("recording a meeting as held", () => {
  async function first() {
    const meetings = await listMeetings(principal, { schoolYear: YEAR });
    return meetings[0]!;
  }

  it("says what is wrong beside each field, and keeps identity numbers out of the minutes", async () => {
    const meeting = await first();
    const number = officialTestNumbers()[0]!;
    const refused = await recordMeetingHeld(
      contact,
      meeting.id,
      { heldOn: "2026-12-24", participants: [], minutes: `Vi talade om ${number}.` },
      NOW,
    );
    expect(refused).toEqual({
      ok: false,
      fieldErrors: {
        heldOn: "Ett möte kan inte registreras innan det har hållits.",
        participants: "Kryssa i vilka som var med.",
        minutes:
          "Skriv inte personnummer i anteckningarna. Mötet gäller samverkan, inte enskilda barn.",
      },
    });
    const future = await recordMeetingHeld(
      contact,
      meeting.id,
      { heldOn: "2026-12-24", participants: ["principal"], minutes: "" },
      NOW,
    );
    expect(future).toEqual({
      ok: false,
      fieldErrors: { heldOn: "Ett möte kan inte registreras innan det har hållits." },
    });
  });

  it("records the date, who took part and the minutes, once", async () => {
    const meeting = await first();
    const input = {
      heldOn: "2026-09-16",
      participants: ["principal", "contactPerson", "studentHealth"],
      minutes: "Vi gick igenom rutinen för orosanmälan och bokade nästa möte.",
    };
    expect(await recordMeetingHeld(contact, meeting.id, input, NOW)).toEqual({ ok: true });
    const held = await first();
    expect(held.heldOn).toBe("2026-09-16");
    expect(held.participants).toEqual(["principal", "contactPerson", "studentHealth"]);
    expect(held.recordedByName).toBe(contact.user.name);
    expect(await recordMeetingHeld(principal, meeting.id, input, NOW)).toEqual({
      ok: false,
      fieldErrors: { heldOn: "Mötet är redan registrerat som hållet." },
    });
    await expect(recordMeetingHeld(otherPrincipal, meeting.id, input, NOW)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("counts planned against held in the follow-up", async () => {
    const page = await followUpPage(
      principal,
      {
        period: schoolYearPeriod(2026),
        narrowing: { districtId: "", schoolId: "", operatorType: "" },
      },
      NOW,
    );
    const table = page.tables.find((t) => t.id === "samverkansmoten")!;
    expect(table.total).toEqual(["5", "1", "20 %"]);
  });
});

describe("moving a planned meeting", () => {
  it("moves a meeting not yet held to another day of the school year, and says why not otherwise", async () => {
    const [held, second] = await listMeetings(principal, { schoolYear: YEAR });
    expect(second!.plannedOn).toBe("2026-11-16");
    const move = (actor: Actor, id: string, plannedOn: string) =>
      moveMeeting(actor, id, { plannedOn });
    expect(await move(contact, second!.id, "16/11")).toEqual({
      ok: false,
      fieldErrors: { plannedOn: "Skriv dagen som ÅÅÅÅ-MM-DD." },
    });
    expect(await move(contact, second!.id, "2027-08-20")).toEqual({
      ok: false,
      fieldErrors: { plannedOn: "Dagen ska vara under läsåret 2026/27." },
    });
    // The same meeting is already planned on 15 February.
    expect(await move(contact, second!.id, "2027-02-15")).toEqual({
      ok: false,
      fieldErrors: { plannedOn: "Samma möte är redan planerat den dagen. Välj en annan dag." },
    });
    expect(await move(principal, held!.id, "2026-09-20")).toEqual({
      ok: false,
      fieldErrors: { plannedOn: "Mötet är redan registrerat som hållet och kan inte flyttas." },
    });
    await expect(move(otherPrincipal, second!.id, "2026-11-23")).rejects.toBeInstanceOf(
      NotFoundError,
    );

    expect(await move(principal, second!.id, " 2026-11-23 ")).toEqual({ ok: true });
    const after = await listMeetings(manager, { schoolYear: YEAR });
    expect(after.map((m) => m.plannedOn)).toEqual([
      "2026-09-15",
      "2026-11-23",
      "2027-02-15",
      "2027-04-15",
      "2027-05-17",
    ]);
    // Planning again does not bring the old date back.
    expect(await planSchoolYear(principal, schoolId, YEAR)).toEqual({
      agreement: true,
      planned: 0,
    });
  });
});

describe("the calendar feed", () => {
  it("lists the meetings at a secret address that a new one replaces, without the minutes", async () => {
    const token = await renewCalendarFeed(principal);
    const feed = await calendarFeed(token, NOW);
    expect(feed).toContain("BEGIN:VCALENDAR");
    expect(feed).toContain(`SUMMARY:Samverkansmöte – ${schoolName}`);
    expect(feed).toContain("DTSTART;VALUE=DATE:20260916");
    expect(feed).not.toContain("rutinen för orosanmälan");
    const stored = await db
      .selectFrom("calendarFeeds")
      .select("tokenHash")
      .where("userId", "=", principal.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token);

    const renewed = await renewCalendarFeed(principal);
    expect(await calendarFeed(token, NOW)).toBeNull();
    expect(await calendarFeed(renewed, NOW)).toContain("BEGIN:VEVENT");
    expect(await calendarFeed("inte-en-nyckel", NOW)).toBeNull();
  });

  it("is not made for someone who follows no meetings' schools", async () => {
    await expect(
      renewCalendarFeed({
        ...otherCaseworker,
        membership: { ...otherCaseworker.membership, role: "mentor" },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
