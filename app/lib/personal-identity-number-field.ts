/**
 * The form field for a personal identity number, for the schemas of the forms that ask for one.
 * Apart from personal-identity-number.ts so that a page that only shows a number (a report's
 * content) does not load zod.
 */
import * as z from "zod/mini";
import {
  parsePersonalIdentityNumber,
  PERSONAL_IDENTITY_NUMBER_MESSAGES,
} from "./personal-identity-number";

/**
 * A form field: trims, refuses with the Swedish message for the fault and gives the stored 12
 * digits.
 */
export const personalIdentityNumberField = z.pipe(
  z.string({ error: PERSONAL_IDENTITY_NUMBER_MESSAGES.format }).check(z.trim()),
  z.transform((input: string, ctx) => {
    const result = parsePersonalIdentityNumber(input);
    if (result.ok) return result.normalised;
    ctx.issues.push({
      code: "custom",
      message: PERSONAL_IDENTITY_NUMBER_MESSAGES[result.reason],
      input,
    });
    return z.NEVER;
  }),
);
