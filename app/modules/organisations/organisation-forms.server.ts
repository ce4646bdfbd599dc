/**
 * The server half of the school and district forms: read the posted form, validate it with
 * the schema the browser used, call the command, and hand back what the form shows on an
 * error (field messages and the values as typed). Also the 404 helpers the admin routes share.
 */
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { addDistrict, addSchool, editDistrict, editSchool } from "./organisations.server";
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

function schoolValuesFrom(form: FormData): SchoolFormValues {
  const values: SchoolFormValues = { ...EMPTY_SCHOOL };
  for (const key of Object.keys(EMPTY_SCHOOL) as (keyof SchoolFormValues)[]) {
    if (key !== "schoolForms") values[key] = text(form, key);
  }
  values.schoolForms = form.getAll("schoolForms").filter((v): v is string => typeof v === "string");
  return values;
}

function districtValuesFrom(form: FormData): DistrictFormValues {
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
