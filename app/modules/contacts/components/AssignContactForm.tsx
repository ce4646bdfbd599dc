import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useForm } from "react-hook-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import { assignContactSchema, type AssignContactInput } from "../schema";

/** Choose a contact person and an optional deputy among the district's staff. */
export function AssignContactForm({
  staff,
  defaults,
  serverErrors,
  submitLabel,
  intent,
}: {
  staff: { id: string; name: string; title: string | null }[];
  defaults: AssignContactInput;
  serverErrors?: FieldErrors;
  submitLabel: string;
  intent?: string;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<AssignContactInput>({
    resolver: zodResolver(assignContactSchema),
    defaultValues: defaults,
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, String(e?.message ?? "")])),
  };
  const options = staff.map((p) => ({
    value: p.id,
    label: p.title ? `${p.name} (${p.title})` : p.name,
  }));
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
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <SelectField
        label="Kontaktperson"
        placeholder="Välj en person"
        options={options}
        error={fieldErrors.contactUserId}
        defaultValue={defaults.contactUserId}
        {...register("contactUserId")}
      />
      <SelectField
        label="Ersättare (frivilligt)"
        placeholder="Ingen ersättare"
        options={options}
        error={fieldErrors.deputyUserId}
        defaultValue={defaults.deputyUserId}
        {...register("deputyUserId")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
