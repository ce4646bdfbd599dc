/**
 * The school and district forms, shared by the browser (react-hook-form) and the actions, and
 * the import form's district choice. Messages are Swedish; the limits mirror the table's checks.
 */
import * as z from "zod/mini";
import { OPERATOR_TYPES, SCHOOL_FORMS } from "~db/schema";
import { UUID } from "~/lib/uuid";

// Digits, spaces, +, - and parentheses: how Swedish numbers are written ("0611-35 00 00").
const phone = /^$|^\+?[0-9][0-9 ()-]*$/;
const email = /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const optionalText = (max: number, tooLong: string) =>
  z.string().check(z.trim(), z.maxLength(max, tooLong));

const optionalPhone = (label: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.maxLength(40, `${label} får ha högst 40 tecken.`),
      z.regex(phone, `Skriv ${label.toLowerCase()} med siffror, till exempel 0611-35 00 00.`),
    );

export const SCHOOL_UNIT_CODE = /^[0-9]{8}$/;

export const schoolSchema = z.object({
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv skolans namn."),
      z.maxLength(200, "Namnet får ha högst 200 tecken."),
    ),
  schoolUnitCode: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv skolenhetskoden."),
      z.regex(SCHOOL_UNIT_CODE, "Skolenhetskoden ska vara 8 siffror, till exempel 12345678."),
    ),
  operatorType: z.enum(OPERATOR_TYPES, { error: "Välj om skolan är kommunal eller fristående." }),
  operatorName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv huvudmannens namn."),
      z.maxLength(200, "Huvudmannens namn får ha högst 200 tecken."),
    ),
  schoolForms: z
    .array(z.enum(SCHOOL_FORMS, { error: "Välj skolformer i listan." }), {
      error: "Välj minst en skolform.",
    })
    .check(z.minLength(1, "Välj minst en skolform.")),
  address: optionalText(300, "Adressen får ha högst 300 tecken."),
  phone: optionalPhone("Telefonnumret"),
  municipality: optionalText(100, "Kommunens namn får ha högst 100 tecken."),
  districtId: z.string().check(z.regex(UUID, "Välj stadsdelsförvaltning.")),
});

export type SchoolInput = z.input<typeof schoolSchema>;
export type SchoolValues = z.output<typeof schoolSchema>;

export const districtSchema = z.object({
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv förvaltningens namn."),
      z.maxLength(200, "Namnet får ha högst 200 tecken."),
    ),
  intakePhone: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv mottagningens telefonnummer."),
      z.maxLength(40, "Telefonnumret får ha högst 40 tecken."),
      z.regex(phone, "Skriv telefonnumret med siffror, till exempel 0611-35 00 00."),
    ),
  intakeEmail: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.maxLength(254, "E-postadressen är för lång."),
      z.regex(email, "Skriv en hel e-postadress, till exempel mottagning@kommun.se."),
    ),
  outOfHoursPhone: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv socialjourens telefonnummer."),
      z.maxLength(40, "Telefonnumret får ha högst 40 tecken."),
      z.regex(phone, "Skriv telefonnumret med siffror, till exempel 0611-39 99 99."),
    ),
  address: optionalText(300, "Adressen får ha högst 300 tecken."),
  phone: optionalPhone("Telefonnumret"),
});

export type DistrictInput = z.input<typeof districtSchema>;
export type DistrictValues = z.output<typeof districtSchema>;

/** The import form: the district that new schools without a district column are placed in. */
export const schoolImportSchema = z.object({
  districtId: z.string().check(z.regex(/^$|^[0-9a-f-]{36}$/, "Välj en förvaltning i listan.")),
});

/** What a school form holds as typed (before validation), so that it survives an error. */
export type SchoolFormValues = {
  [K in keyof SchoolInput]-?: K extends "schoolForms" ? string[] : string;
};
export type DistrictFormValues = { [K in keyof DistrictInput]-?: string };

export const EMPTY_SCHOOL: SchoolFormValues = {
  name: "",
  schoolUnitCode: "",
  operatorType: "",
  operatorName: "",
  schoolForms: [],
  address: "",
  phone: "",
  municipality: "",
  districtId: "",
};

export const EMPTY_DISTRICT: DistrictFormValues = {
  name: "",
  intakePhone: "",
  intakeEmail: "",
  outOfHoursPhone: "",
  address: "",
  phone: "",
};
