/**
 * Cooperation meetings (samverkansmöten, issue 18): the active agreement's meetings as dated
 * occurrences per school and school year, recorded as held by the school's principal or the
 * social services' side (the school's contact person, the district manager), and an iCalendar
 * feed per person at a secret address. No child is named anywhere here: the minutes are checked
 * for identity numbers as consultations are, and the feed holds only meeting names and schools.
 *
 * Who sees a school's meetings: its principal; the district manager of its district; a district
 * employee who is the school's contact person or deputy today. Anyone else, and any school
 * outside that, is NotFoundError.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import ical from "ical-generator";
import * as z from "zod/mini";
import type { Actor } from "~/auth/session.server";
import { isCalendarDate, stockholmDate } from "~/lib/dates";
import { fieldErrorsFrom } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { isUniqueViolation } from "~/lib/unique-violation";
import { containsIdentityNumber } from "~/lib/personal-identity-number";
import { UUID } from "~/lib/uuid";
import { db } from "~db/client.server";
import {
  MEETING_PARTICIPANTS,
  type AgreementMeeting,
  type MeetingParticipant,
  type Role,
} from "~db/schema";
import { plannedDates, schoolYearOf, schoolYearStart } from "./planning";

export { schoolYearOf } from "./planning";

interface Membership {
  userId: string;
  role: Role;
  organisationId: string;
}

/** The schools whose meetings the membership may see and record, as SQL over organisations `s`. */
function schoolsInScope(m: Membership) {
  if (m.role === "principal") return sql<boolean>`s.id = ${m.organisationId}`;
  if (m.role === "districtManager") return sql<boolean>`s.district_id = ${m.organisationId}`;
  if (m.role === "caseworker" || m.role === "intakeOfficer") {
    return sql<boolean>`exists (select 1 from contact_assignments ca
      where ca.school_id = s.id and ca.district_id = ${m.organisationId} and ca.valid_to is null
        and ${m.userId} in (ca.contact_user_id, ca.deputy_user_id))`;
  }
  return null;
}

function membershipOf(actor: Actor): Membership {
  return {
    userId: actor.user.id,
    role: actor.membership.role,
    organisationId: actor.membership.organisationId,
  };
}

export interface MeetingRow {
  id: string;
  schoolId: string;
  schoolName: string;
  name: string;
  plannedOn: string;
  heldOn: string | null;
  participants: MeetingParticipant[];
  minutes: string | null;
  recordedByName: string | null;
}

/** The schools the actor follows meetings for, by name; NotFoundError for anyone else. */
export async function meetingSchools(actor: Actor): Promise<{ id: string; name: string }[]> {
  const scope = schoolsInScope(membershipOf(actor));
  if (!scope) throw new NotFoundError();
  return db
    .selectFrom("organisations as s")
    .select(["s.id", "s.name"])
    .where("s.kind", "=", "school")
    .where("s.deactivatedAt", "is", null)
    .where(scope)
    .orderBy(sql`s.name collate "sv-x-icu"`)
    .execute();
}

async function requireSchool(actor: Actor, schoolId: string): Promise<string> {
  const scope = schoolsInScope(membershipOf(actor));
  if (!scope || !UUID.test(schoolId)) throw new NotFoundError();
  const row = await db
    .selectFrom("organisations as s")
    .select("s.id")
    .where("s.id", "=", schoolId)
    .where("s.kind", "=", "school")
    .where(scope)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  return row.id;
}

/** A school year's meetings at the actor's schools (or one of them), by date. */
export async function listMeetings(
  actor: Actor,
  options: { schoolYear: string; schoolId?: string },
): Promise<MeetingRow[]> {
  const scope = schoolsInScope(membershipOf(actor));
  if (!scope) throw new NotFoundError();
  if (options.schoolId) await requireSchool(actor, options.schoolId);
  return db
    .selectFrom("cooperationMeetings as m")
    .innerJoin("organisations as s", "s.id", "m.schoolId")
    .leftJoin("users as u", "u.id", "m.recordedBy")
    .where(scope)
    .where("m.schoolYear", "=", options.schoolYear)
    .$if(!!options.schoolId, (q) => q.where("m.schoolId", "=", options.schoolId!))
    .select([
      "m.id",
      "m.schoolId",
      "s.name as schoolName",
      "m.name",
      "m.plannedOn",
      "m.heldOn",
      "m.participants",
      "m.minutes",
      "u.name as recordedByName",
    ])
    .orderBy("m.plannedOn")
    .orderBy(sql`s.name collate "sv-x-icu"`)
    .orderBy("m.name")
    .execute();
}

/**
 * Plans the school year's meetings at a school from its active agreement: one row per meeting
 * and date. Planning again adds only what is new (a newer agreement version's meetings); a
 * meeting already planned from the version keeps its dates, moved or not.
 */
