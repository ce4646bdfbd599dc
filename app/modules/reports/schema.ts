/**
 * The forms of reports of concern, shared by the browser (react-hook-form) and the actions.
 *
 * - reportSchema: what a school sends. The same object, parsed with mode "draft", is what a
 *   draft may hold: nothing is required yet, only lengths and the shape of an identity number
 *   typed so far are left unchecked until sending.
 * - The consultation form refuses what looks like an identity number: a consultation is about a
 *   situation, never a named child.
 * - Intake's forms are in intake-schema.ts, which only the intake page loads.
 * - The forms that only the server checks (a meeting's answer, notes, a consultation's reply,
 *   the school's routine) are in schema.server.ts, so that no page loads them.
 * Messages are Swedish; fields keep what was typed.
 */
import * as z from "zod/mini";
import {
  containsIdentityNumber,
  parsePersonalIdentityNumber,
  PERSONAL_IDENTITY_NUMBER_MESSAGES,
} from "~/lib/personal-identity-number";

export const tooLong = (max: number) => `Högst ${max} tecken.`;

export const text = (max: number) =>
  z
    .pipe(
      z.optional(z.string()),
      z.transform((value) => (value ?? "").trim()),
    )
    .check(z.maxLength(max, tooLong(max)));

export const checkbox = z.pipe(
  z.optional(z.union([z.literal("on"), z.literal("true"), z.literal("false"), z.boolean()])),
  z.transform((value) => value === "on" || value === true || value === "true"),
);

function required(
  ctx: { value: Record<string, unknown>; issues: unknown[] },
  field: string,
  message: string,
) {
  const value = ctx.value[field];
  if (typeof value !== "string" || value === "") {
    (ctx.issues as { code: string; message: string; path: string[]; input: unknown }[]).push({
      code: "custom",
      message,
      path: [field],
      input: value,
    });
  }
}

export { IDENTITY_NUMBER_LIKE } from "~/lib/personal-identity-number";

const reportFields = {
  childUnknown: checkbox,
  childName: text(200),
  childIdentityNumber: text(20),
  childDescription: text(2000),
  classYear: text(50),
  concern: text(4000),
  observations: text(4000),
  observedWhen: text(200),
  observedBy: text(200),
  guardiansInformed: z.pipe(
    z.optional(z.string()),
    z.transform((value) => (value === "yes" || value === "no" ? value : "")),
  ),
  guardiansNotInformedReason: text(2000),
  otherChildren: text(2000),
  reporterName: text(200),
  reporterRole: text(200),
  reporterPhone: text(40),
  wantsFeedback: checkbox,
  wantsMeeting: checkbox,
};

/** A draft: the same fields, only lengths checked. */
export const reportDraftSchema = z.object(reportFields);

/** A report as sent: what intake needs to act at once. */
export const reportSchema = z.object(reportFields).check((ctx) => {
  const v = ctx.value;
  if (v.childUnknown) {
    required(ctx, "childDescription", "Skriv det du vet om barnet: namn, ålder, klass, utseende.");
  } else {
    required(ctx, "childName", "Skriv barnets namn, eller kryssa i att du inte vet vem barnet är.");
  }
  if (v.childIdentityNumber) {
    const parsed = parsePersonalIdentityNumber(v.childIdentityNumber);
    if (!parsed.ok) {
      ctx.issues.push({
        code: "custom",
        message: PERSONAL_IDENTITY_NUMBER_MESSAGES[parsed.reason],
        path: ["childIdentityNumber"],
        input: v.childIdentityNumber,
      });
    }
  }
  required(ctx, "concern", "Skriv vad som oroar dig.");
  required(ctx, "observations", "Skriv vad du har sett eller hört.");
  required(ctx, "observedWhen", "Skriv när det hände eller när du fick veta det.");
  required(ctx, "observedBy", "Skriv vem som såg eller hörde det.");
  if (v.guardiansInformed === "") {
    ctx.issues.push({
      code: "custom",
      message: "Ange om vårdnadshavarna vet om anmälan.",
      path: ["guardiansInformed"],
      input: v.guardiansInformed,
    });
  } else if (v.guardiansInformed === "no") {
    required(
      ctx,
      "guardiansNotInformedReason",
      "Skriv varför vårdnadshavarna inte vet om anmälan.",
    );
  }
  required(ctx, "reporterName", "Skriv ditt namn.");
  required(ctx, "reporterRole", "Skriv din roll på skolan, till exempel kurator eller lärare.");
  required(ctx, "reporterPhone", "Skriv ett telefonnummer där socialtjänsten når dig.");
});

export type ReportValues = z.output<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

/** The report as typed, every field a string or a boolean, for the form's default values. */
export type ReportFormValues = {
  [K in keyof ReportValues]: ReportValues[K] extends boolean ? boolean : string;
};

export const EMPTY_REPORT: ReportFormValues = {
  childUnknown: false,
  childName: "",
  childIdentityNumber: "",
  childDescription: "",
  classYear: "",
  concern: "",
  observations: "",
  observedWhen: "",
  observedBy: "",
  guardiansInformed: "",
  guardiansNotInformedReason: "",
  otherChildren: "",
  reporterName: "",
  reporterRole: "",
  reporterPhone: "",
  wantsFeedback: false,
  wantsMeeting: false,
};

const noIdentityNumber = z.refine(
  (value: unknown) => typeof value !== "string" || !containsIdentityNumber(value),
  "Skriv inte personnummer i en konsultation. Beskriv situationen utan att barnet kan identifieras.",
);

export const consultationSchema = z.object({
  subject: z
    .string({ error: "Skriv en rubrik." })
    .check(
      z.trim(),
      z.minLength(3, "Skriv en kort rubrik, minst 3 tecken."),
      z.maxLength(200, tooLong(200)),
      noIdentityNumber,
    ),
  body: z
    .string({ error: "Skriv din fråga." })
    .check(
      z.trim(),
      z.minLength(2, "Skriv din fråga."),
      z.maxLength(4000, tooLong(4000)),
      noIdentityNumber,
    ),
});
