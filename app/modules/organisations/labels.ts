/** Swedish names of organisation facts, shared by server and browser. */
import type { OperatorType, SchoolForm } from "~db/schema";

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

/** ", 51–100 av 7000" for a page of a longer list (a caption's end); "" when it fits on one page. */
export function pageRangeText(list: {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}): string {
  if (list.pageCount <= 1) return "";
  const first = (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.page * list.pageSize, list.total);
  return `, ${first}–${last} av ${list.total}`;
}
