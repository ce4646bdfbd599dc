/**
 * The server half of the school and district forms: read the posted form, validate it with
 * the schema the browser used, call the command, and hand back what the form shows on an
 * error (field messages and the values as typed). Also the 404 helpers the admin routes share.
 */
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import {
  addDistrict,
  addSchool,
  editDistrict,
  editSchool,
  NotFoundError,
} from "./organisations.server";
import {
  districtSchema,
  EMPTY_DISTRICT,
  EMPTY_SCHOOL,
  schoolSchema,
  type DistrictFormValues,
  type SchoolFormValues,
} from "./schema";

export type FormFailure<V> = {
  ok: false;
  fieldErrors: FieldErrors;
  formError?: string;
  values: V;
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function schoolValuesFrom(form: FormData): SchoolFormValues {
  const values: SchoolFormValues = { ...EMPTY_SCHOOL };
  for (const key of Object.keys(EMPTY_SCHOOL) as (keyof SchoolFormValues)[]) {
    if (key !== "schoolForms") values[key] = text(form, key);
  }
  values.schoolForms = form.getAll("schoolForms").filter((v): v is string => typeof v === "string");
  return values;
}

export function districtValuesFrom(form: FormData): DistrictFormValues {
  return Object.fromEntries(
    Object.keys(EMPTY_DISTRICT).map((key) => [key, text(form, key)]),
  ) as DistrictFormValues;
}

/** Adds (schoolId null) or edits a school from a posted form. */
export async function saveSchoolFromForm(
  actor: Actor,
  form: FormData,
  schoolId: string | null,
): Promise<{ ok: true; id: string } | FormFailure<SchoolFormValues>> {
  const values = schoolValuesFrom(form);
  const parsed = schoolSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  }
  const result = schoolId
    ? await editSchool(actor, schoolId, parsed.data, text(form, "version") || undefined)
    : await addSchool(actor, parsed.data);
  return result.ok ? result : { ...result, values };
}

/** Adds (districtId null) or edits a district from a posted form. */
export async function saveDistrictFromForm(
  actor: Actor,
  form: FormData,
  districtId: string | null,
): Promise<{ ok: true; id: string } | FormFailure<DistrictFormValues>> {
  const values = districtValuesFrom(form);
  const parsed = districtSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  }
  const result = districtId
    ? await editDistrict(actor, districtId, parsed.data, text(form, "version") || undefined)
    : await addDistrict(actor, parsed.data);
  return result.ok ? result : { ...result, values };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function notFound(): Response {
  return new Response("Finns inte", { status: 404 });
}

/** A route parameter that must be an id; anything else is a page that does not exist. */
export function requireId(param: string | undefined): string {
  if (!param || !UUID.test(param)) throw notFound();
  return param;
}

/** Runs a command; a record the actor may not touch (or that is missing) becomes a 404. */
export async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
}
