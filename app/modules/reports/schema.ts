/**
 * The forms of reports of concern, shared by the browser (react-hook-form) and the actions.
 *
 * - reportSchema: what a school sends. The same object, parsed with mode "draft", is what a
 *   draft may hold: nothing is required yet, only lengths and the shape of an identity number
 *   typed so far are left unchecked until sending.
 * - The intake forms: acknowledgement (a contact and a phone), the decision (exactly one of the
 *   three outcomes SoL 19 kap. 6 § allows, and its date; never free text), forwarding (the
 *   district and why), a report meeting (when and where), and the school's answer to it.
 * - The consultation forms refuse what looks like an identity number: a consultation is about a
 *   situation, never a named child.
 * Messages are Swedish; fields keep what was typed.
 */
import * as z from "zod/mini";
import { isCalendarDate } from "~/lib/dates";
import {
  parsePersonalIdentityNumber,
  PERSONAL_IDENTITY_NUMBER_MESSAGES,
} from "~/lib/personal-identity-number";
import { DECISION_OUTCOMES } from "../../../db/schema";

const tooLong = (max: number) => `Högst ${max} tecken.`;

const text = (max: number) =>
  z
    .pipe(
      z.optional(z.string()),
      z.transform((value) => (value ?? "").trim()),
    )
    .check(z.maxLength(max, tooLong(max)));

const checkbox = z.pipe(
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

/** Matches what reads like a Swedish identity number: 6 or 8 digits, a separator, 4 digits. */
export const IDENTITY_NUMBER_LIKE = /(?:^|\D)(?:\d{2})?\d{6}[-+\s]?\d{4}(?!\d)/;

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

const phone = z
  .string({ error: "Skriv ett telefonnummer." })
  .check(
    z.trim(),
    z.minLength(5, "Skriv ett telefonnummer med riktnummer, till exempel 08-123 45 67."),
    z.maxLength(40, tooLong(40)),
    z.regex(/^[0-9+()\-\s]+$/, "Ett telefonnummer har bara siffror, mellanslag, + och -."),
  );

export const acknowledgeSchema = z.object({
  contactName: z
    .string({ error: "Skriv namnet på kontaktpersonen." })
    .check(
      z.trim(),
      z.minLength(1, "Skriv namnet på kontaktpersonen."),
      z.maxLength(200, tooLong(200)),
    ),
  contactPhone: phone,
});
export type AcknowledgeValues = z.output<typeof acknowledgeSchema>;

export const DECISION_OUTCOME_LABELS: Record<(typeof DECISION_OUTCOMES)[number], string> = {
  opened: "Utredning har inletts",
  notOpened: "Utredning har inte inletts",
  alreadyOngoing: "Utredning pågår redan",
};

export const decisionSchema = z.object({
  outcome: z.enum(DECISION_OUTCOMES, {
    error: "Välj ett av de tre svaren: inletts, inte inletts eller pågår redan.",
  }),
  decisionOn: z
    .string({ error: "Ange beslutsdatum, till exempel 2026-11-20." })
    .check(
      z.trim(),
      z.refine(isCalendarDate, "Ange ett datum som finns, till exempel 2026-11-20."),
    ),
  password: z.optional(z.string()),
});
export type DecisionValues = z.output<typeof decisionSchema>;

export const withholdSchema = z.object({
  reason: z
    .string({ error: "Skriv varför återkoppling inte lämnas." })
    .check(
      z.trim(),
      z.minLength(5, "Skriv varför återkoppling inte lämnas, med minst 5 tecken."),
      z.maxLength(1000, tooLong(1000)),
    ),
});

export const forwardSchema = z.object({
  hiddenFromSchool: checkbox,
  toDistrictId: z
    .string({ error: "Välj stadsdel." })
    .check(z.regex(/^[0-9a-f-]{36}$/, "Välj stadsdel i listan.")),
  reason: z
    .string({ error: "Skriv varför anmälan skickas vidare." })
    .check(
      z.trim(),
      z.minLength(
        5,
        "Skriv varför anmälan skickas vidare, med minst 5 tecken och utan barnets namn.",
      ),
      z.maxLength(1000, tooLong(1000)),
    ),
});

/** "2026-12-01T09:30" from <input type="datetime-local">, read as Stockholm time. */
export const meetingSchema = z.object({
  startsAt: z
    .string({ error: "Ange dag och tid." })
    .check(
      z.regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
        "Ange dag och tid, till exempel 2026-12-01 09:30.",
      ),
    ),
  place: z
    .string({ error: "Skriv plats eller länk till videomötet." })
    .check(
      z.trim(),
      z.minLength(2, "Skriv plats eller länk till videomötet."),
      z.maxLength(500, tooLong(500)),
    ),
});

export const meetingAnswerSchema = z
  .object({
    answer: z.enum(["accept", "decline"], { error: "Välj om tiden passar." }),
    note: text(1000),
  })
  .check((ctx) => {
    if (ctx.value.answer === "decline" && ctx.value.note === "") {
      ctx.issues.push({
        code: "custom",
        message: "Skriv vilka tider som passar er bättre.",
        path: ["note"],
        input: "",
      });
    }
  });

export const noteSchema = z.object({
  body: z
    .string({ error: "Skriv tillägget." })
    .check(z.trim(), z.minLength(2, "Skriv tillägget."), z.maxLength(4000, tooLong(4000))),
});

/**
 * Whether a text holds a real identity number (a date and a check digit that hold), so that a
 * phone number written without spaces is not taken for one.
 */
export function containsIdentityNumber(text: string): boolean {
  const pattern = new RegExp(IDENTITY_NUMBER_LIKE.source, "g");
  for (const match of text.matchAll(pattern)) {
    const candidate = match[0].replace(/^\D/, "").replace(/\s/g, "");
    if (parsePersonalIdentityNumber(candidate).ok) return true;
  }
  return false;
}

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

export const consultationReplySchema = z.object({
  body: consultationSchema.shape.body,
});

export const schoolRoutineSchema = z.object({
  reportCosignRequired: checkbox,
  reportStudentHealthAccess: checkbox,
});
