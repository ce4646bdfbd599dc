/**
 * A form checked in the browser by the same zod schema the action uses, then sent by Remix:
 * react-hook-form validates on submit, and only a valid form is submitted (so the server's
 * answer, and a page without JavaScript, behave the same). Errors from the browser and from the
 * server come back as one map, field by field, plus the list the ErrorSummary shows. A field in a
 * list is keyed by its dotted name, as it is registered and posted ("sections.2.body"); an error
 * about the list itself by the list's name ("sections").
 */
import { useNavigation, useSubmit } from "@remix-run/react";
import { useMemo, useState, type FormEvent } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldErrors as FormErrors,
  type FieldValues,
} from "react-hook-form";
import type { $ZodType } from "zod/v4/core";
import type { FieldErrors } from "~/lib/form";
import type { SummaryError } from "./ErrorSummary";
import { schemaResolver } from "./schema-resolver";

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
    resolver: schemaResolver(schema),
    defaultValues,
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...flattenErrors(form.formState.errors),
  };
  const summary: SummaryError[] = [
    ...(formError ? [{ message: formError }] : []),
    ...Object.entries(fieldErrors).map(([field, message]) => ({ field, message })),
  ];
  // Changes on a submit the browser refused and on each answer from the server: what
  // <ErrorSummary focusOn={summaryFocus}> focuses on, rather than on every change of the list.
  const [refusedSubmits, setRefusedSubmits] = useState(0);
  const summaryFocus = useMemo(
    () => ({ refusedSubmits, serverErrors, formError }),
    [refusedSubmits, serverErrors, formError],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(
      () => submit(element),
      // react-hook-form publishes the errors only after this callback; counting in the next
      // task makes the summary's focus come with them, not one render before.
      () => void setTimeout(() => setRefusedSubmits((n) => n + 1)),
    )(event);
  };
  return {
    ...form,
    fieldErrors,
    summary,
    summaryFocus,
    onSubmit,
    submitting: navigation.state === "submitting",
  };
}

/** An error of one field (or of a list as a whole), as opposed to an object of nested errors. */
function isFieldError(value: object): value is { message?: unknown } {
  const error = value as { type?: unknown; message?: unknown };
  return typeof error.type === "string" || typeof error.message === "string";
}

/**
 * react-hook-form's nested errors as one flat map. A top-level field keeps its plain key, as
 * before; `errors.sections[2].body` becomes "sections.2.body"; a list's own error, which the
 * resolver files under `errors.sections.root`, becomes "sections".
 */
export function flattenErrors(errors: FormErrors): FieldErrors {
  const flat: FieldErrors = {};
  const visit = (node: unknown, path: string) => {
    if (typeof node !== "object" || node === null) return;
    if (path && isFieldError(node)) {
      flat[path] ??= String(node.message ?? "");
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = key === "root" && path ? path : path ? `${path}.${key}` : key;
      visit(child, childPath);
    }
  };
  visit(errors, "");
  return flat;
}
