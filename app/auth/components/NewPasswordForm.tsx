import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useForm } from "react-hook-form";
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
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NewPasswordInput>({
    resolver: zodResolver(newPasswordSchema),
    defaultValues: { password: "", confirmPassword: "" },
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, String(e?.message ?? "")])),
  };
  return (
    <Form
      method="post"
      noValidate
      className="form"
      onSubmit={(event) => {
        const form = event.currentTarget;
        void handleSubmit(() => submit(form))(event);
      }}
    >
      <ErrorSummary
        errors={Object.entries(fieldErrors).map(([field, message]) => ({ field, message }))}
      />
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
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
