/** The invitation form, shared by the browser and the action. */
import { z } from "zod/mini";
import { ROLES } from "../../../db/schema";

export const inviteSchema = z.object({
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv personens namn."),
      z.maxLength(200, "Namnet får ha högst 200 tecken."),
    ),
  email: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.minLength(1, "Skriv personens e-postadress."),
      z.maxLength(254, "E-postadressen är för lång."),
      z.regex(
        /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/,
        "Skriv en hel e-postadress, till exempel namn@skola.se.",
      ),
    ),
  role: z.enum(ROLES, { error: "Välj en roll." }),
  organisationId: z.string().check(z.regex(/^[0-9a-f-]{36}$/, "Välj en organisation.")),
});

export type InviteInput = z.input<typeof inviteSchema>;
