import { Form } from "@remix-run/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import type { FieldErrors } from "~/lib/form";
import { MIN_PASSWORD_LENGTH, newPasswordSchema, type NewPasswordInput } from "../schema";

/** Choosing a password: for a password reset and for accepting an invitation. */
export function NewPasswordForm({
  email,
  serverErrors,
  submitLabel,
}: {
  email: string;
  serverErrors?: FieldErrors;
  submitLabel: string;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<NewPasswordInput>({
      schema: newPasswordSchema,
      defaultValues: { password: "", confirmPassword: "" },
      serverErrors: serverErrors,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {/* Lets password managers store the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field
        label="Nytt lösenord"
        type="password"
        autoComplete="new-password"
        hint={`Minst ${MIN_PASSWORD_LENGTH} tecken. En mening eller flera ord är lätt att minnas och svår att gissa.`}
        error={fieldErrors.password}
        {...register("password")}
      />
      <Field
        label="Upprepa lösenordet"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.confirmPassword}
        {...register("confirmPassword")}
      />
      <button type="submit" className="button" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}
