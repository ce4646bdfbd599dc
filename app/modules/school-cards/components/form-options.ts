/** The choices the school-card form offers, as ChoiceGroup and SelectField take them. */
import {
  GOAL_OUTCOMES,
  GOAL_OUTCOME_LABELS,
  GRADES,
  SUBJECT_LABELS,
  YES_NO_LABELS,
} from "../sections";

export const options = <T extends string | number>(
  values: readonly T[],
  labels: Record<T, string>,
) => values.map((value) => ({ value: String(value), label: labels[value] }));

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const YES_NO = [
  { value: "yes", label: YES_NO_LABELS.yes },
  { value: "no", label: YES_NO_LABELS.no },
];
export const GOAL_OPTIONS = options(GOAL_OUTCOMES, GOAL_OUTCOME_LABELS);
export const GRADE_OPTIONS = GRADES.map((g) => ({ value: g, label: g }));
export const SWEDISH_OPTIONS = [
  { value: "SV", label: SUBJECT_LABELS.SV },
  { value: "SVA", label: SUBJECT_LABELS.SVA },
];
