/**
 * Consultations (issue 7) against the real database: a school's question without naming the child
 * goes to the school's contact person and deputy (the school's own assignment, else the
 * district's default) by an e-mail that quotes nothing; the person who asked, the principal, the
 * contact person and deputy, the district's intake and manager read and reply, and the other
 * side is told; everyone else (another school, another mentor of the same school, another
 * caseworker, another district) gets NotFoundError, as for a thread that does not exist; and the
 * form refuses an identity number.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  askConsultation,
  getConsultation,
  listConsultations,
  replyToConsultation,
} from "~/modules/reports/consultations.server";
import { consultationSchema } from "~/modules/reports/schema";
import { consultationReplySchema } from "~/modules/reports/schema.server";
import { createActor, nextOfficialTestNumber } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

const ASKED = new Date("2026-04-02T08:00:00Z");
const ANSWERED = new Date("2026-04-02T12:00:00Z");
const LATER = new Date("2026-04-03T09:00:00Z");

const IDENTITY_NUMBER_MESSAGE =
  "Skriv inte personnummer i en konsultation. Beskriv situationen utan att barnet kan identifieras.";

async function assignContact(options: {
  districtId: string;
  schoolId: string | null;
  contact: Actor;
  deputy?: Actor;
}) {
  return db
    .insertInto("contactAssignments")
    .values({
      districtId: options.districtId,
      schoolId: options.schoolId,
      contactUserId: options.contact.user.id,
      deputyUserId: options.deputy?.user.id ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

let worlds = 0;

async function world() {
  const n = ++worlds;
  const { district, ...ours } = await districtWithStaff({
    name: `Norra stadsdelen ${n}`,
    staff: {
      contact: { role: "caseworker", name: "Carl Kontakt" },
      deputy: { role: "caseworker", name: "Dana Ersättare" },
      defaultContact: { role: "caseworker", name: "Doris Standard" },
      caseworker: "caseworker",
      intake: { role: "intakeOfficer", name: "Ida Intag" },
      manager: { role: "districtManager", name: "Maria Chef" },
    },
  });
  const { district: otherDistrict, ...theirs } = await districtWithStaff({
    name: `Södra stadsdelen ${n}`,
    staff: {
      otherIntake: "intakeOfficer",
      otherManager: "districtManager",
      otherCaseworker: "caseworker",
    },
  });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    name: `Ekskolan ${n}`,
    staff: {
      asker: { role: "mentor", name: "Maja Mentor" },
      principal: { role: "principal", name: "Per Rektor" },
      otherMentor: "mentor",
      studentHealth: "studentHealth",
    },
  });
  const { school: otherSchool, ...otherSchoolStaff } = await schoolWithStaff({
    districtId: district.id,
    name: `Lindskolan ${n}`,
    staff: { principalB: "principal", mentorB: "mentor" },
  });
  // No assignment of its own: the district's default contact person answers for it.
  const { school: schoolWithoutContact, askerC } = await schoolWithStaff({
    districtId: district.id,
    name: `Björkskolan ${n}`,
    staff: { askerC: "studentHealth" },
  });
  await assignContact({
    districtId: district.id,
    schoolId: school.id,
    contact: ours.contact,
    deputy: ours.deputy,
  });
  await assignContact({ districtId: district.id, schoolId: null, contact: ours.defaultContact });
  // The other district's default contact must not hear of this district's schools.
  await assignContact({
    districtId: otherDistrict.id,
    schoolId: null,
    contact: theirs.otherCaseworker,
  });
  return {
    district,
    otherDistrict,
    school,
    otherSchool,
    schoolWithoutContact,
    ...schoolStaff,
    ...otherSchoolStaff,
    askerC,
    ...ours,
    ...theirs,
  };
}
type World = Awaited<ReturnType<typeof world>>;

let counter = 0;
/** A question as the form gives it, with texts unique to it. */
function question() {
  const n = ++counter;
  return consultationSchema.parse({
    subject: `Elev som ofta kommer hungrig, fråga ${n}`,
    body: `En elev i årskurs 7 kommer ofta hungrig och trött. Ska vi anmäla? (fråga ${n})`,
  });
}

async function emailsAbout(consultationId: string) {
  const rows = await db
    .selectFrom("emails")
    .select(["recipient", "template", "subject", "html", "textBody"])
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.filter((e) => e.textBody?.includes(`/konsultation/${consultationId}`));
}

const sorted = (values: string[]) => [...values].sort();

function expectNothingQuoted(
  emails: { subject: string; html: string | null; textBody: string | null }[],
  texts: string[],
) {
  expect(emails.length).toBeGreaterThan(0);
  for (const email of emails) {
    const html = email.html ?? "";
    const all = [email.subject, html, html.replace(/<!-- -->/g, ""), email.textBody ?? ""].join(
      "\n",
    );
    for (const text of texts) expect(all).not.toContain(text);
  }
}

