/**
 * People: invitations by e-mail (single-use links, valid 7 days) and joining by them. Owns the
 * invitations table; creates users and memberships. Every command takes the actor first and
 * refuses, as not found, an organisation the actor may not manage.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { voidLiveResets } from "~/auth/password-reset.server";
import { hashPassword } from "~/auth/password.server";
import { ROLE_LABELS } from "~/auth/roles";
import { hashToken, newToken, TOKEN_PATTERN } from "~/auth/tokens.server";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  listContactDuties,
  listSuccessors,
  type ContactDuty,
  type ContactPerson,
} from "~/modules/contacts/contacts.server";
import { queueEmail } from "~/lib/email.server";
import { factorsOf } from "~/auth/second-factor.server";
import { db, lockKey } from "~db/client.server";
import type { OrganisationKind, Role } from "~db/schema";
import { invitableRoles, managedOrganisation, mayInvitePrincipalToSign } from "./policy";

export { NotFoundError };
export {
  invitableOrganisations,
  invitableRolesIn,
  listDeactivatedUsers,
  listInvitableOrganisations,
} from "./lists.server";
const INVITATION_VALID_DAYS = 7;

const dateFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  day: "numeric",
  month: "long",
  year: "numeric",
});

export type InviteResult = { kind: "invited" } | { kind: "added" } | { kind: "alreadyMember" };

/**
 * Invites a person to an organisation with a role. Someone who already has an account is given
 * the membership at once (they log in as before); anyone else gets an invitation e-mail.
 */
export async function inviteUser(
  actor: Actor,
  input: { name: string; email: string; organisationId: string; role: Role },
  now = new Date(),
  /** An invitation to join and sign a cooperation agreement: tracked with it, and says so. */
  toSign?: { agreementId: string; purpose: string },
): Promise<InviteResult> {
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name", "kind", "districtId", "operatorType"])
    .where("id", "=", input.organisationId)
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  const allowed =
    organisation &&
    (toSign
      ? input.role === "principal" && mayInvitePrincipalToSign(actor.membership, organisation)
      : invitableRoles(actor.membership, organisation).includes(input.role));
  if (!organisation || !allowed) throw new NotFoundError();
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
          createdAt: now,
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
        agreementId: toSign?.agreementId ?? null,
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
        purpose: toSign?.purpose ?? null,
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
    // Two invitations to one new address accepted at the same moment: the second waits here
    // and then finds the account the first made, instead of failing on the unique address.
    await lockKey(trx, `invitation:${invitation.email}`);
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
        createdAt: now,
      })
      .onConflict((oc) =>
        oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
      )
      .execute();
    if (existing) {
      await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
      // A reset link from before a deactivation must not work again now the account does.
      await voidLiveResets(trx, userId);
    }
    return userId;
  });
}

// ---------------------------------------------------------------------------------------------
// Managing people: changing a role, ending a membership, deactivating and reactivating an
// account. A principal manages their school's staff, a district manager their district's, an
// administrator everyone; a person outside the actor's organisation is not found.

interface ManagedMembership {
  id: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: Role;
  createdAt: Date;
  endedAt: Date | null;
  endedByName: string | null;
  /** The roles this membership can be changed to by the actor (empty once ended). */
  roles: Role[];
}

export interface ManagedPerson {
  id: string;
  name: string;
  title: string | null;
  email: string;
  phone: string | null;
  deactivatedAt: Date | null;
  deactivatedByName: string | null;
  isSelf: boolean;
  /** Current memberships first, then ended ones (the history), within the actor's scope. */
  memberships: ManagedMembership[];
  duties: ContactDuty[];
  /** Per district with duties: who can take them over. */
  successors: Record<string, ContactPerson[]>;
  mayDeactivate: boolean;
  /** The person's second factors; shown to administrators, who may reset them. */
  secondFactor: { totp: boolean; passkeys: number } | null;
}

/**
 * One person as the actor may manage them, or null (not found) when the person has no current
 * membership in the actor's organisation (an administrator sees every account).
 */
