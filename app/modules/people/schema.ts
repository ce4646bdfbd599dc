/** The invitation form, shared by the browser and the action. */
import * as z from "zod/mini";
import { UUID } from "~/lib/uuid";
import { ROLES } from "~db/schema";

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

const id = (message: string) => z.string().check(z.regex(UUID, message));

/** Changing the role of one of a person's memberships. */
export const changeRoleSchema = z.object({
  membershipId: id("Välj en behörighet."),
  role: z.enum(ROLES, { error: "Välj en roll." }),
});

/** Ending one of a person's memberships. */
export const endMembershipSchema = z.object({ membershipId: id("Välj en behörighet.") });

/** Handing a leaving contact person's duties in a district to someone else. */
export const handoverSchema = z.object({
  districtId: id("Välj en förvaltning."),
  successorUserId: id("Välj vem som tar över uppdragen."),
});

export type HandoverInput = z.input<typeof handoverSchema>;

/** One's own name, title and phone: what schools see of a contact person. */
export const profileSchema = z.object({
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv ditt namn."),
      z.maxLength(200, "Namnet får ha högst 200 tecken."),
    ),
  title: z.string().check(z.trim(), z.maxLength(100, "Titeln får ha högst 100 tecken.")),
  phone: z
    .string()
    .check(
      z.trim(),
      z.maxLength(40, "Telefonnumret får ha högst 40 tecken."),
      z.regex(
        /^$|^\+?[0-9][0-9 ()-]{4,}$/,
        "Skriv ett telefonnummer med siffror, till exempel 0611-35 00 22.",
      ),
    ),
});

export type ProfileInput = z.input<typeof profileSchema>;
