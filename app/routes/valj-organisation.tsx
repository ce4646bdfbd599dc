import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { ROLE_LABELS, startPath } from "~/auth/roles";
import { chooseOrganisationSchema } from "~/auth/schema.server";
import { requireUser, setActiveMembership } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";

export const meta: MetaFunction = () => [{ title: "Välj organisation – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, memberships } = await requireUser(request);
  if (memberships.length === 0) throw redirect("/ingen-behorighet");
  return {
    activeId: session.activeMembershipId,
    memberships: memberships.map((m) => ({
      id: m.id,
      organisationName: m.organisationName,
      roleLabel: ROLE_LABELS[m.role],
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session, memberships } = await requireUser(request);
  const parsed = chooseOrganisationSchema.safeParse(Object.fromEntries(await readForm(request)));
  // Only one of the user's own current memberships can be chosen.
  const chosen = parsed.success ? memberships.find((m) => m.id === parsed.data.membershipId) : null;
  if (!chosen) return { error: "Välj den organisation du vill arbeta för." };
  await setActiveMembership(session.id, chosen.id);
  throw redirect(startPath(chosen.role));
}

export default function ChooseOrganisation() {
  const { memberships, activeId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Välj organisation</h1>
      <p className="lead">
        Du arbetar för flera organisationer. Välj den du vill arbeta för nu. Du ser bara det som hör
        till den organisationen, och du kan byta när som helst.
      </p>
      <ErrorSummary errors={actionData?.error ? [{ message: actionData.error }] : []} />
      <ul className="choice-list">
        {memberships.map((m) => (
          <li key={m.id}>
            <Form method="post">
              <input type="hidden" name="membershipId" value={m.id} />
              <button
                type="submit"
                className="choice"
                aria-current={m.id === activeId ? "true" : undefined}
              >
                <span className="choice__title">{m.organisationName}</span>
                <span className="choice__meta">
                  {m.roleLabel}
                  {m.id === activeId ? " – vald nu" : ""}
                </span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