export async function getManagedPerson(
  actor: Actor,
  userId: string,
): Promise<ManagedPerson | null> {
  const scope = managedOrganisation(actor.membership);
  if (!scope) return null;
  const user = await db
    .selectFrom("users as u")
    .leftJoin("users as by", "by.id", "u.deactivatedBy")
    .select([
      "u.id",
      "u.name",
      "u.title",
      "u.email",
      "u.phone",
      "u.deactivatedAt",
      "by.name as deactivatedByName",
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!user) return null;
  let query = db
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisationId")
    .leftJoin("users as by", "by.id", "m.endedBy")
    .select([
      "m.id",
      "m.organisationId",
      "o.name as organisationName",
      "m.organisationKind",
      "m.role",
      "m.createdAt",
      "m.endedAt",
      "by.name as endedByName",
    ])
    .where("m.userId", "=", userId);
  if (scope !== "all") query = query.where("m.organisationId", "=", scope);
  const rows = await query
    .orderBy(sql`m.ended_at is null`, "desc")
    .orderBy("o.name")
    .orderBy("m.createdAt", "desc")
    .execute();
  if (scope !== "all" && (user.deactivatedAt || !rows.some((m) => m.endedAt === null))) {
    return null;
  }
  const duties = await listContactDuties(actor, userId);
  const successors: Record<string, ContactPerson[]> = {};
  for (const districtId of new Set(duties.map((d) => d.districtId))) {
    successors[districtId] = await listSuccessors(actor, districtId, userId);
  }
  return {
    ...user,
    isSelf: user.id === actor.user.id,
    memberships: rows.map((m) => ({
      ...m,
      roles:
        m.endedAt === null
          ? invitableRoles(actor.membership, { id: m.organisationId, kind: m.organisationKind })
          : [],
    })),
    duties,
    successors,
    mayDeactivate: scope === "all",
    secondFactor: scope === "all" ? await factorsOf(userId) : null,
  };
}

export type ManageResult =
  | { kind: "done"; accountDeactivated?: boolean }
  | { kind: "unchanged" }
  | { kind: "self" }
  | { kind: "handoverFirst"; duties: ContactDuty[] };

async function managedMembership(actor: Actor, membershipId: string) {
  const scope = managedOrganisation(actor.membership);
  if (!scope) throw new NotFoundError();
  let query = db
    .selectFrom("memberships")
    .selectAll()
    .where("id", "=", membershipId)
    .where("endedAt", "is", null);
  if (scope !== "all") query = query.where("organisationId", "=", scope);
  const membership = await query.executeTakeFirst();
  if (!membership) throw new NotFoundError();
  return membership;
}

/** The database's refusal to let a contact person leave (migration 0003). */
function isHandoverRefusal(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { constraint?: string }).constraint === "contact_person_handover_first"
  );
}

/**
 * Changes the role of a current membership. The old membership ends and a new one starts, so
 * the history shows who had which role when; sessions acting for the old one move to the new.
 */
