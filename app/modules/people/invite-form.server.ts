/**
 * The invitation form's server half, shared by the staff pages of principals, managers, admins.
 * An organisation the actor cannot invite to is NotFoundError, which the route turns into 404.
 */
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { inviteUser, invitableRolesIn, NotFoundError, type InviteResult } from "./people.server";
import { inviteSchema } from "./schema";

export type InviteActionData = {
  fieldErrors: FieldErrors;
  values: Record<string, string>;
  result: InviteResult | null;
};

export async function inviteFromForm(actor: Actor, form: FormData): Promise<InviteActionData> {
  const values = Object.fromEntries(
    [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]),
  );
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values, result: null };
  }
  // An organisation the actor cannot invite to is not offered by the form: answering "not
  // found" to a tampered id tells nothing about another organisation.
  const roles = await invitableRolesIn(actor, parsed.data.organisationId);
  if (roles.length === 0) throw new NotFoundError();
  try {
    const result = await inviteUser(actor, parsed.data);
    return { fieldErrors: {}, values: {}, result };
  } catch (error) {
    if (error instanceof NotFoundError) {
      return {
        fieldErrors: { role: "Du kan inte ge den rollen i den organisationen." },
        values,
        result: null,
      };
    }
    throw error;
  }
}
