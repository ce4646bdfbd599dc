/**
 * People: invitations by e-mail (single-use links, valid 7 days) and joining by them. Owns the
 * invitations table; creates users and memberships. Every command takes the actor first and
 * refuses, as not found, an organisation the actor may not manage.
 */
import type { Actor } from "~/auth/session.server";
import { hashPassword } from "~/auth/password.server";
import { ROLE_LABELS } from "~/auth/roles";
import { hashToken, newToken, TOKEN_PATTERN } from "~/auth/tokens.server";
import { env } from "~/lib/env.server";
import { queueEmail } from "~/modules/email/email.server";
import { db } from "../../../db/client.server";
import type { OrganisationKind, Role } from "../../../db/schema";
import { invitableRoles } from "./policy";

export class NotFoundError extends Error {}
export const INVITATION_VALID_DAYS = 7;

const dateFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** The organisations an actor may invite people to, with the roles they may give there. */
export async function listInvitableOrganisations(actor: Actor) {
  let query = db
    .selectFrom("organisations")
    .select(["id", "name", "kind"])
    .where("deactivatedAt", "is", null);
  if (actor.membership.role !== "admin")
    query = query.where("id", "=", actor.membership.organisationId);
  const organisations = await query.orderBy("kind").orderBy("name").execute();
  return organisations
    .map((o) => ({ ...o, roles: invitableRoles(actor.membership, o) }))
    .filter((o) => o.roles.length > 0);
}

export type InviteResult = { kind: "invited" } | { kind: "added" } | { kind: "alreadyMember" };

/**
 * Invites a person to an organisation with a role. Someone who already has an account is given
 * the membership at once (they log in as before); anyone else gets an invitation e-mail.
 */
export async function inviteUser(
  actor: Actor,
  input: { name: string; email: string; organisationId: string; role: Role },
  now = new Date(),
): Promise<InviteResult> {
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name", "kind"])
    .where("id", "=", input.organisationId)
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  if (!organisation || !invitableRoles(actor.membership, organisation).includes(input.role)) {
    throw new NotFoundError();
  }
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("users")
      .select(["id", "deactivatedAt"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (existing && !existing.deactivatedAt) {
      const inserted = await trx
        .insertInto("memberships")
        .values({
          userId: existing.id,
          organisationId: organisation.id,
          organisationKind: organisation.kind as OrganisationKind,
          role: input.role,
        })
        .onConflict((oc) =>
          oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
        )
        .returning("id")
        .executeTakeFirst();
      return inserted ? { kind: "added" } : { kind: "alreadyMember" };
    }
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * 24 * 3600_000);
    await trx
      .insertInto("invitations")
      .values({
        tokenHash: hash,
        email,
        name: input.name.trim(),
        organisationId: organisation.id,
        organisationKind: organisation.kind as OrganisationKind,
        role: input.role,
        invitedBy: actor.user.id,
        createdAt: now,
        expiresAt,
      })
      .execute();
    await queueEmail(trx, {
      to: email,
      template: "invitation",
      props: {
        inviteeName: input.name.trim(),
        inviterName: actor.user.name,
        organisationName: organisation.name,
        roleLabel: ROLE_LABELS[input.role],
        url: `${env().APP_URL}/inbjudan/${token}`,
        expiresOn: dateFormat.format(expiresAt),
      },
    });
    return { kind: "invited" };
  });
}

/** The invitation a link stands for, if unused, unrevoked and unexpired. */
export async function findValidInvitation(token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  return (
    (await db
      .selectFrom("invitations as i")
      .innerJoin("organisations as o", "o.id", "i.organisationId")
      .select(["i.id", "i.email", "i.name", "i.role", "o.name as organisationName"])
      .where("i.tokenHash", "=", hashToken(token))
      .where("i.acceptedAt", "is", null)
      .where("i.revokedAt", "is", null)
      .where("i.expiresAt", ">", now)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Accepts an invitation: creates the account with the chosen password and the membership, and
 * uses the link up. Returns the new user's id, or null if the link is no longer good.
 */
export async function acceptInvitation(token: string, password: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .updateTable("invitations")
      .set({ acceptedAt: now })
      .where("tokenHash", "=", hashToken(token))
      .where("acceptedAt", "is", null)
      .where("revokedAt", "is", null)
      .where("expiresAt", ">", now)
      .returningAll()
      .executeTakeFirst();
    if (!invitation) return null;
    const existing = await trx
      .selectFrom("users")
      .select(["id", "deactivatedAt"])
      .where("email", "=", invitation.email)
      .executeTakeFirst();
    const userId = existing
      ? (
          await trx
            .updateTable("users")
            .set({ passwordHash, deactivatedAt: null, updatedAt: now })
            .where("id", "=", existing.id)
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto("users")
            .values({ email: invitation.email, name: invitation.name, passwordHash })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
    await trx
      .insertInto("memberships")
      .values({
        userId,
        organisationId: invitation.organisationId,
        organisationKind: invitation.organisationKind,
        role: invitation.role,
      })
      .onConflict((oc) =>
        oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
      )
      .execute();
    if (existing) await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
    return userId;
  });
}
