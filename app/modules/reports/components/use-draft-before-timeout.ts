/**
 * The report form's text is not lost to the idle timeout: when the warning opens
 * (SessionTimeout.tsx), a form with anything changed since the page was loaded is saved as a
 * draft, as "Spara utkast" would save it, and the person comes back to that draft after logging
 * in again. A school counsellor who is called away mid-report expects to find it among their
 * drafts (on any computer, the next day too); a copy kept in the browser instead would leave a
 * child's details readable on a shared staff-room computer, which the timeout is there to close.
 *
 * The save is a request the page makes by itself (AUTOMATIC_REQUEST_HEADER): it does not count as
 * activity, so the session still ends when the warning runs out. It posts to the page's own
 * action and follows its redirect to learn the draft's page (the follow reads the draft once,
 * which the audit trail records as its author's read). A draft the schema refuses (a field over
 * its length) is not stored, as with the button.
 */
import { useEffect, useRef, type RefObject } from "react";
import { useSaveBeforeTimeout } from "~/components/ui/save-before-timeout";
import { AUTOMATIC_REQUEST_HEADER } from "~/lib/automatic-request";

function snapshot(form: HTMLFormElement): string {
  return JSON.stringify([...new FormData(form)].map(([name, value]) => [name, String(value)]));
}

export function useDraftBeforeTimeout(formRef: RefObject<HTMLFormElement | null>) {
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (formRef.current) loaded.current = snapshot(formRef.current);
  }, [formRef]);

  useSaveBeforeTimeout(async () => {
    const form = formRef.current;
    if (!form || loaded.current === null) return null;
    const now = snapshot(form);
    if (now === loaded.current) return null;
    const data = new FormData(form);
    data.set("intent", "draft");
    const response = await fetch(form.getAttribute("action") ?? window.location.pathname, {
      method: "POST",
      body: data,
      headers: { [AUTOMATIC_REQUEST_HEADER]: "1" },
      credentials: "same-origin",
      redirect: "follow",
    });
    // Saved: the action sent the draft's page (or the receipt, if the report was sent meanwhile).
    // Not saved: the form came back with its errors, at the same address.
    const landed = new URL(response.url);
    if (!response.ok || !response.redirected || !landed.pathname.startsWith("/orosanmalan/")) {
      return null;
    }
    loaded.current = now;
    return { resumeAt: landed.pathname + landed.search };
  });
}