export async function planSchoolYear(
  actor: Actor,
  schoolId: string,
  schoolYear: string,
): Promise<{ agreement: boolean; planned: number }> {
  await requireSchool(actor, schoolId);
  const version = await db
    .selectFrom("agreementVersions as v")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .innerJoin("agreementVersionSchools as vs", "vs.versionId", "v.id")
    .where("vs.schoolId", "=", schoolId)
    .where("v.status", "=", "active")
    .select(["v.id", "v.meetings", "a.districtId"])
    .orderBy("v.activatedAt", "desc")
    .executeTakeFirst();
  if (!version) return { agreement: false, planned: 0 };
  // A meeting already planned this year from this version stays as planned (and as moved).
  const alreadyPlanned = new Set(
    (
      await db
        .selectFrom("cooperationMeetings")
        .select("name")
        .distinct()
        .where("schoolId", "=", schoolId)
        .where("agreementVersionId", "=", version.id)
        .where("schoolYear", "=", schoolYear)
        .execute()
    ).map((r) => r.name),
  );
  const meetings = (version.meetings as unknown as AgreementMeeting[]).filter(
    (meeting) => !alreadyPlanned.has(meeting.name.trim().slice(0, 200)),
  );
  const rows = meetings.flatMap((meeting) =>
    plannedDates(meeting.frequency, schoolYearStart(schoolYear)).map((plannedOn) => ({
      schoolId,
      districtId: version.districtId,
      agreementVersionId: version.id,
      name: meeting.name.trim().slice(0, 200),
      schoolYear,
      plannedOn,
    })),
  );
  if (rows.length === 0) return { agreement: true, planned: 0 };
  const inserted = await db
    .insertInto("cooperationMeetings")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["schoolId", "agreementVersionId", "name", "plannedOn"]).doNothing(),
    )
    .returning("id")
    .execute();
  return { agreement: true, planned: inserted.length };
}

const recordSchema = z.object({
  heldOn: z
    .string({ error: "Skriv dagen mötet hölls." })
    .check(z.refine((v) => isCalendarDate(v.trim()), "Skriv dagen som ÅÅÅÅ-MM-DD.")),
  participants: z
    .array(z.enum(MEETING_PARTICIPANTS))
    .check(z.minLength(1, "Kryssa i vilka som var med.")),
  minutes: z.string().check(
    z.maxLength(4000, "Högst 4 000 tecken."),
    z.refine(
      (v) => !containsIdentityNumber(v),
      "Skriv inte personnummer i anteckningarna. Mötet gäller samverkan, inte enskilda barn.",
    ),
  ),
});

/** A meeting at one of the actor's schools; NotFoundError for any other. */
async function meetingInScope(actor: Actor, meetingId: string) {
  const scope = schoolsInScope(membershipOf(actor));
  if (!scope || !UUID.test(meetingId)) throw new NotFoundError();
  const meeting = await db
    .selectFrom("cooperationMeetings as m")
    .innerJoin("organisations as s", "s.id", "m.schoolId")
    .where("m.id", "=", meetingId)
    .where(scope)
    .select(["m.id", "m.heldOn", "m.schoolYear", "m.plannedOn"])
    .executeTakeFirst();
  if (!meeting) throw new NotFoundError();
  return meeting;
}

export type RecordMeetingResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