async function messagesOf(consultationId: string) {
  return db
    .selectFrom("consultationMessages")
    .select(["side", "body", "authorUserId"])
    .where("consultationId", "=", consultationId)
    .orderBy("writtenAt")
    .orderBy("id")
    .execute();
}

// ---------------------------------------------------------------------------------------------

describe("asking", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("a question goes to the school's contact person and deputy by an e-mail that quotes nothing", async () => {
    const values = question();
    const id = await askConsultation(w.asker, values, ASKED);
    const row = await db
      .selectFrom("consultations")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      schoolId: w.school.id,
      districtId: w.district.id,
      subject: values.subject,
      askedBy: w.asker.user.id,
      askedAt: ASKED,
    });
    expect(await messagesOf(id)).toEqual([
      { side: "school", body: values.body, authorUserId: w.asker.user.id },
    ]);
    const emails = await emailsAbout(id);
    expect(sorted(emails.map((e) => e.recipient))).toEqual(
      sorted([w.contact.user.email, w.deputy.user.email]),
    );
    expect(emails.every((e) => e.template === "consultationMessage")).toBe(true);
    expect(emails[0]?.textBody).toContain(w.school.name);
    expectNothingQuoted(emails, [values.subject, values.body]);
  });

  it("a school without a contact person of its own asks the district's default contact person", async () => {
    const id = await askConsultation(w.askerC, question(), ASKED);
    expect((await emailsAbout(id)).map((e) => e.recipient)).toEqual([w.defaultContact.user.email]);
    expect((await getConsultation(w.defaultContact, id)).side).toBe("district");
    // The school with its own contact person is not the default contact's.
    const ownContact = await askConsultation(w.asker, question(), ASKED);
    await expect(getConsultation(w.defaultContact, ownContact)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("only school staff ask", async () => {
    for (const actor of [w.intake, w.contact, w.manager]) {
      await expect(askConsultation(actor, question(), ASKED)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("reading and replying", () => {
  let w: World;
  let id: string;
  let values: ReturnType<typeof question>;

  beforeAll(async () => {
    w = await world();
    values = question();
    id = await askConsultation(w.asker, values, ASKED);
  });

  it("the asker, the principal, the contact person, the deputy, intake and the manager read the thread", async () => {
    const readers: [string, Actor, "school" | "district"][] = [
      ["asker", w.asker, "school"],
      ["principal", w.principal, "school"],
      ["contact", w.contact, "district"],
      ["deputy", w.deputy, "district"],
      ["intake", w.intake, "district"],
      ["manager", w.manager, "district"],
    ];
    for (const [who, actor, side] of readers) {
      const view = await getConsultation(actor, id);
      expect(view, who).toMatchObject({
        id,
        subject: values.subject,
        schoolName: w.school.name,
        districtName: w.district.name,
        askedByName: "Maja Mentor",
        askedAt: ASKED,
        side,
      });
      expect(view.messages[0], who).toMatchObject({
        body: values.body,
        side: "school",
        authorName: "Maja Mentor",
      });
      expect(
        (await listConsultations(actor)).map((c) => c.id),
        who,
      ).toContain(id);
    }
  });

  it("another school, another mentor of the school, another caseworker and another district get NotFoundError on reading and replying", async () => {
    const before = await messagesOf(id);
    const emailsBefore = await emailsAbout(id);
    const outsiders: [string, Actor][] = [
      ["principal of another school", w.principalB],
      ["mentor of another school", w.mentorB],
      ["another mentor of the school", w.otherMentor],
      ["student health of the school", w.studentHealth],
      ["a caseworker who is not the contact person", w.caseworker],
      ["the district's default contact (the school has its own)", w.defaultContact],
      ["intake of another district", w.otherIntake],
      ["manager of another district", w.otherManager],
      ["caseworker of another district", w.otherCaseworker],
    ];
    for (const [who, actor] of outsiders) {
      await expect(getConsultation(actor, id), who).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        replyToConsultation(actor, id, "Vi vet vem det är.", LATER),
        who,
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(
        (await listConsultations(actor)).map((c) => c.id),
        who,
      ).not.toContain(id);
    }
    expect(await messagesOf(id)).toEqual(before);
    expect(await emailsAbout(id)).toEqual(emailsBefore);
  });

  it("a thread that does not exist is NotFoundError for everyone", async () => {
    for (const actor of [w.asker, w.principal, w.contact, w.intake, w.manager]) {
      await expect(getConsultation(actor, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        replyToConsultation(actor, randomUUID(), "Hallå?", LATER),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("the contact person, intake and the manager reply; each reply e-mails the asker and quotes nothing", async () => {
    const replies: [Actor, string][] = [
      [w.contact, "Ring mig gärna så pratar vi om det, svar A."],
      [w.intake, "Vid oro för att barnet far illa ska ni anmäla, svar B."],
      [w.manager, "Håller med mottagningen, svar C."],
    ];
    let minute = 0;
    for (const [actor, body] of replies) {
      const before = (await emailsAbout(id)).length;
      await replyToConsultation(actor, id, body, new Date(ANSWERED.getTime() + minute++ * 60_000));
      const emails = (await emailsAbout(id)).slice(before);
      expect(emails.map((e) => e.recipient)).toEqual([w.asker.user.email]);
      expect(emails[0]?.textBody).toContain(`${w.district.name} har svarat`);
      expectNothingQuoted(emails, [body, values.subject, values.body]);
    }
    const view = await getConsultation(w.asker, id);
    expect(view.messages.map((m) => [m.side, m.authorName, m.body])).toEqual([
      ["school", "Maja Mentor", values.body],
      ["district", "Carl Kontakt", replies[0]![1]],
      ["district", "Ida Intag", replies[1]![1]],
      ["district", "Maria Chef", replies[2]![1]],
    ]);
  });

  it("the principal's reply goes to the contact person and deputy", async () => {
    const before = (await emailsAbout(id)).length;
    const body = "Tack, vi anmäler i dag, skriver rektor.";
    await replyToConsultation(w.principal, id, body, LATER);
    const emails = (await emailsAbout(id)).slice(before);
    expect(sorted(emails.map((e) => e.recipient))).toEqual(
      sorted([w.contact.user.email, w.deputy.user.email]),
    );
    expectNothingQuoted(emails, [body]);
    const last = (await messagesOf(id)).at(-1);
    expect(last).toEqual({ side: "school", body, authorUserId: w.principal.user.id });
    const listed = (await listConsultations(w.contact)).find((c) => c.id === id);
    expect(listed).toMatchObject({ lastSide: "school", messages: 5, lastMessageAt: LATER });
  });

  it("the thread is history: the database refuses changing or deleting a message", async () => {
    await expect(
      sql`update consultation_messages set body = 'Ändrat' where consultation_id = ${id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ constraint: "history_append_only" });
    await expect(
      sql`delete from consultation_messages where consultation_id = ${id}`.execute(db),
    ).rejects.toMatchObject({ constraint: "history_append_only" });
  });

  it("after a contact handover the new contact person reads the thread and the old one does not", async () => {
    const newContact = await createActor(w.district.id, "caseworker", { name: "Nils Ny" });
    await db
      .updateTable("contactAssignments")
      .set({ validTo: sql`now()` })
      .where("schoolId", "=", w.school.id)
      .where("validTo", "is", null)
      .execute();
    await assignContact({ districtId: w.district.id, schoolId: w.school.id, contact: newContact });
    expect((await getConsultation(newContact, id)).side).toBe("district");
    for (const former of [w.contact, w.deputy]) {
      await expect(getConsultation(former, id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await listConsultations(former)).map((c) => c.id)).not.toContain(id);
    }
    // A new question now goes to the new contact person only.
    const next = await askConsultation(w.asker, question(), LATER);
    expect((await emailsAbout(next)).map((e) => e.recipient)).toEqual([newContact.user.email]);
  });
});

describe("the consultation form", () => {
  it("refuses a text with an identity number, in the question, the subject and a reply", () => {
    const number = nextOfficialTestNumber();
    for (const typed of [
      number,
      `${number.slice(0, 8)}-${number.slice(8)}`,
      `${number.slice(2, 8)}-${number.slice(8)}`,
    ]) {
      const inBody = consultationSchema.safeParse({
        subject: "Fråga om en elev",
        body: `Det gäller ${typed}, som ofta är hungrig.`,
      });
      expect(inBody.success, typed).toBe(false);
      expect(inBody.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [["body"], IDENTITY_NUMBER_MESSAGE],
      ]);
      const inSubject = consultationSchema.safeParse({
        subject: `Eleven ${typed}`,
        body: "Ofta hungrig.",
      });
      expect(inSubject.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [["subject"], IDENTITY_NUMBER_MESSAGE],
      ]);
      const reply = consultationReplySchema.safeParse({ body: `Gäller det ${typed}?` });
      expect(reply.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [["body"], IDENTITY_NUMBER_MESSAGE],
      ]);
    }
  });

  it("accepts a question with dates and phone numbers that are not identity numbers", () => {
    expect(
      consultationSchema.safeParse({
        subject: "Frånvaro sedan 2026-03-02",
        body: "Ring mig på 08-123 45 67 om eleven i årskurs 7 som varit borta sedan 2 mars.",
      }).success,
    ).toBe(true);
  });
});
