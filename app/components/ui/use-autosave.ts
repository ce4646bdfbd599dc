/**
 * Autosave for a form of useValidatedForm: some time after the last edit, and at once when the
 * page is hidden or left (also for another page of the portal), the form's FormData is handed to
 * `save` with the autosave's intent set, for the page to post with a fetcher. Before that, the
 * values are checked by `check`: a form that does not pass is not sent, and `refuse` shows why.
 * A save still waiting is also sent when the idle-timeout warning opens (save-before-timeout.ts).
 */
import { useEffect, useRef, type RefObject } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { useSaveBeforeTimeout } from "./save-before-timeout";

export interface AutosaveOptions<T extends FieldValues> {
  /** Posted as `intent`, and the intent the values are checked as ("draft"). */
  intent: string;
  /** Called with the FormData to post (the form's fields, `intent` set) and the values. */
  save: (formData: FormData, values: T) => void;
  /** Quiet time after the last edit, in milliseconds. */
  delayMs: number;
}

export function useAutosave<T extends FieldValues>({
  options,
  form,
  formRef,
  check,
  onEdit,
}: {
  options: AutosaveOptions<T> | undefined;
  form: Pick<UseFormReturn<T>, "getValues" | "subscribe">;
  formRef: RefObject<HTMLFormElement | null>;
  /** Whether the values pass the autosave intent's schema (true while it is not loaded). */
  check: (values: T) => boolean;
  /** After every edit, whether or not autosave is on; and when a check refused to save. */
  onEdit: (refused: boolean) => void;
}) {
  const { getValues, subscribe } = form;
  const latest = useRef({ options, check, onEdit });
  useEffect(() => {
    latest.current = { options, check, onEdit };
  });
  const cancel = useRef<() => void>(() => {});
  const flushNow = useRef<() => boolean>(() => false);
  useSaveBeforeTimeout(async () => (flushNow.current() ? { resumeAt: null } : null));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      timer = undefined;
      const { options: current, check: passes, onEdit: edited } = latest.current;
      const element = formRef.current;
      if (!element || !current) return false;
      const values = getValues();
      if (!passes(values)) {
        edited(true);
        return false;
      }
      const data = new FormData(element);
      data.set("intent", current.intent);
      current.save(data, values);
      return true;
    };
    const flush = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      save();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    const unsubscribe = subscribe({
      formState: { values: true },
      callback: () => {
        latest.current.onEdit(false);
        if (!latest.current.options) return;
        clearTimeout(timer);
        timer = setTimeout(save, latest.current.options.delayMs);
      },
    });
    cancel.current = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    flushNow.current = () => {
      if (timer === undefined) return false;
      clearTimeout(timer);
      return save();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      unsubscribe();
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      // Leaving the page within the portal: what was typed last is saved too.
      flush();
    };
  }, [subscribe, getValues, formRef]);

  /** Drops a pending save (a submit is on its way, with the same values). */
  return { cancelAutosave: () => cancel.current() };
}
