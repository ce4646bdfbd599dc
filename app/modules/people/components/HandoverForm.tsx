import { Form } from "@remix-run/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
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
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<HandoverInput>({
      schema: handoverSchema,
      defaultValues: { districtId, successorUserId: "" },
      serverErrors: serverErrors,
    });
  if (successors.length === 0) {
    return (
      <p>
        Det finns ingen annan i {districtName} som kan ta över. Bjud in den som ska ta över först.
      </p>
    );
  }
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
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
      <button type="submit" className="button" disabled={submitting}>
        Lämna över uppdragen
      </button>
    </Form>
  );
}
