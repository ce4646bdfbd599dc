/**
 * react-hook-form's resolver for a zod/mini schema: what `zodResolver` from @hookform/resolvers
 * did for our forms, in the few lines they use (first error per field, no native validation,
 * no criteriaMode "all"), so the browser does not load the general resolver as well.
 *
 * The errors are react-hook-form's nested shape: "sections.2.body" becomes
 * `errors.sections[2].body`, and an error about a registered list as a whole ("sections", when
 * "sections.0.heading" is a field) goes under `errors.sections.root`, as the form's
 * `flattenErrors` expects.
 *
 * It runs the schema through its Standard Schema face (`~standard`), the same parse without
 * importing zod here: a form whose schema loads later (the school card) does not load zod with
 * the page.
 */
import {
  get,
  set,
  type Field,
  type FieldError,
  type FieldErrors,
  type FieldValues,
  type Resolver,
} from "react-hook-form";
import type { $ZodIssue, $ZodType } from "zod/v4/core";

/** The schema's parse: its output, or its issues (zod's own, as `safeParse` gives them). */
async function parseWith<T>(
  schema: $ZodType<unknown, T>,
  values: unknown,
): Promise<{ success: true; data: unknown } | { success: false; issues: readonly $ZodIssue[] }> {
  const result = await schema["~standard"].validate(values);
  if (result.issues) return { success: false, issues: result.issues as readonly $ZodIssue[] };
  return { success: true, data: result.value };
}

/**
 * Whether the values pass, at once (autosave decides before the page is gone). A schema that
 * can only answer later (an asynchronous check) passes here; the action checks it anyway.
 */
export function passes<T>(schema: $ZodType<unknown, T>, values: unknown): boolean {
  const result = schema["~standard"].validate(values);
  return result instanceof Promise || !result.issues;
}

export function schemaResolver<T extends FieldValues>(schema: $ZodType<unknown, T>): Resolver<T> {
  return async (values, _context, options) => {
    const result = await parseWith(schema, values);
    // The parsed values; the form's own type is the schema's input, so this is a cast.
    if (result.success) return { values: result.data as T, errors: {} };
    const flat = firstErrorPerPath(result.issues);
    const names = options.names ?? Object.keys(flat);
    const errors: FieldErrors<T> = {};
    for (const [path, error] of Object.entries(flat)) {
      const field: Field["_f"] | undefined = get(options.fields, path);
      const withRef = { ...error, ref: field?.refs ? field.refs[0] : field?.ref };
      if (isListOfFields(names, path)) {
        set(errors, path, { ...(get(errors, path) as object), root: withRef });
      } else {
        set(errors, path, withRef);
      }
    }
    return { values: {}, errors };
  };
}

/**
 * The first issue for each dotted path. A union that failed in every branch speaks with the
 * branch that came closest (fewest issues), and that branch's issues count at their own paths.
 */
function firstErrorPerPath(issues: readonly $ZodIssue[]) {
  const flat: Record<string, Pick<FieldError, "message" | "type">> = {};
  const queue = [...issues];
  for (let issue = queue.shift(); issue; issue = queue.shift()) {
    const path = issue.path.join(".");
    const branches = issue.code === "invalid_union" ? issue.errors : [];
    if (!flat[path]) {
      const closest = branches.length
        ? branches.reduce((a, b) => (b.length < a.length ? b : a))[0]
        : undefined;
      flat[path] = {
        message: closest?.message ?? issue.message,
        type: closest?.code ?? issue.code,
      };
    }
    for (const branch of branches) {
      for (const inner of branch) queue.push({ ...inner, path: [...issue.path, ...inner.path] });
    }
  }
  return flat;
}

/** Whether `path` names a list whose items are fields ("sections" for "sections.0.heading"). */
function isListOfFields(names: readonly string[], path: string) {
  const dotted = (name: string) => name.replace(/\[(\d+)]/g, ".$1").replace(/[[\]]/g, "");
  const prefix = new RegExp(`^${dotted(path).replace(/[.*+?^${}()|\\]/g, "\\$&")}\\.\\d+`);
  return names.some((name) => prefix.test(dotted(name)));
}
