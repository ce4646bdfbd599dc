import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useForm } from "react-hook-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import { handoverSchema, type HandoverInput } from "../schema";

/** Swedish genitive: "Kerstin Falks", but "Lars" and "Alex" stay as they are. */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** Choose who takes over a leaving person's contact duties in one district. */
export function HandoverForm({
  districtId,
  districtName,
  leavingName,
  successors,
  serverErrors,
}: {
  districtId: string;
  districtName: string;
  leavingName: string;
  successors: { id: string; name: string; title: string | null }[];
  serverErrors?: FieldErrors;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<HandoverInput>({
    resolver: zodResolver(handoverSchema),
    defaultValues: { districtId, successorUserId: "" },
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, String(e?.message ?? "")])),
  };
  if (successors.length === 0) {
    return (
      <p>
        Det finns ingen annan i {districtName} som kan ta över. Bjud in den som ska ta över först.
      </p>
    );
  }
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
      <input type="hidden" name="intent" value="handover" />
      <input type="hidden" {...register("districtId")} value={districtId} />
      <SelectField
        label={`Vem tar över ${genitive(leavingName)} uppdrag i ${districtName}?`}
        placeholder="Välj en person"
        options={successors.map((p) => ({
          value: p.id,
          label: p.title ? `${p.name} (${p.title})` : p.name,
        }))}
        error={fieldErrors.successorUserId}
        {...register("successorUserId")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        Lämna över uppdragen
      </button>
    </Form>
  );
}
