/**
 * Consultations (konsultation): a school asks social services about a situation without naming
 * the child, and the two sides write in one thread. Owns consultations and consultation_messages
 * (append-only). The form refuses what looks like an identity number; the page warns against
 * names.
 *
 * Who sees a thread: at the school, the person who asked and the principal; in social services,
 * the school's contact person and deputy (the school's own or the district's default), the intake
 * unit and the district manager of the school's district. Everyone else gets NotFoundError.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { queueEmail } from "~/lib/email.server";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** The contact person and deputy of a school now: its own assignment, else the district's. */
async function contactsOf(executor: Executor, schoolId: string, districtId: string) {
  const rows = await executor
    .selectFrom("contactAssignments")
    .select(["schoolId", "contactUserId", "deputyUserId"])
    .where("districtId", "=", districtId)
    .where("validTo", "is", null)
    .where((eb) => eb.or([eb("schoolId", "=", schoolId), eb("schoolId", "is", null)]))
    .execute();
  const chosen = rows.find((r) => r.schoolId === schoolId) ?? rows.find((r) => !r.schoolId);
  return chosen
    ? [chosen.contactUserId, chosen.deputyUserId].filter((id): id is string => !!id)
    : [];
}

type Side = "school" | "district";

async function sideOf(
  executor: Executor,
  actor: Actor,
  consultation: { schoolId: string; districtId: string; askedBy: string },
): Promise<Side | null> {
  const { organisationId, role } = actor.membership;
  if (organisationId === consultation.schoolId) {
    return consultation.askedBy === actor.user.id || role === "principal" ? "school" : null;
  }
  if (organisationId !== consultation.districtId) return null;
  if (role === "intakeOfficer" || role === "districtManager") return "district";
  const contacts = await contactsOf(executor, consultation.schoolId, consultation.districtId);
  return contacts.includes(actor.user.id) ? "district" : null;
}

async function scoped(executor: Executor, actor: Actor, consultationId: string) {
  const row = await executor
    .selectFrom("consultations as c")
    .innerJoin("organisations as s", "s.id", "c.schoolId")
    .innerJoin("organisations as d", "d.id", "c.districtId")
    .innerJoin("users as u", "u.id", "c.askedBy")
    .select([
      "c.id",
      "c.schoolId",
      "c.districtId",
      "c.subject",
      "c.askedBy",
      "c.askedAt",
      "s.name as schoolName",
      "d.name as districtName",
      "u.name as askedByName",
    ])
    .where("c.id", "=", consultationId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  const side = await sideOf(executor, actor, row);
  if (!side) throw new NotFoundError();
  return { row, side };
}

async function districtRecipients(executor: Executor, schoolId: string, districtId: string) {
  const contacts = await contactsOf(executor, schoolId, districtId);
  let query = executor
    .selectFrom("users as u")
    .select("u.email")
    .where("u.deactivatedAt", "is", null);
  if (contacts.length > 0) {
    query = query.where("u.id", "in", contacts);
  } else {
    query = query.where("u.id", "in", (eb) =>
      eb
        .selectFrom("memberships")
        .select("userId")
        .where("organisationId", "=", districtId)
        .where("role", "=", "intakeOfficer")
        .where("endedAt", "is", null),
    );
  }
  return (await query.execute()).map((r) => r.email);
}

const threadUrl = (id: string) => `${env().APP_URL}/konsultation/${id}`;

/** Any school staff member asks a question; it goes to the school's contact person. */
export async function askConsultation(
  actor: Actor,
  values: { subject: string; body: string },
  now = new Date(),
): Promise<string> {
  if (actor.membership.organisationKind !== "school") throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const school = await trx
      .selectFrom("organisations")
      .select(["id", "name", "districtId"])
      .where("id", "=", actor.membership.organisationId)
      .executeTakeFirst();
    if (!school?.districtId) throw new NotFoundError();
    const { id } = await trx
      .insertInto("consultations")
      .values({
        schoolId: school.id,
        districtId: school.districtId,
        subject: values.subject,
        askedBy: actor.user.id,
        askedAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("consultationMessages")
      .values({
        consultationId: id,
        authorUserId: actor.user.id,
        side: "school",
        body: values.body,
        writtenAt: now,
      })
      .execute();
    for (const to of await districtRecipients(trx, school.id, school.districtId)) {
      await queueEmail(trx, {
        to,
        template: "consultationMessage",
        props: { kind: "question", organisationName: school.name, url: threadUrl(id) },
      });
    }
    return id;
  });
}

export interface ConsultationListItem {
  id: string;
  subject: string;
  schoolName: string;
  askedByName: string;
  askedAt: Date;
  lastMessageAt: Date;
  lastSide: "school" | "district";
  messages: number;
}

/** The threads the actor may read, the latest activity first. */
export async function listConsultations(actor: Actor): Promise<ConsultationListItem[]> {
  const { organisationId, organisationKind, role } = actor.membership;
  let query = db
    .selectFrom("consultations as c")
    .innerJoin("organisations as s", "s.id", "c.schoolId")
    .innerJoin("users as u", "u.id", "c.askedBy")
    .select([
      "c.id",
      "c.subject",
      "s.name as schoolName",
      "u.name as askedByName",
      "c.askedAt",
      sql<Date>`(select max(written_at) from consultation_messages m where m.consultation_id = c.id)`.as(
        "lastMessageAt",
      ),
      sql<"school" | "district">`(select side from consultation_messages m
        where m.consultation_id = c.id order by written_at desc, id desc limit 1)`.as("lastSide"),
      sql<number>`(select count(*)::int from consultation_messages m where m.consultation_id = c.id)`.as(
        "messages",
      ),
    ]);
  if (organisationKind === "school") {
    query = query.where("c.schoolId", "=", organisationId);
    if (role !== "principal") query = query.where("c.askedBy", "=", actor.user.id);
  } else if (organisationKind === "district") {
    query = query.where("c.districtId", "=", organisationId);
    if (role !== "intakeOfficer" && role !== "districtManager") {
      // A contact person sees the threads of the schools they are contact for now.
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("contactAssignments as a")
            .select("a.id")
            .where("a.districtId", "=", organisationId)
            .where("a.validTo", "is", null)
            .where((eb) =>
              eb.or([
                eb("a.contactUserId", "=", actor.user.id),
                eb("a.deputyUserId", "=", actor.user.id),
              ]),
            )
            .where((eb) =>
              eb.or([
                eb("a.schoolId", "=", eb.ref("c.schoolId")),
                eb.and([
                  eb("a.schoolId", "is", null),
                  eb.not(
                    eb.exists(
                      eb
                        .selectFrom("contactAssignments as own")
                        .select("own.id")
                        .where("own.validTo", "is", null)
                        .whereRef("own.schoolId", "=", "c.schoolId"),
                    ),
                  ),
                ]),
              ]),
            ),
        ),
      );
    }
  } else {
    return [];
  }
  const rows = await query.orderBy("lastMessageAt", "desc").execute();
  return rows.map((r) => ({ ...r, lastMessageAt: new Date(r.lastMessageAt) }));
}

