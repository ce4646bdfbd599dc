/**
 * What a school card asks, section by section, and the Swedish words for its answers: the form,
 * the read-only view, the PDF and the history all read from here. The sections follow BBIC's
 * area "Utbildning" (trivsel och närvaro, lärande, skolresultat och studieplanering) plus the
 * child's and the carers' own views (Barnkonventionen art. 12). Each section belongs to one
 * disclosure category: the school is asked, and the card shows, only what the basis for
 * disclosure covers (consent/policy.ts). "Ifyllt av" belongs to no category and is always asked.
 * Pure: no server code, safe in the browser.
 */
import type { DisclosureCategory } from "~/modules/consent/policy";

export const SCHOOL_CARD_SECTION_CODES = [
  "attendance",
  "knowledge",
  "support",
  "studentHealth",
  "wellbeing",
  "schoolView",
  "childsVoice",
  "carersView",
  "filledBy",
] as const;
export type SchoolCardSectionCode = (typeof SCHOOL_CARD_SECTION_CODES)[number];

export interface SchoolCardSection {
  code: SchoolCardSectionCode;
  heading: string;
  /** One sentence under the heading: what the section is for, or how to fill it in. */
  intro?: string;
  /** Null: not child data disclosed by category (who filled the card in). */
  category: DisclosureCategory | null;
}

const SCHOOL_CARD_SECTIONS: readonly SchoolCardSection[] = [
  {
    code: "attendance",
    heading: "Närvaro",
    intro: "Elevens närvaro under terminen hittills.",
    category: "attendance",
  },
  {
    code: "knowledge",
    heading: "Kunskaper och resultat",
    intro:
      "Om eleven uppnår kunskapskraven i varje ämne, och betyg om eleven går i en årskurs med betyg.",
    category: "results",
  },
  {
    code: "support",
    heading: "Stöd i skolan",
    category: "supportMeasures",
  },
  {
    code: "studentHealth",
    heading: "Elevhälsa",
    category: "studentHealth",
  },
  {
    code: "wellbeing",
    heading: "Trivsel och kamratrelationer",
    category: "wellbeing",
  },
  {
    code: "schoolView",
    heading: "Skolans bedömning",
    intro: "Skolans egen bild: vad ni oroar er för och vad ni behöver av socialtjänsten.",
    category: "wellbeing",
  },
  {
    code: "childsVoice",
    heading: "Barnets röst",
    intro: "Fylls i efter samtal med barnet: hur barnet själv ser på sin skolgång.",
    category: "wellbeing",
  },
  {
    code: "carersView",
    heading: "Familjehemmets eller HVB:s syn",
    intro: "Fylls i efter samtal med familjehemmet eller HVB: hur de ser på barnets skolgång.",
    category: "wellbeing",
  },
  {
    code: "filledBy",
    heading: "Ifyllt av",
    category: null,
  },
];

/** The sections to ask and to show, in order, for what the basis covers ("Ifyllt av" always). */
export function sectionsFor(
  allowedCategories: readonly DisclosureCategory[],
): readonly SchoolCardSection[] {
  return SCHOOL_CARD_SECTIONS.filter(
    (section) => section.category === null || allowedCategories.includes(section.category),
  );
}

/* The answers' value lists and how they read. */

export const ABSENCE_UNITS = ["hours", "days"] as const;
export type AbsenceUnit = (typeof ABSENCE_UNITS)[number];
export const ABSENCE_UNIT_LABELS: Record<AbsenceUnit, string> = {
  hours: "timmar",
  days: "dagar",
};

/** Svenska and svenska som andraspråk share one row: the school says which the child reads. */
export const SWEDISH_SUBJECTS = ["SV", "SVA"] as const;
/** Always on the card; any other subject is added by name. */
export const CORE_SUBJECTS = ["SV", "SVA", "MA", "EN"] as const;
export const SUBJECTS = [...CORE_SUBJECTS, "other"] as const;
export type Subject = (typeof SUBJECTS)[number];
export const SUBJECT_LABELS: Record<Exclude<Subject, "other">, string> = {
  SV: "Svenska",
  SVA: "Svenska som andraspråk",
  MA: "Matematik",
  EN: "Engelska",
};

export const GOAL_OUTCOMES = ["reached", "notReached", "notAssessed"] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];
export const GOAL_OUTCOME_LABELS: Record<GoalOutcome, string> = {
  reached: "Uppnår kunskapskraven",
  notReached: "Uppnår inte kunskapskraven",
  notAssessed: "Inte bedömt",
};

export const GRADES = ["A", "B", "C", "D", "E", "F"] as const;
export type Grade = (typeof GRADES)[number];

export const SWIMMING_ABILITIES = ["canSwim", "cannotSwim", "notAssessed"] as const;
export type SwimmingAbility = (typeof SWIMMING_ABILITIES)[number];
export const SWIMMING_ABILITY_LABELS: Record<SwimmingAbility, string> = {
  canSwim: "Kan simma",
  cannotSwim: "Kan inte simma",
  notAssessed: "Inte bedömt",
};

export const EDUCATIONAL_ASSESSMENTS = ["done", "needed", "notNeeded"] as const;
export type EducationalAssessment = (typeof EDUCATIONAL_ASSESSMENTS)[number];
export const EDUCATIONAL_ASSESSMENT_LABELS: Record<EducationalAssessment, string> = {
  done: "Gjord",
  needed: "Behövs",
  notNeeded: "Behövs inte",
};

export const WELLBEING_SCALE = [1, 2, 3, 4, 5] as const;
export type WellbeingScore = (typeof WELLBEING_SCALE)[number];
export const WELLBEING_SCALE_LABELS: Record<WellbeingScore, string> = {
  1: "1 – Trivs inte alls",
  2: "2 – Trivs dåligt",
  3: "3 – Varierar",
  4: "4 – Trivs ganska bra",
  5: "5 – Trivs mycket bra",
};

export const YES_NO_LABELS = { yes: "Ja", no: "Nej" } as const;