/** Records that a planned meeting was held: the date, who took part by role, short minutes. */
export async function recordMeetingHeld(
  actor: Actor,
  meetingId: string,
  input: { heldOn: string; participants: string[]; minutes: string },
  now: Date,
): Promise<RecordMeetingResult> {
  const meeting = await meetingInScope(actor, meetingId);
  // Every field's message at once: the schema's, and the date's against today and the year.
  const parsed = recordSchema.safeParse(input);
  const fieldErrors: Record<string, string> = parsed.success
    ? {}
    : fieldErrorsFrom(parsed.error.issues);
  const heldOn = input.heldOn.trim();
  if (!fieldErrors.heldOn && isCalendarDate(heldOn)) {
    if (heldOn > stockholmDate(now)) {
      fieldErrors.heldOn = "Ett möte kan inte registreras innan det har hållits.";
    } else if (schoolYearOf(heldOn) !== meeting.schoolYear) {
      fieldErrors.heldOn = `Dagen ska vara under läsåret ${meeting.schoolYear}.`;
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const updated = await db
    .updateTable("cooperationMeetings")
    .set({
      heldOn,
      participants: parsed.data.participants,
      minutes: parsed.data.minutes.trim() || null,
      recordedBy: actor.user.id,
      recordedAt: now,
    })
    .where("id", "=", meetingId)
    .where("heldOn", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    return { ok: false, fieldErrors: { heldOn: "Mötet är redan registrerat som hållet." } };
  }
  return { ok: true };
}

/**
 * Moves a planned meeting that has not been held to another day in the same school year (the
 * agreement gives a frequency; the real dates are agreed between the school and social services).
 */
export async function moveMeeting(
  actor: Actor,
  meetingId: string,
  input: { plannedOn: string },
): Promise<RecordMeetingResult> {
  const meeting = await meetingInScope(actor, meetingId);
  const plannedOn = input.plannedOn.trim();
  const held = "Mötet är redan registrerat som hållet och kan inte flyttas.";
  const error = meeting.heldOn
    ? held
    : !plannedOn
      ? "Skriv den nya dagen för mötet."
      : !isCalendarDate(plannedOn)
        ? "Skriv dagen som ÅÅÅÅ-MM-DD."
        : schoolYearOf(plannedOn) !== meeting.schoolYear
          ? `Dagen ska vara under läsåret ${meeting.schoolYear}.`
          : null;
  if (error) return { ok: false, fieldErrors: { plannedOn: error } };
  if (plannedOn === meeting.plannedOn) return { ok: true };
  try {
    const updated = await db
      .updateTable("cooperationMeetings")
      .set({ plannedOn })
      .where("id", "=", meetingId)
      .where("heldOn", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      return { ok: false, fieldErrors: { plannedOn: held } };
    }
  } catch (error) {
    if (
      isUniqueViolation(error, "cooperation_meetings_school_id_agreement_version_id_name_pl_key")
    ) {
      return {
        ok: false,
        fieldErrors: { plannedOn: "Samma möte är redan planerat den dagen. Välj en annan dag." },
      };
    }
    throw error;
  }
  return { ok: true };
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * A new secret address for the person's calendar feed; any earlier address stops working. The
 * token is returned once and kept only as its hash.
 */
export async function renewCalendarFeed(actor: Actor): Promise<string> {
  if (!schoolsInScope(membershipOf(actor))) throw new NotFoundError();
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("calendarFeeds")
    .values({ userId: actor.user.id, tokenHash: sha256(token) })
    .onConflict((oc) => oc.column("userId").doUpdateSet({ tokenHash: sha256(token) }))
    .execute();
  return token;
}

export async function hasCalendarFeed(actor: Actor): Promise<boolean> {
  const row = await db
    .selectFrom("calendarFeeds")
    .select("userId")
    .where("userId", "=", actor.user.id)
    .executeTakeFirst();
  return !!row;
}

/**
 * The iCalendar feed behind a secret address: the meetings of every school the person follows
 * through their current memberships, this school year and the next. Null for an unknown token
 * or a person who is no longer active.
 */
export async function calendarFeed(token: string, now: Date): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const person = await db
    .selectFrom("calendarFeeds as f")
    .innerJoin("users as u", "u.id", "f.userId")
    .where("f.tokenHash", "=", sha256(token))
    .where("u.deactivatedAt", "is", null)
    .select("u.id")
    .executeTakeFirst();
  if (!person) return null;
  const memberships = await db
    .selectFrom("memberships")
    .select(["userId", "role", "organisationId"])
    .where("userId", "=", person.id)
    .where("endedAt", "is", null)
    .execute();
  const scopes = memberships.map(schoolsInScope).filter((s) => s !== null);
  const thisYear = schoolYearOf(stockholmDate(now));
  const start = schoolYearStart(thisYear);
  const years = [thisYear, `${start + 1}/${String(start + 2).slice(2)}`];
  const rows =
    scopes.length === 0
      ? []
      : await db
          .selectFrom("cooperationMeetings as m")
          .innerJoin("organisations as s", "s.id", "m.schoolId")
          .where(sql<boolean>`(${sql.join(scopes, sql` or `)})`)
          .where("m.schoolYear", "in", years)
          .select(["m.id", "m.name", "m.plannedOn", "m.heldOn", "s.name as schoolName"])
          .orderBy("m.plannedOn")
          .execute();
  const calendar = ical({
    name: "Samverkansmöten",
    prodId: { company: "Samverkansportalen", product: "Samverkansmöten", language: "SV" },
    timezone: "Europe/Stockholm",
  });
  for (const row of rows) {
    const day = row.heldOn ?? row.plannedOn;
    calendar.createEvent({
      id: `${row.id}@samverkansportalen`,
      start: new Date(`${day}T00:00:00Z`),
      allDay: true,
      summary: `${row.name} – ${row.schoolName}`,
      description: row.heldOn
        ? "Samverkansmöte enligt samverkansöverenskommelsen. Registrerat som hållet."
        : "Samverkansmöte enligt samverkansöverenskommelsen. Planerat datum.",
      stamp: now,
    });
  }
  return calendar.toString();
}
