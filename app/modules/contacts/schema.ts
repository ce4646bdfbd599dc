/** The contact-person form, shared by the browser (react-hook-form) and the action. */
import * as z from "zod/mini";
import { UUID } from "~/lib/uuid";

export const assignContactSchema = z
  .object({
    contactUserId: z.string().check(z.regex(UUID, "Välj en kontaktperson.")),
    deputyUserId: z.optional(
      z.string().check(z.regex(/^$|^[0-9a-f-]{36}$/, "Välj en ersättare i listan.")),
    ),
  })
  .check(
    z.refine((value) => !value.deputyUserId || value.deputyUserId !== value.contactUserId, {
      message: "Ersättaren kan inte vara samma person som kontaktpersonen.",
      path: ["deputyUserId"],
    }),
  );

export type AssignContactInput = z.input<typeof assignContactSchema>;
