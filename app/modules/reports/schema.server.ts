/**
 * The report forms that only the server checks: intake's (acknowledgement, decision,
 * withholding feedback, forwarding, a report meeting), the school's answer to a meeting and its
 * notes on a sent report, a reply to a consultation and the school's routine. Their pages post
 * plain forms and show the action's errors, so these schemas stay out of the browser: a page
 * that imports schema.ts runs every schema in it, and zod with them.
 */
import * as z from "zod/mini";
import { isCalendarDate } from "~/lib/dates";
import { DECISION_OUTCOMES } from "~db/schema";
import { checkbox, consultationSchema, text, tooLong } from "./schema";

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

export const consultationReplySchema = z.object({
  body: consultationSchema.shape.body,
});

export const schoolRoutineSchema = z.object({
  reportCosignRequired: checkbox,
  reportStudentHealthAccess: checkbox,
});
