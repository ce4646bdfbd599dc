/**
 * The person page's server half, shared by the staff pages of principals, district managers
 * and administrators: one action, several intents (change a role, end a membership, hand over
 * contact duties, deactivate or reactivate the account). The module refuses what the actor may
 * not do; a foreign record is NotFoundError, which the route turns into the 404 page. What the
 * page shows next, or the page to go to, is returned for the route to answer with.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership, type Actor } from "~/auth/session.server";
import type { Role } from "~db/schema";
import {
  badRequest,
  fieldErrorsFrom,
  goTo,
  type BadRequest,
  type FieldErrors,
  type FormRedirect,
} from "~/lib/form";
import { NotFoundError, requireId } from "~/lib/not-found.server";
import { formResponse, readForm } from "~/lib/read-form.server";
import { handOverContactDuties } from "~/modules/contacts/contacts.server";
import {
  changeMembershipRole,
  deactivateUser,
  endMembership,
  getManagedPerson,
  reactivateUser,
  type ManageResult,
} from "./people.server";
import { changeRoleSchema, endMembershipSchema, handoverSchema } from "./schema";
import { resetSecondFactor, type ResetResult } from "./second-factor-reset.server";

const MANAGE_INTENTS = [
  "changeRole",
  "endMembership",
  "handover",
  "deactivate",
  "reactivate",
  "resetSecondFactor",
] as const;
type ManageIntent = (typeof MANAGE_INTENTS)[number];

export type ManageActionData = {
  intent: ManageIntent;
  result: ManageResult | ResetResult | { kind: "handedOver"; count: number } | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
};

/**
 * The person page's loader, the same for the three staff pages (`role` is the manager's role on
 * that page): the person if the actor may manage them, else the 404 page.
 */
export async function personPageLoader({ request, params }: LoaderFunctionArgs, role: Role) {
  const actor = await requireMembership(request, role);
  const person = await getManagedPerson(actor, requireId(params.userId));
  if (!person) throw new NotFoundError();
  return { person };
}

/** The person page's action for the three staff pages; `listPath` is where "back" leads. */
export async function personPageAction(
  { request, params, context }: ActionFunctionArgs,
  role: Role,
  listPath: string,
) {
  const actor = await requireMembership(request, role);
  return formResponse(
    await manageFromForm(
      actor,
      requireId(params.userId),
      await readForm(request),
      listPath,
      context.requestId as string | undefined,
    ),
  );
}

async function manageFromForm(
  actor: Actor,
  userId: string,
  form: FormData,
  /** Where to go when the person has left the actor's organisation (the staff list). */
  listPath: string,
  requestId?: string,
): Promise<ManageActionData | FormRedirect | BadRequest> {
  const values = Object.fromEntries(
    [...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]),
  );
  const intent = MANAGE_INTENTS.find((i) => i === values.intent);
  if (!intent) return badRequest("Okänd åtgärd");
  // Everything on this page is about one person the actor manages; anyone else is not found.
  const person = await getManagedPerson(actor, userId);
  if (!person) throw new NotFoundError();
  const requireCurrentMembership = (membershipId: string) => {
    if (!person.memberships.some((m) => m.id === membershipId && m.endedAt === null)) {
      throw new NotFoundError();
    }
  };
  const invalid = (issues: Parameters<typeof fieldErrorsFrom>[0]) => ({
    intent,
    result: null,
    fieldErrors: fieldErrorsFrom(issues),
    values,
  });
  const done = (result: ManageActionData["result"]) => ({
    intent,
    result,
    fieldErrors: {},
    values: {},
  });
  switch (intent) {
    case "changeRole": {
      const parsed = changeRoleSchema.safeParse(values);
      if (!parsed.success) return invalid(parsed.error.issues);
      requireCurrentMembership(parsed.data.membershipId);
      return done(await changeMembershipRole(actor, parsed.data.membershipId, parsed.data.role));
    }
    case "endMembership": {
      const parsed = endMembershipSchema.safeParse(values);
      if (!parsed.success) return invalid(parsed.error.issues);
      requireCurrentMembership(parsed.data.membershipId);
      const result = await endMembership(actor, parsed.data.membershipId);
      // The person may now be outside the actor's organisation, and their page with them.
      if (result.kind === "done" && !(await getManagedPerson(actor, userId))) {
        return goTo(`${listPath}?avslutad=1`);
      }
      return done(result);
    }
    case "handover": {
      const parsed = handoverSchema.safeParse(values);
      if (!parsed.success) return invalid(parsed.error.issues);
      const count = await handOverContactDuties(actor, { fromUserId: userId, ...parsed.data });
      return done({ kind: "handedOver", count });
    }
    case "deactivate":
      return done(await deactivateUser(actor, userId));
    case "reactivate":
      return done(await reactivateUser(actor, userId));
    case "resetSecondFactor":
      return done(await resetSecondFactor(actor, userId, { requestId }));
  }
}
