/**
 * What the agreement files share: the executor type, the hash and JSON helpers, the agreement's
 * link, the actor's scope (which agreements they see, which they may edit) and the e-mail
 * recipients and sending used when an agreement is sent, signed, declined or due for revision.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { queueEmail } from "~/lib/email.server";
import { db } from "~db/client.server";
import type { EmailProps, EmailTemplate } from "../../../emails";
import type { Database, SignatoryRole } from "~db/schema";
import { mayEditAgreement } from "./policy";

export type Executor = Kysely<Database> | Transaction<Database>;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export const json = (value: unknown) => JSON.stringify(value);

/**
 * For a query over `agreement_signatories as sg`: the signatory has not signed its version yet
 * (what "waits for a signature" means in every list of it).
 */
export const signatoryHasNotSigned = sql<boolean>`not exists (
  select 1 from agreement_signatures g
  where g.version_id = sg.version_id and g.organisation_id = sg.organisation_id
    and g.role = sg.role)`;

export function agreementUrl(agreementId: string) {
  return `${env().APP_URL}/overenskommelser/${agreementId}`;
}

export const SCHOOL_ROLES = new Set(["principal", "mentor", "studentHealth"]);

/** Agreements the actor may see (ids), as a subquery-ready filter on `agreements as a`. */
export function scopedAgreements(actor: Actor, executor: Executor = db) {
  const m = actor.membership;
  let query = executor
    .selectFrom("agreements as a")
    .innerJoin("organisations as d", "d.id", "a.districtId");
  if (m.role === "districtManager") return query.where("a.districtId", "=", m.organisationId);
  if (m.role === "admin" || m.role === "educationManager") return query;
  if (SCHOOL_ROLES.has(m.role)) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("agreementVersions as v")
          .innerJoin("agreementVersionSchools as vs", "vs.versionId", "v.id")
          .select("v.id")
          .whereRef("v.agreementId", "=", "a.id")
          .where("v.status", "<>", "draft")
          .where("vs.schoolId", "=", m.organisationId),
      ),
    );
    return query;
  }
  return query.where(sql<boolean>`false`);
}

/** Whether the actor sees drafts and versions without their school (the district's own view). */
export function seesEverything(actor: Actor, districtId: string) {
  const m = actor.membership;
  return m.role === "admin" || (m.role === "districtManager" && m.organisationId === districtId);
}

export async function editableAgreement(trx: Executor, actor: Actor, agreementId: string) {
  const agreement = await trx
    .selectFrom("agreements")
    .select(["id", "districtId", "templateId", "reviewDate"])
    .where("id", "=", agreementId)
    .forUpdate()
    .executeTakeFirst();
  if (!agreement || !mayEditAgreement(actor.membership, agreement)) throw new NotFoundError();
  return agreement;
}

/** The district's current managers: they are told of declines, activations and reminders. */
export function districtManagers(trx: Executor, districtId: string) {
  return usersFor(trx, [{ organisationId: districtId, role: "districtManager" }]);
}

/** One message to each user, in the caller's transaction, addressed by name. */
export async function emailEach<K extends EmailTemplate>(
  trx: Executor,
  users: readonly { name: string; email: string }[],
  template: K,
  props: (recipientName: string) => EmailProps[K],
) {
  for (const user of users) {
    await queueEmail(trx, { to: user.email, template, props: props(user.name) });
  }
}

/** Users who hold a signatory's role in its organisation now. */
export async function usersFor(
  trx: Executor,
  signatories: { organisationId: string; role: SignatoryRole }[],
) {
  if (signatories.length === 0) return [];
  return trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "u.email", "m.organisationId", "m.role"])
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where((eb) =>
      eb.or(
        signatories.map((s) =>
          eb.and([eb("m.organisationId", "=", s.organisationId), eb("m.role", "=", s.role)]),
        ),
      ),
    )
    .execute();
}
