/**
 * What the school-card form holds and posts (every answer a string), and those values built from
 * a saved draft, submitted answers, or values posted back with errors.
 */
import { CORE_SUBJECTS, SWEDISH_SUBJECTS } from "./sections";

/* ---------------------------------------------------------------------------------------------
 * The form's values
 * ------------------------------------------------------------------------------------------- */

/** What the form holds and posts: every answer a string ("" for none), as the inputs have it. */
export interface SchoolCardFormValues {
  attendance: {
    presentPercent: string;
    unexcusedAbsence: { amount: string; unit: string };
    absencePeriods: { from: string; to: string; reason: string }[];
  };
  knowledge: {
    subjects: { subject: string; name: string; goals: string; grade: string }[];
    swimming: string;
    educationalAssessment: string;
  };
  support: {
    extraAdaptations: { given: string; description: string };
    specialSupport: { given: string; actionProgrammeDate: string };
    adjustedTimetable: { given: string; description: string };
  };
  studentHealth: { measures: string };
  wellbeing: { score: string; comment: string; strengths: string };
  schoolView: { concerns: string; wishes: string };
  childsVoice: { view: string };
  carersView: { view: string };
  filledBy: { name: string; role: string };
}

/**
 * The form's values from a saved draft, submitted answers, or values posted back with errors
 * (anything of roughly that shape): every field a string, and the rows of Swedish, mathematics
 * and English first, always there.
 */
export function schoolCardFormValues(source: unknown): SchoolCardFormValues {
  const root = record(source);
  const attendance = record(root.attendance);
  const absence = record(attendance.unexcusedAbsence);
  const knowledge = record(root.knowledge);
  const support = record(root.support);
  const wellbeing = record(root.wellbeing);
  const schoolView = record(root.schoolView);
  const filledBy = record(root.filledBy);
  const described = (value: unknown) => {
    const v = record(value);
    return { given: yesNoString(v.given), description: str(v.description) };
  };
  const specialSupport = record(support.specialSupport);
  return {
    attendance: {
      presentPercent: str(attendance.presentPercent),
      unexcusedAbsence: { amount: str(absence.amount), unit: str(absence.unit) },
      absencePeriods: rows(attendance.absencePeriods).map((p) => ({
        from: str(p.from),
        to: str(p.to),
        reason: str(p.reason),
      })),
    },
    knowledge: {
      subjects: subjectRows(rows(knowledge.subjects)),
      swimming: str(knowledge.swimming),
      educationalAssessment: str(knowledge.educationalAssessment),
    },
    support: {
      extraAdaptations: described(support.extraAdaptations),
      specialSupport: {
        given: yesNoString(specialSupport.given),
        actionProgrammeDate: str(specialSupport.actionProgrammeDate),
      },
      adjustedTimetable: described(support.adjustedTimetable),
    },
    studentHealth: { measures: str(record(root.studentHealth).measures) },
    wellbeing: {
      score: str(wellbeing.score),
      comment: str(wellbeing.comment),
      strengths: str(wellbeing.strengths),
    },
    schoolView: { concerns: str(schoolView.concerns), wishes: str(schoolView.wishes) },
    childsVoice: { view: str(record(root.childsVoice).view) },
    carersView: { view: str(record(root.carersView).view) },
    filledBy: { name: str(filledBy.name), role: str(filledBy.role) },
  };
}

type SubjectRow = SchoolCardFormValues["knowledge"]["subjects"][number];

function subjectRows(source: Record<string, unknown>[]): SubjectRow[] {
  const all: SubjectRow[] = source.map((s) => ({
    subject: str(s.subject),
    name: str(s.name),
    goals: str(s.goals),
    grade: str(s.grade),
  }));
  const empty = (subject: string): SubjectRow => ({ subject, name: "", goals: "", grade: "" });
  // The Swedish row's subject is a choice, so a row posted without one is that row.
  const swedish =
    all.find((s) => (SWEDISH_SUBJECTS as readonly string[]).includes(s.subject)) ??
    all.find((s) => s.subject === "") ??
    empty("");
  const mathematics = all.find((s) => s.subject === "MA") ?? empty("MA");
  const english = all.find((s) => s.subject === "EN") ?? empty("EN");
  const others = all.filter(
    (s) => s.subject !== "" && !(CORE_SUBJECTS as readonly string[]).includes(s.subject),
  );
  return [swedish, mathematics, english, ...others.map((s) => ({ ...s, subject: "other" }))];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function rows(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function yesNoString(value: unknown): string {
  return value === true ? "yes" : value === false ? "no" : str(value);
}
