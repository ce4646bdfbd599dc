/**
 * The child form (add and edit), shared by the browser and the actions. The identity number is
 * checked by personalIdentityNumberField (date, check digit, coordination numbers) and comes out
 * as the stored 12 digits. Checkboxes arrive as "on" or not at all (react-hook-form may send a
 * boolean); the number of guardians as "1" or "2". Messages are Swedish.
 */
import * as z from "zod/mini";
import { personalIdentityNumberField } from "~/lib/personal-identity-number-field";
import { PLACEMENT_TYPES } from "~db/schema";
import { UUID } from "~/lib/uuid";

const name = (missing: string) =>
  z
    .string({ error: missing })
    .check(z.trim(), z.minLength(1, missing), z.maxLength(100, "Högst 100 tecken."));

const checkbox = z.pipe(
  z.optional(z.union([z.literal("on"), z.boolean()])),
  z.transform((value) => value === "on" || value === true),
);

export const childSchema = z.object({
  firstName: name("Skriv barnets förnamn."),
  lastName: name("Skriv barnets efternamn."),
  personalIdentityNumber: personalIdentityNumberField,
  /** Empty: the child has no school in the portal (yet). */
  schoolId: z.pipe(
    z
      .optional(z.string({ error: "Välj en skola i listan." }))
      .check(
        z.refine(
          (value) => value === undefined || value.trim() === "" || UUID.test(value.trim()),
          "Välj en skola i listan.",
        ),
      ),
    z.transform((value) => (value?.trim() ? value.trim() : null)),
  ),
  placementType: z.enum(PLACEMENT_TYPES, { error: "Välj placeringsform." }),
  protectedIdentity: checkbox,
  guardians: z.pipe(
    z.enum(["1", "2"], { error: "Ange hur många vårdnadshavare barnet har." }),
    z.transform((value): 1 | 2 => (value === "1" ? 1 : 2)),
  ),
  soleCustodian: checkbox,
});
export type ChildValues = z.output<typeof childSchema>;

// The form's shapes, shared by the form component and the actions that read it and fill its
// choices (types only: nothing of them reaches the browser).

/** The form as typed: strings, and the checkboxes as booleans. */
export interface ChildFormValues {
  firstName: string;
  lastName: string;
  personalIdentityNumber: string;
  schoolId: string;
  placementType: string;
  /** "1", "2", or "" before anyone has chosen. */
  guardians: string;
  soleCustodian: boolean;
  protectedIdentity: boolean;
}

/** The identity number is already in the district: the existing record, if the actor may open it. */
export interface DuplicateChild {
  existingChildId: string | null;
}

/** A school the form offers. */
export interface SchoolChoice {
  id: string;
  name: string;
  districtName: string;
}
