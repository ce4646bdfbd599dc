/**
 * The caseworker's request for a school card: its schema, and the term and due date it starts
 * from.
 */
import * as z from "zod/mini";
import { addToDate, isCalendarDate, stockholmDate } from "~/lib/dates";
import { characterLength } from "~/lib/clean-text";
import { UUID } from "~/lib/uuid";

/* ---------------------------------------------------------------------------------------------
 * The caseworker's request
 * ------------------------------------------------------------------------------------------- */

const TERM = /^(HT|VT)\d{4}$/;

export const requestSchoolCardSchema = z.object({
  term: z
    .string({ error: "Ange termin." })
    .check(
      z.trim(),
      z.toUpperCase(),
      z.minLength(1, "Ange termin."),
      z.regex(TERM, "Ange terminen som HT eller VT och året, till exempel HT2026."),
    ),
  dueOn: z
    .string({ error: "Ange sista svarsdag." })
    .check(
      z.trim(),
      z.minLength(1, "Ange sista svarsdag."),
      z.refine(isCalendarDate, "Ange ett datum som finns, till exempel 2026-10-06."),
    ),
  schoolId: z.string({ error: "Välj skola." }).check(z.trim(), z.regex(UUID, "Välj skola.")),
  /** Empty: the request goes to the school's student-health staff and principal. */
  mentorUserId: z.pipe(
    z
      .optional(z.string({ error: "Välj en person i listan." }))
      .check(
        z.refine(
          (v) => v === undefined || v.trim() === "" || UUID.test(v.trim()),
          "Välj en person i listan.",
        ),
      ),
    z.transform((v) => (v?.trim() ? v.trim() : null)),
  ),
  message: z.pipe(
    z.optional(z.string()).check(
      z.refine((v) => v === undefined || characterLength(v.trim()) <= 2000, {
        message: "Meddelandet får ha högst 2 000 tecken.",
      }),
    ),
    z.transform((v) => (v?.trim() ? v.trim() : null)),
  ),
});

/**
 * The term a date falls in, as HT2026 / VT2027: January–June is the spring term, August–December
 * the autumn term, and July, between them, already counts as the coming autumn's.
 */
export function termOf(today: Date | string): string {
  const day = typeof today === "string" ? today : stockholmDate(today);
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  return `${month <= 6 ? "VT" : "HT"}${year}`;
}

/** A request's default due date: three weeks from today. */
export function defaultDueOn(today: Date | string): string {
  return addToDate(typeof today === "string" ? today : stockholmDate(today), { days: 21 });
}
