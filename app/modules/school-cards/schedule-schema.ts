/**
 * The annual cycle's form (/skolkort/arshjul), shared by the browser and the action: the
 * children to plan for (at least one) and the two coming terms with the day each card goes out.
 * A send date must be a real date, today or later (Europe/Stockholm): "today" is the server's,
 * handed to the page by its loader, so that a browser whose clock is wrong or in another time
 * zone checks as the server will. Messages are Swedish.
 */
import * as z from "zod/mini";
// From ~/lib/dates, not the ./schema barrel: that would bring the answers' schemas to the page.
import { isCalendarDate } from "~/lib/dates";
import { UUID } from "~/lib/uuid";

const TERM = /^(HT|VT)\d{4}$/;
const NO_CHILD = "Välj minst ett barn.";

/** Checkboxes as posted or as react-hook-form gives them (one box: its value or false). */
function checkedValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" && v !== "");
  if (typeof value === "string" && value !== "") return [value];
  return [];
}

const term = z.string({ error: "Terminen saknas." }).check(z.regex(TERM, "Terminen saknas."));

const sendOn = (today: string) =>
  z.string({ error: "Ange när skolkortet ska skickas." }).check(
    z.trim(),
    z.minLength(1, "Ange när skolkortet ska skickas."),
    z.refine(isCalendarDate, "Ange ett datum som finns, till exempel 2026-09-15."),
    z.refine(
      (v) => !isCalendarDate(v) || v >= today,
      "Datumet har redan varit. Välj i dag eller senare.",
    ),
  );

/** The form's schema on the day `today` (YYYY-MM-DD, Europe/Stockholm). */
export const scheduleCardsSchema = (today: string) =>
  z.object({
    childIds: z.pipe(
      z.transform(checkedValues),
      z
        .array(z.string().check(z.regex(UUID, NO_CHILD)), { error: NO_CHILD })
        .check(z.minLength(1, NO_CHILD)),
    ),
    firstTerm: term,
    firstSendOn: sendOn(today),
    secondTerm: term,
    secondSendOn: sendOn(today),
  });
