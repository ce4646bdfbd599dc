/**
 * The sign-in forms that only the server checks: choosing the organisation to work for. The page
 * posts a plain form and shows the action's error, so this stays out of the browser (a page that
 * imports schema.ts runs every schema in it, and zod with them).
 */
import * as z from "zod/mini";

export const chooseOrganisationSchema = z.object({
  membershipId: z.string().check(z.minLength(1, "Välj den organisation du vill arbeta för.")),
});
