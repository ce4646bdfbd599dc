/**
 * Intake's forms on a report (acknowledgement, decision, withholding feedback, forwarding, a
 * report meeting), shared by the browser (useValidatedForm) and the action. Messages are
 * Swedish. Only the intake page imports this file.
 */
import * as z from "zod/mini";
import { isCalendarDate } from "~/lib/dates";
import { DECISION_OUTCOMES } from "~db/schema";
import { checkbox, tooLong } from "./schema";

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

/** Feedback after the decision: only the password, when the login is older than five minutes. */
export const feedbackSchema = z.object({ password: z.optional(z.string()) });

/** The acts without fields (the protection assessment, closing): nothing to check. */
export const actSchema = z.object({});
