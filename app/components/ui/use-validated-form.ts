/**
 * A form checked in the browser by the same zod schema the action uses, then sent by Remix:
 * react-hook-form validates on submit, and only a valid form is submitted (so the server's
 * answer, and a page without JavaScript, behave the same). Errors from the browser and from the
 * server come back as one map, field by field, plus the list the ErrorSummary shows.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useNavigation, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues, type Resolver } from "react-hook-form";
import type { $ZodType } from "zod/v4/core";
import type { FieldErrors } from "~/lib/form";
import type { SummaryError } from "./ErrorSummary";

export function useValidatedForm<T extends FieldValues>({
  schema,
  defaultValues,
  serverErrors,
  formError,
}: {
  schema: $ZodType<unknown, T>;
  defaultValues: DefaultValues<T>;
  /** Field errors from the action's answer. */
  serverErrors?: FieldErrors;
  /** One message for the whole form (e.g. a stale edit), shown first in the summary. */
  formError?: string | null;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const form = useForm<T>({
    resolver: zodResolver(schema) as unknown as Resolver<T>,
    defaultValues,
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...Object.fromEntries(
      Object.entries(form.formState.errors).map(([key, error]) => [
        key,
        String(error?.message ?? ""),
      ]),
    ),
  };
  const summary: SummaryError[] = [
    ...(formError ? [{ message: formError }] : []),
    ...Object.entries(fieldErrors).map(([field, message]) => ({ field, message })),
  ];
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => submit(element))(event);
  };
  return { ...form, fieldErrors, summary, onSubmit, submitting: navigation.state === "submitting" };
}
