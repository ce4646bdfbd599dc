/**
 * The one way an action reads a posted form (ESLint forbids `request.formData()` elsewhere in
 * app/). Every name and text value passes through cleanText, so a NUL or another control
 * character never reaches a schema or the database, whichever form it was typed into. A body
 * that is not a form at all (a JSON or broken multipart body, a missing content type) is the
 * client's fault: 400, not the 500 that the parser's TypeError would give.
 * The upload forms read multipart bodies with a module of their own, which cleans text alike.
 */
import { redirect, type TypedResponse } from "@remix-run/node";
import { cleanText } from "./clean-text";
import type { BadRequest, FormRedirect } from "./form";

const UNREADABLE_FORM = "Formuläret kunde inte läsas. Ladda om sidan och försök igen.";

export async function readForm(request: Request): Promise<FormData> {
  let posted: FormData;
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one reader every action goes through
    posted = await request.formData();
  } catch {
    throw new Response(UNREADABLE_FORM, { status: 400, statusText: "Bad Request" });
  }
  const form = new FormData();
  for (const [name, value] of posted) {
    form.append(cleanText(name), typeof value === "string" ? cleanText(value) : value);
  }
  return form;
}

/**
 * A form adapter's answer as the action's: the page's data as it is, a redirect for a
 * FormRedirect, and a thrown 400 for a BadRequest.
 */
export function formResponse<T>(
  result: T | FormRedirect | BadRequest,
): Exclude<T, FormRedirect | BadRequest> | TypedResponse<never> {
  const tagged = result as Partial<FormRedirect | BadRequest> | null;
  if (tagged?.kind === "redirect") return redirect((tagged as FormRedirect).to);
  if (tagged?.kind === "badRequest") {
    throw new Response((tagged as BadRequest).message, { status: 400, statusText: "Bad Request" });
  }
  return result as Exclude<T, FormRedirect | BadRequest>;
}
