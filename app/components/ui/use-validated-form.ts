/**
 * A form checked in the browser by the same zod schema the action uses, then sent by Remix:
 * react-hook-form validates on submit, and only a valid form is submitted (so the server's
 * answer, and a page without JavaScript, behave the same). Errors from the browser and from the
 * server come back as one map, field by field, plus the list the ErrorSummary shows. A field in a
 * list is keyed by its dotted name, as it is registered and posted ("sections.2.body"); an error
 * about the list itself by the list's name ("sections").
 *
 * Two things some forms need as well:
 * - A schema per button. `schema` may be a function of the clicked button's value (its
 *   `intent`; undefined for a submit without a button), for a form whose buttons check
 *   differently (the school card: a draft, or the whole card). It may answer null while the
 *   schema is still loading: the form then posts unchecked and the action checks alone. Once a
 *   submit has been checked, later edits are checked again with the same schema.
 * - Autosave (`autosave`, see use-autosave.ts): the form's FormData handed to the page to post
 *   after a quiet moment and when the page is left, checked first as the autosave's intent; a
 *   form that does not pass is not sent, and its errors are shown (without moving focus), then
 *   checked again at every edit. The page attaches `formRef` to its <Form>. A conflicting save
 *   (someone else saved first) is the server's `formError`, shown first in the summary and
 *   focused, with everything typed left in place.
 */
import { useNavigation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldErrors as FormErrors,
  type FieldValues,
  type Resolver,
} from "react-hook-form";
import type { $ZodType } from "zod/v4/core";
import type { FieldErrors } from "~/lib/form";
import type { SummaryError } from "./ErrorSummary";
import { useAutosave, type AutosaveOptions } from "./use-autosave";
import { passes, schemaResolver } from "./schema-resolver";

type Schema<T> = $ZodType<unknown, T>;
/** A schema, or one chosen by the clicked button's value (null while it is loading). */
export type FormSchema<T> = Schema<T> | ((intent: string | undefined) => Schema<T> | null);

export function useValidatedForm<T extends FieldValues>({
  schema,
  defaultValues,
  serverErrors,
  formError,
  autosave,
}: {
  schema: FormSchema<T>;
  defaultValues: DefaultValues<T>;
  /** Field errors from the action's answer. */
  serverErrors?: FieldErrors;
  /** One message for the whole form (e.g. a stale edit), shown first in the summary. */
  formError?: string | null;
  /** Saves on its own; see use-autosave.ts. */
  autosave?: AutosaveOptions<T>;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const choose = typeof schema === "function" ? schema : () => schema;
  const latest = useRef(choose);
  useEffect(() => {
    latest.current = choose;
  });
  /** The intent the last check was for: what edits after it are checked as. */
  const checkedAs = useRef<{ intent: string | undefined } | null>(null);
  // The schema for the intent last checked; none loaded yet: no errors, the action checks.
  const resolver = useCallback<Resolver<T>>((values, context, options) => {
    const current = latest.current(checkedAs.current?.intent);
    return current ? schemaResolver(current)(values, context, options) : { values, errors: {} };
  }, []);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<T>({ resolver, defaultValues, shouldFocusError: false });
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
  const { cancelAutosave } = useAutosave({
    options: autosave,
    form,
    formRef,
    check: (values) => {
      const draft = autosave ? latest.current(autosave.intent) : null;
      return !draft || passes(draft, values);
    },
    onEdit: (refused) => {
      if (!autosave) return;
      // A refused autosave shows its errors; from then on every edit is checked, live.
      if (refused) checkedAs.current ??= { intent: autosave.intent };
      if (checkedAs.current) void form.trigger();
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const button =
      submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement
        ? submitter
        : null;
    cancelAutosave();
    checkedAs.current = { intent: button?.value };
    void form.handleSubmit(
      // The clicked button is posted too (its name and value), as without JavaScript.
      () => submit(button ?? element),
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
    formRef,
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
