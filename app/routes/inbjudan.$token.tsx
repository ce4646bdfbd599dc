import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { NewPasswordForm } from "~/auth/components/NewPasswordForm";
import { ROLE_LABELS } from "~/auth/roles";
import { newPasswordSchema } from "~/auth/schema";
import { readSessionId, startSession } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";
import { acceptInvitation, findValidInvitation } from "~/modules/people/people.server";

export const meta: MetaFunction = () => [{ title: "Inbjudan – Samverkansportalen" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findValidInvitation(params.token ?? "");
  return {
    invitation: invitation
      ? {
          email: invitation.email,
          name: invitation.name,
          roleLabel: ROLE_LABELS[invitation.role],
          organisationName: invitation.organisationName,
        }
      : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = newPasswordSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), invalid: false };
  const userId = await acceptInvitation(params.token ?? "", parsed.data.password);
  if (!userId) return { fieldErrors: {}, invalid: true };
  const { cookie, landing } = await startSession(userId, readSessionId(request), {
    methods: ["password"],
    secondFactor: false,
    clientAddress: context.clientAddress,
    userAgent: request.headers.get("User-Agent"),
  });
  throw redirect(landing, { headers: { "Set-Cookie": cookie } });
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!invitation || actionData?.invalid) {
    return (
      <div className="page page--narrow">
        <h1>Inbjudan fungerar inte längre</h1>
        <p>
          Länken har redan använts eller är äldre än 7 dagar. Har du redan valt lösenord kan du{" "}
          <Link to="/login">logga in</Link>. Annars kan den som bjöd in dig skicka en ny inbjudan.
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Välkommen, {invitation.name}</h1>
      <p className="lead">
        Du är inbjuden som {invitation.roleLabel.toLowerCase()} för {invitation.organisationName}.
        Välj ett lösenord för {invitation.email} så är du inloggad.
      </p>
      <NewPasswordForm
        email={invitation.email}
        serverErrors={actionData?.fieldErrors}
        submitLabel="Spara lösenord och logga in"
      />
    </div>
  );
}
