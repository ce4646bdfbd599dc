/** Turning a zod result into the field errors a form shows: the first message per field. */
export type FieldErrors = Record<string, string>;

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
