/** Swedish names of organisation facts, shared by server and browser. */
import type { OperatorType, SchoolForm } from "../../../db/schema";

export const SCHOOL_FORM_LABELS: Record<SchoolForm, string> = {
  forskoleklass: "Förskoleklass",
  grundskola: "Grundskola",
  anpassad_grundskola: "Anpassad grundskola",
  gymnasieskola: "Gymnasieskola",
  anpassad_gymnasieskola: "Anpassad gymnasieskola",
};

export const OPERATOR_TYPE_LABELS: Record<OperatorType, string> = {
  municipal: "Kommunal",
  independent: "Fristående",
};

export function schoolFormsText(forms: readonly SchoolForm[]): string {
  return forms.map((f) => SCHOOL_FORM_LABELS[f]).join(", ");
}

/** "1 aktiv skola", "3 aktiva skolor". */
export function activeSchoolsText(n: number): string {
  return n === 1 ? "1 aktiv skola" : `${n} aktiva skolor`;
}