export async function changeMembershipRole(
  actor: Actor,
  membershipId: string,
  role: Role,
  now = new Date(),
): Promise<ManageResult> {
  const membership = await managedMembership(actor, membershipId);
  const allowed = invitableRoles(actor.membership, {
    id: membership.organisationId,
    kind: membership.organisationKind,
  });
  if (!allowed.includes(role)) throw new NotFoundError();
  if (membership.userId === actor.user.id) return { kind: "self" };
  if (membership.role === role) return { kind: "unchanged" };
  return db.transaction().execute(async (trx) => {
    // Start the new role before ending the old, so the person never stops being staff here.
    const started = await trx
      .insertInto("memberships")
      .values({
        userId: membership.userId,
        organisationId: membership.organisationId,
        organisationKind: membership.organisationKind,
        role,
        createdAt: now,
      })
      .onConflict((oc) =>
        oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    const newId =
      started?.id ??
      (
        await trx
          .selectFrom("memberships")
          .select("id")
          .where("userId", "=", membership.userId)
          .where("organisationId", "=", membership.organisationId)
          .where("role", "=", role)
          .where("endedAt", "is", null)
          .executeTakeFirstOrThrow()
      ).id;
    const ended = await trx
      .updateTable("memberships")
      .set({ endedAt: now, endedBy: actor.user.id })
      .where("id", "=", membership.id)
      .where("endedAt", "is", null)
      .executeTakeFirst();
    if (ended.numUpdatedRows === 0n) return { kind: "unchanged" } as const;
    await trx
      .updateTable("sessions")
      .set({ activeMembershipId: newId })
      .where("activeMembershipId", "=", membership.id)
      .execute();
    return { kind: "done" } as const;
  });
}

/**
 * Ends a membership (the person no longer works here). Refused while the person is a contact
 * person or deputy in that district. When it was their last membership, the account is
 * deactivated and every session of theirs ends.
 */
export async function endMembership(
  actor: Actor,
  membershipId: string,
  now = new Date(),
): Promise<ManageResult> {
  const membership = await managedMembership(actor, membershipId);
  if (membership.userId === actor.user.id) return { kind: "self" };
  if (membership.organisationKind === "district") {
    const duties = (await listContactDuties(actor, membership.userId)).filter(
      (d) => d.districtId === membership.organisationId,
    );
    if (duties.length > 0) return { kind: "handoverFirst", duties };
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable("memberships")
        .set({ endedAt: now, endedBy: actor.user.id })
        .where("id", "=", membership.id)
        .where("endedAt", "is", null)
        .executeTakeFirst();
      if (ended.numUpdatedRows === 0n) return { kind: "unchanged" } as const;
      const remaining = await trx
        .selectFrom("memberships")
        .select("id")
        .where("userId", "=", membership.userId)
        .where("endedAt", "is", null)
        .execute();
      if (remaining.length === 0) {
        await trx
          .updateTable("users")
          .set({ deactivatedAt: now, deactivatedBy: actor.user.id, updatedAt: now })
          .where("id", "=", membership.userId)
          .execute();
        await trx.deleteFrom("sessions").where("userId", "=", membership.userId).execute();
        await voidLiveResets(trx, membership.userId);
        return { kind: "done", accountDeactivated: true } as const;
      }
      await trx
        .updateTable("sessions")
        .set({ activeMembershipId: null })
        .where("activeMembershipId", "=", membership.id)
        .execute();
      return { kind: "done", accountDeactivated: false } as const;
    });
  } catch (error) {
    // A duty assigned between the check and the update: the database refused it.
    if (isHandoverRefusal(error)) {
      return { kind: "handoverFirst", duties: await listContactDuties(actor, membership.userId) };
    }
    throw error;
  }
}

/**
 * Deactivates an account (administrators only): the person can no longer log in, every
 * session ends, and memberships stay as they were so that reactivating restores them. Refused
 * while the person is anyone's contact person or deputy.
 */
export async function deactivateUser(
  actor: Actor,
  userId: string,
  now = new Date(),
): Promise<ManageResult> {
  if (managedOrganisation(actor.membership) !== "all") throw new NotFoundError();
  if (userId === actor.user.id) return { kind: "self" };
  const duties = await listContactDuties(actor, userId);
  if (duties.length > 0) return { kind: "handoverFirst", duties };
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("users")
        .set({ deactivatedAt: now, deactivatedBy: actor.user.id, updatedAt: now })
        .where("id", "=", userId)
        .where("deactivatedAt", "is", null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        const exists = await trx
          .selectFrom("users")
          .select("id")
          .where("id", "=", userId)
          .executeTakeFirst();
        if (!exists) throw new NotFoundError();
        return { kind: "unchanged" } as const;
      }
      await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
      // Reactivating must not bring a reset link back to life.
      await voidLiveResets(trx, userId);
      return { kind: "done", accountDeactivated: true } as const;
    });
  } catch (error) {
    if (isHandoverRefusal(error)) {
      return { kind: "handoverFirst", duties: await listContactDuties(actor, userId) };
    }
    throw error;
  }
}

/** Lets a deactivated account log in again (administrators only), with its current memberships. */
export async function reactivateUser(
  actor: Actor,
  userId: string,
  now = new Date(),
): Promise<ManageResult> {
  if (managedOrganisation(actor.membership) !== "all") throw new NotFoundError();
  const updated = await db
    .updateTable("users")
    .set({ deactivatedAt: null, deactivatedBy: null, updatedAt: now })
    .where("id", "=", userId)
    .where("deactivatedAt", "is not", null)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    const exists = await db
      .selectFrom("users")
      .select("id")
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError();
    return { kind: "unchanged" };
  }
  return { kind: "done" };
}

/** Deactivated accounts, for administrators to find and reactivate. */

/** Updates one's own name, title and phone (shown to schools when one is a contact person). */
export async function updateOwnProfile(
  actor: Actor,
  input: { name: string; title: string; phone: string },
  now = new Date(),
) {
  await db
    .updateTable("users")
    .set({
      name: input.name.trim(),
      title: input.title.trim() || null,
      phone: input.phone.trim() || null,
      updatedAt: now,
    })
    .where("id", "=", actor.user.id)
    .execute();
}