export interface ConsultationView {
  id: string;
  subject: string;
  schoolName: string;
  districtName: string;
  askedByName: string;
  askedAt: Date;
  side: Side;
  messages: { id: string; body: string; side: Side; authorName: string; writtenAt: Date }[];
}

export async function getConsultation(
  actor: Actor,
  consultationId: string,
): Promise<ConsultationView> {
  const { row, side } = await scoped(db, actor, consultationId);
  const messages = await db
    .selectFrom("consultationMessages as m")
    .innerJoin("users as u", "u.id", "m.authorUserId")
    .select(["m.id", "m.body", "m.side", "u.name as authorName", "m.writtenAt"])
    .where("m.consultationId", "=", row.id)
    .orderBy("m.writtenAt")
    .orderBy("m.id")
    .execute();
  return {
    id: row.id,
    subject: row.subject,
    schoolName: row.schoolName,
    districtName: row.districtName,
    askedByName: row.askedByName,
    askedAt: row.askedAt,
    side,
    messages,
  };
}

/** A message in the thread, from either side; the other side is told by e-mail. */
export async function replyToConsultation(
  actor: Actor,
  consultationId: string,
  body: string,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row, side } = await scoped(trx, actor, consultationId);
    await trx
      .insertInto("consultationMessages")
      .values({ consultationId: row.id, authorUserId: actor.user.id, side, body, writtenAt: now })
      .execute();
    if (side === "district") {
      const asker = await trx
        .selectFrom("users")
        .select("email")
        .where("id", "=", row.askedBy)
        .where("deactivatedAt", "is", null)
        .executeTakeFirst();
      if (asker) {
        await queueEmail(trx, {
          to: asker.email,
          template: "consultationMessage",
          props: { kind: "answer", organisationName: row.districtName, url: threadUrl(row.id) },
        });
      }
    } else {
      for (const to of await districtRecipients(trx, row.schoolId, row.districtId)) {
        await queueEmail(trx, {
          to,
          template: "consultationMessage",
          props: { kind: "question", organisationName: row.schoolName, url: threadUrl(row.id) },
        });
      }
    }
  });
}
