/**
 * The one path a posted form takes on the server: read as nested values, parsed with the zod
 * schema the browser uses too, and answered with the parsed data or the field errors.
 */
import type { output, ZodMiniType } from "zod/mini";

/** The field errors a form shows: the first message per field, keyed by its dotted name. */
export type FieldErrors = Record<string, string>;

/**
 * A posted form parsed with its schema: the schema's output, or the first error per field keyed
 * as the inputs are named ("sections.2.body"; an issue about the form as a whole is "form").
 * `lists` names the fields posted several times (checkboxes), as nestedFormValues takes them.
 */
export function parseForm<S extends ZodMiniType>(
  schema: S,
  form: FormData,
  lists: readonly string[] = [],
): { success: true; data: output<S> } | { success: false; fieldErrors: FieldErrors } {
  const parsed = schema.safeParse(nestedFormValues(form, lists));
  return parsed.success
    ? { success: true, data: parsed.data as output<S> }
    : { success: false, fieldErrors: nestedFieldErrorsFrom(parsed.error.issues) };
}

/**
 * What a form adapter (a module's *-form.server.ts: a posted form in, the module's calls out)
 * answers besides its page's data: another page to go to, or a post no form of the page makes
 * (a 400). An adapter returns these and never throws a Response; its route answers with
 * formResponse (read-form.server.ts). A record the actor may not see is the module's
 * NotFoundError, which the route boundary turns into the 404 page.
 */
export type FormRedirect = { kind: "redirect"; to: string };
export type BadRequest = { kind: "badRequest"; message: string };

export const goTo = (to: string): FormRedirect => ({ kind: "redirect", to });
export const badRequest = (message: string): BadRequest => ({ kind: "badRequest", message });

/** A zod result's issues as field errors, keyed by the top-level field. */
export function fieldErrorsFrom(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The same for forms with lists (a template's sections): the key is the issue's whole path,
 * dotted as the inputs are named ("sections.2.body"); an issue about the list itself keys the
 * list ("sections").
 */
export function nestedFieldErrorsFrom(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * A form's entries as nested values: "sections.0.heading" becomes sections[0].heading, and a
 * name given several times (checkboxes) becomes a list.
 */
export function nestedFormValues(form: FormData, lists: readonly string[] = []) {
  const root: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).map((v) => (typeof v === "string" ? v : ""));
    const path = key.split(".");
    // A crafted name must not reach Object.prototype ("__proto__.x") or clash with a list.
    if (path.some((part) => UNSAFE_KEYS.has(part) || part === "")) continue;
    let node: Record<string, unknown> = root;
    let clash = false;
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i]!;
      if (!Object.hasOwn(node, part)) node[part] = {};
      const next = node[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) {
        clash = true;
        break;
      }
      node = next as Record<string, unknown>;
    }
    if (clash) continue;
    node[path[path.length - 1]!] = lists.includes(key) ? values : values[0];
  }
  for (const list of lists) root[list] ??= [];
  return toArrays(root) as Record<string, unknown>;
}

const UNSAFE_KEYS = new Set(["__proto__", "prototype", "constructor"]);

function toArrays(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => toArrays(v));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, toArrays(v)]));
}
