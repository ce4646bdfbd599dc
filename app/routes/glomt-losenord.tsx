import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requestPasswordReset } from "~/auth/password-reset.server";
import { forgotPasswordSchema, RESET_VALID_MINUTES } from "~/auth/schema";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";

export const meta: MetaFunction = () => [{ title: "Glömt lösenordet – Samverkansportalen" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = forgotPasswordSchema.safeParse(form);
  if (!parsed.success) {
    return {
      sent: false,
      fieldErrors: fieldErrorsFrom(parsed.error.issues),
      email: String(form.email ?? ""),
    };
  }
  await requestPasswordReset({ email: parsed.data.email, clientAddress: context.clientAddress });
  // The same answer whether or not the address has an account, and when asked too often.
  return { sent: true, fieldErrors: {} as FieldErrors, email: parsed.data.email };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } = useValidatedForm<{
    email: string;
  }>({
    schema: forgotPasswordSchema,
    defaultValues: { email: actionData?.email ?? "" },
    serverErrors: actionData?.fieldErrors,
  });
  if (actionData?.sent) {
    return (
      <div className="page page--narrow">
        <h1>Kolla din e-post</h1>
        <p role="status">
          Om {actionData.email} hör till ett konto i portalen har vi skickat en länk dit. Länken
          gäller i {RESET_VALID_MINUTES} minuter och kan användas en gång.
        </p>
        <p>
          Kommer inget meddelande? Kontrollera skräpposten, eller be din chef eller rektor om hjälp.
        </p>
        <p>
          <Link to="/login">Tillbaka till inloggningen</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Glömt lösenordet</h1>
      <p className="lead">
        Skriv e-postadressen du loggar in med, så skickar vi en länk där du väljer ett nytt
        lösenord.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <Field
          label="E-postadress"
          type="email"
          autoComplete="username"
          spellCheck={false}
          defaultValue={actionData?.email}
          error={fieldErrors.email}
          {...register("email")}
        />
        <button type="submit" className="button" disabled={submitting}>
          Skicka länk
        </button>
      </Form>
      <p>
        <Link to="/login">Tillbaka till inloggningen</Link>
      </p>
    </div>
  );
}
