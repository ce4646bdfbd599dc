/**
 * The administrator's audit-extract search (/admin/logguttag), shared by the form in the browser
 * and the actions: the child's personal identity number, checked and normalised to 12 digits by
 * personalIdentityNumberField, with its Swedish messages.
 */
import * as z from "zod/mini";
import { personalIdentityNumberField } from "~/lib/personal-identity-number-field";

export const extractSearchSchema = z.object({
  personalIdentityNumber: personalIdentityNumberField,
});
export type ExtractSearchInput = z.input<typeof extractSearchSchema>;
