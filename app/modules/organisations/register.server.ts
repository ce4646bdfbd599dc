/**
 * The administrators' register of districts and schools. Reads answer null and commands throw
 * NotFoundError for anyone but an administrator (routes turn both into 404). Every command is
 * one transaction and sets updated_at. A district row is locked while a school is placed in it
 * (FOR SHARE) and while it is deactivated (FOR UPDATE), so a district can never be deactivated
 * at the same moment as a school is added to its area.
 *
 * This file holds what school-register.server.ts and district-register.server.ts share; it is
 * internal to the module.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import type { FieldErrors } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import type { Database } from "~db/schema";
import { mayManageOrganisations } from "./policy";

/** A save that the actor must correct: messages per field, or one for the whole form. */
export type SaveResult =
  { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors; formError?: string };

/** A deactivation or reactivation, or why it was refused. */
export type StatusResult = { ok: true } | { ok: false; message: string };

export const STALE_MESSAGE =
  "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ladda om sidan och gör dina ändringar igen.";

export function requireAdmin(actor: Actor) {
  if (!mayManageOrganisations(actor.membership)) throw new NotFoundError();
}

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The row's updated_at in microseconds, as text: the version a form carries, so that an edit
 * made on a stale page is refused instead of silently overwriting someone else's.
 */
export function versionOf(column: "s.updatedAt" | "d.updatedAt") {
  return sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`;
}
