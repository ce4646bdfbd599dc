/**
 * What the consent module's files share: the executor type, the request context every command
 * takes, the limits the overview and the consent link both apply, and the school check the
 * consent, legal-basis and link forms all make. Internal to the folder; consent.server.ts is the
 * public face.
 */
import type { Kysely, Transaction } from "kysely";
import { stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import type { Database } from "~db/schema";

export type Executor = Kysely<Database> | Transaction<Database>;

export const MAX_BIRTH_DATE_ATTEMPTS = 5;

export interface ConsentContext {
  requestId?: string;
  purpose?: string;
  /** YYYY-MM-DD in Europe/Stockholm; tests set it. */
  today?: string;
  /** The municipal age of the child's own say; CHILD_CONSENT_AGE unless given (tests). */
  childConsentAge?: number;
}

export function consentAgeOf(context: { childConsentAge?: number }): number {
  return context.childConsentAge ?? env().CHILD_CONSENT_AGE;
}

export function todayOf(context: ConsentContext) {
  return context.today ?? stockholmDate(new Date());
}

export async function activeSchool(executor: Executor, schoolId: string) {
  return executor
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
}
