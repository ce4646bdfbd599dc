import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { NewPasswordForm } from "~/auth/components/NewPasswordForm";
import { findValidReset, resetPassword } from "~/auth/password-reset.server";
import { newPasswordSchema } from "~/auth/schema";
import { startSession } from "~/auth/session.server";
import { fieldErrorsFrom } from "~/lib/form";

export const meta: MetaFunction = () => [{ title: "Välj nytt lösenord – Samverkansportalen" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await findValidReset(params.token ?? "");
  return { email: reset?.email ?? null, name: reset?.name ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = newPasswordSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), invalid: false };
  const userId = await resetPassword(params.token ?? "", parsed.data.password);
  if (!userId) return { fieldErrors: {}, invalid: true };
  // Every old session has ended; this is a fresh login.
  // A new password is not a second factor: the code is still asked for, or enrolment follows.
  const { cookie, landing } = await startSession(userId, null, {
    methods: ["password"],
    secondFactor: false,
    clientAddress: context.clientAddress,
    userAgent: request.headers.get("User-Agent"),
  });
  throw redirect(landing, { headers: { "Set-Cookie": cookie } });
}

export default function ResetPassword() {
  const { email, name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!email || actionData?.invalid) {
    return (
      <div className="page page--narrow">
        <h1>Länken fungerar inte längre</h1>
        <p>
          Länken har redan använts eller är för gammal; den gäller en gång och i en timme. Be om en
          ny länk.
        </p>
        <p>
          <Link to="/glomt-losenord">Be om en ny länk</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Välj nytt lösenord</h1>
      <p className="lead">
        Hej {name}! Välj ett nytt lösenord för {email}. Du loggas ut från alla andra enheter.
      </p>
      <NewPasswordForm
        email={email}
        serverErrors={actionData?.fieldErrors}
        submitLabel="Spara och logga in"
      />
    </div>
  );
}
