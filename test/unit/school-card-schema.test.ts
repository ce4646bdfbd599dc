import { describe, expect, it } from "vitest";
import type { z } from "zod/mini";
import { nestedFieldErrorsFrom } from "~/lib/form";
import { DISCLOSURE_CATEGORIES, type DisclosureCategory } from "~/modules/consent/policy";
import {
  defaultDueOn,
  requestSchoolCardSchema,
  schoolCardAnswersSchema,
  schoolCardDraftSchema,
  schoolCardFormValues,
  termOf,
  type SchoolCardAnswers,
} from "~/modules/school-cards/schema";
import { sectionsFor } from "~/modules/school-cards/sections";

const ALL = DISCLOSURE_CATEGORIES;

/** A whole card as the form posts it (nestedFormValues): strings, "" for an empty answer. */
function postedCard(): Record<string, unknown> {
  return {
    intent: "submit",
    version: "3",
    attendance: {
      presentPercent: "92,5",
      unexcusedAbsence: { amount: "12", unit: "hours" },
      absencePeriods: [{ from: "2026-09-07", to: "2026-09-18", reason: " Sjukdom " }],
    },
    knowledge: {
      subjects: [
        { subject: "SVA", goals: "reached", grade: "C" },
        { subject: "MA", goals: "notReached", grade: "F" },
        { subject: "EN", goals: "notAssessed", grade: "" },
        { subject: "other", name: "Biologi", goals: "reached", grade: "e" },
      ],
      swimming: "canSwim",
      educationalAssessment: "needed",
    },
    support: {
      extraAdaptations: { given: "yes", description: "Extra tid på prov." },
      specialSupport: { given: "yes", actionProgrammeDate: "2026-08-28" },
      adjustedTimetable: { given: "no", description: "" },
    },
    studentHealth: { measures: "Samtal med kurator varannan vecka." },
    wellbeing: { score: "4", comment: "", strengths: "Hjälpsam och nyfiken." },
    schoolView: { concerns: "Frånvaron i september.", wishes: "" },
    childsVoice: { view: "Trivs med sin mentor." },
    carersView: { view: "" },
    filledBy: { name: "Maria Lind", role: "Mentor" },
  };
}

const expectedCard: SchoolCardAnswers = {
  attendance: {
    presentPercent: 92.5,
    unexcusedAbsence: { amount: 12, unit: "hours" },
    absencePeriods: [{ from: "2026-09-07", to: "2026-09-18", reason: "Sjukdom" }],
  },
  knowledge: {
    subjects: [
      { subject: "SVA", goals: "reached", grade: "C" },
      { subject: "MA", goals: "notReached", grade: "F" },
      { subject: "EN", goals: "notAssessed" },
      { subject: "other", name: "Biologi", goals: "reached", grade: "E" },
    ],
    swimming: "canSwim",
    educationalAssessment: "needed",
  },
  support: {
    extraAdaptations: { given: true, description: "Extra tid på prov." },
    specialSupport: { given: true, actionProgrammeDate: "2026-08-28" },
    adjustedTimetable: { given: false },
  },
  studentHealth: { measures: "Samtal med kurator varannan vecka." },
  wellbeing: { score: 4, strengths: "Hjälpsam och nyfiken." },
  schoolView: { concerns: "Frånvaron i september." },
  childsVoice: { view: "Trivs med sin mentor." },
  carersView: {},
  filledBy: { name: "Maria Lind", role: "Mentor" },
};

/** The card with one answer replaced, by dotted path. */
function withAnswer(path: string, value: unknown, card = postedCard()) {
  const parts = path.split(".");
  let node = card as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
  return card;
}

function errorsOf(schema: z.ZodMiniType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? {} : nestedFieldErrorsFrom(result.error.issues);
}

describe("schoolCardAnswersSchema (submit)", () => {
  it("takes a whole card as posted and gives the stored answers", () => {
    const result = schoolCardAnswersSchema(ALL).safeParse(postedCard());
    expect(result.success && result.data).toEqual(expectedCard);
  });

  it("takes its own output again unchanged (a stored draft can be checked as it is)", () => {
    const again = schoolCardAnswersSchema(ALL).safeParse(expectedCard);
    expect(again.success && again.data).toEqual(expectedCard);
  });

  it("takes back what the form makes of the stored answers", () => {
    const result = schoolCardAnswersSchema(ALL).safeParse(schoolCardFormValues(expectedCard));
    expect(result.success && result.data).toEqual(expectedCard);
  });

  it.each([
    ["attendance.presentPercent", "101", "Närvaron ska vara mellan 0 och 100 procent."],
    ["attendance.presentPercent", "-1", "Närvaron ska vara mellan 0 och 100 procent."],
    [
      "attendance.presentPercent",
      "nittio",
      "Skriv närvaron som ett tal mellan 0 och 100, till exempel 92.",
    ],
    [
      "attendance.unexcusedAbsence.amount",
      "",
      "Ange den ogiltiga frånvaron, 0 om eleven inte har någon.",
    ],
    [
      "attendance.absencePeriods.0.from",
      "2026-02-30",
      "Ange ett datum som finns, till exempel 2026-09-15.",
    ],
    ["attendance.absencePeriods.0.to", "2026-09-01", "Sista dagen kan inte vara före den första."],
    ["knowledge.subjects.0.grade", "G", "Välj ett betyg mellan A och F, eller inget betyg."],
    ["knowledge.subjects.2.goals", "", "Välj om eleven uppnår kunskapskraven."],
    ["knowledge.subjects.3.name", " ", "Skriv vilket ämne det gäller."],
    ["knowledge.swimming", "maybe", "Välj om eleven kan simma."],
    ["support.extraAdaptations.description", "", "Beskriv vilka extra anpassningar eleven har."],
    [
      "support.specialSupport.actionProgrammeDate",
      "28/8",
      "Ange ett datum som finns, till exempel 2026-09-15.",
    ],
    ["wellbeing.score", "6", "Välj hur eleven trivs, på skalan 1–5."],
    ["wellbeing.strengths", "   ", "Skriv något om elevens styrkor."],
    ["filledBy.role", "", "Skriv din roll, till exempel mentor eller kurator."],
  ])("refuses %s = %j with its message on that field", (path, value, message) => {
    expect(errorsOf(schoolCardAnswersSchema(ALL), withAnswer(path, value))).toEqual({
      [path]: message,
    });
  });

  it("refuses more than 120 days of unexcused absence in a term, but not 130 hours", () => {
    const days = withAnswer("attendance.unexcusedAbsence", { amount: "130", unit: "days" });
    expect(errorsOf(schoolCardAnswersSchema(ALL), days)).toEqual({
      "attendance.unexcusedAbsence.amount":
        "Ange frånvaron under den här terminen: högst 120 dagar.",
    });
    const hours = withAnswer("attendance.unexcusedAbsence", { amount: "130", unit: "hours" });
    expect(schoolCardAnswersSchema(ALL).safeParse(hours).success).toBe(true);
  });

  it("always wants Swedish (or Swedish as a second language), mathematics and English", () => {
    const card = postedCard();
    const knowledge = card.knowledge as { subjects: unknown[] };
    knowledge.subjects = knowledge.subjects.filter(
      (s) => (s as { subject: string }).subject !== "MA",
    );
    expect(errorsOf(schoolCardAnswersSchema(ALL), card)).toEqual({
      "knowledge.subjects":
        "Svenska eller svenska som andraspråk, matematik och engelska ska alltid finnas med.",
    });
  });

  it("refuses Swedish twice (svenska and svenska som andraspråk), also in a draft", () => {
    const card = postedCard();
    (card.knowledge as { subjects: unknown[] }).subjects.push({ subject: "SV", goals: "reached" });
    const message = "Svenska, matematik och engelska får bara finnas med en gång var.";
    expect(errorsOf(schoolCardAnswersSchema(ALL), card)).toEqual({ "knowledge.subjects": message });
    expect(errorsOf(schoolCardDraftSchema(ALL), card)).toEqual({ "knowledge.subjects": message });
  });

  it("drops a core subject's stray name and a 'no' answer's leftover description or date", () => {
    const card = withAnswer("knowledge.subjects.1.name", "Matte");
    withAnswer("support.specialSupport", { given: "no", actionProgrammeDate: "2026-08-28" }, card);
    withAnswer("support.extraAdaptations", { given: "no", description: "Förut: extra tid." }, card);
    const result = schoolCardAnswersSchema(ALL).safeParse(card);
    expect(result.success).toBe(true);
    expect(result.data!.knowledge!.subjects[1]).toEqual({
      subject: "MA",
      goals: "notReached",
      grade: "F",
    });
    expect(result.data!.support).toEqual({
      extraAdaptations: { given: false },
      specialSupport: { given: false },
      adjustedTimetable: { given: false },
    });
  });

  it("accepts special support without an action programme", () => {
    const card = withAnswer("support.specialSupport", { given: "yes", actionProgrammeDate: "" });
    const result = schoolCardAnswersSchema(ALL).safeParse(card);
    expect(result.success && result.data.support!.specialSupport).toEqual({ given: true });
  });
});

describe("a half-filled card", () => {
  const half = {
    attendance: {
      presentPercent: "88",
      unexcusedAbsence: { amount: "", unit: "" },
      absencePeriods: [{ from: "2026-10-05", to: "", reason: "" }],
    },
    knowledge: {
      subjects: [
        { subject: "SV", goals: "reached", grade: "" },
        { subject: "MA", goals: "", grade: "" },
        { subject: "EN", goals: "", grade: "" },
      ],
      swimming: "",
      educationalAssessment: "",
    },
    wellbeing: { score: null, comment: "Har fått nya vänner.", strengths: "" },
    filledBy: { name: "Maria Lind", role: "" },
  };

  it("is a valid draft, stored without its empty answers", () => {
    const result = schoolCardDraftSchema(ALL).safeParse(half);
    expect(result.success).toBe(true);
    expect(JSON.parse(JSON.stringify(result.data))).toEqual({
      attendance: {
        presentPercent: 88,
        unexcusedAbsence: {},
        absencePeriods: [{ from: "2026-10-05" }],
      },
      knowledge: {
        subjects: [{ subject: "SV", goals: "reached" }, { subject: "MA" }, { subject: "EN" }],
      },
      wellbeing: { comment: "Har fått nya vänner." },
      filledBy: { name: "Maria Lind" },
    });
  });

  it("cannot be submitted: each missing answer says so on its own field", () => {
    expect(errorsOf(schoolCardAnswersSchema(ALL), half)).toEqual({
      "attendance.unexcusedAbsence.amount":
        "Ange den ogiltiga frånvaron, 0 om eleven inte har någon.",
      "attendance.unexcusedAbsence.unit": "Välj om frånvaron anges i timmar eller dagar.",
      "attendance.absencePeriods.0.to": "Ange sista dagen av frånvaron.",
      "knowledge.subjects.1.goals": "Välj om eleven uppnår kunskapskraven.",
      "knowledge.subjects.2.goals": "Välj om eleven uppnår kunskapskraven.",
      "knowledge.swimming": "Välj om eleven kan simma.",
      "knowledge.educationalAssessment":
        "Välj om en pedagogisk bedömning är gjord, behövs eller inte behövs.",
      "support.extraAdaptations.given": "Välj om eleven har extra anpassningar.",
      "support.specialSupport.given": "Välj om eleven har särskilt stöd.",
      "support.adjustedTimetable.given": "Välj om eleven har anpassad studiegång.",
      "studentHealth.measures": "Skriv vilka insatser elevhälsan har gjort, eller ”Inga insatser”.",
      "wellbeing.score": "Välj hur eleven trivs, på skalan 1–5.",
      "wellbeing.strengths": "Skriv något om elevens styrkor.",
      "schoolView.concerns": "Skriv vad skolan oroar sig för, eller ”Ingen oro”.",
      "filledBy.role": "Skriv din roll, till exempel mentor eller kurator.",
    });
  });

  it.each([
    ["attendance.presentPercent", "101", "Närvaron ska vara mellan 0 och 100 procent."],
    ["knowledge.subjects.0.grade", "G", "Välj ett betyg mellan A och F, eller inget betyg."],
    ["attendance.absencePeriods.0.to", "2026-10-01", "Sista dagen kan inte vara före den första."],
  ])("as a draft still refuses %s = %j", (path, value, message) => {
    const draft = withAnswer(path, value, structuredClone(half));
    expect(errorsOf(schoolCardDraftSchema(ALL), draft)).toEqual({ [path]: message });
  });

  it("an empty draft is a draft", () => {
    expect(schoolCardDraftSchema(ALL).safeParse({}).success).toBe(true);
  });
});

describe("sections outside the basis", () => {
  const onlyAttendance: DisclosureCategory[] = ["attendance"];

  it("are stripped from what is posted", () => {
    const result = schoolCardAnswersSchema(onlyAttendance).safeParse(postedCard());
    expect(result.success && result.data).toEqual({
      attendance: expectedCard.attendance,
      filledBy: expectedCard.filledBy,
    });
  });

  it("are stripped from a draft saved before consent was narrowed", () => {
    const result = schoolCardDraftSchema(onlyAttendance).safeParse(expectedCard);
    expect(result.success && Object.keys(result.data)).toEqual(["attendance", "filledBy"]);
  });

  it("are not asked for on submit; who filled it in always is", () => {
    expect(errorsOf(schoolCardAnswersSchema(onlyAttendance), {})).toEqual({
      "attendance.presentPercent":
        "Ange hur stor del av tiden eleven har varit närvarande, i procent.",
      "attendance.unexcusedAbsence.amount":
        "Ange den ogiltiga frånvaron, 0 om eleven inte har någon.",
      "attendance.unexcusedAbsence.unit": "Välj om frånvaron anges i timmar eller dagar.",
      "filledBy.name": "Skriv ditt namn.",
      "filledBy.role": "Skriv din roll, till exempel mentor eller kurator.",
    });
  });

  it.each<[DisclosureCategory[], string[]]>([
    [[], ["filledBy"]],
    [["attendance"], ["attendance", "filledBy"]],
    [
      ["results", "studentHealth"],
      ["knowledge", "studentHealth", "filledBy"],
    ],
    [["wellbeing"], ["wellbeing", "schoolView", "childsVoice", "carersView", "filledBy"]],
    [
      [...ALL],
      [
        "attendance",
        "knowledge",
        "support",
        "studentHealth",
        "wellbeing",
        "schoolView",
        "childsVoice",
        "carersView",
        "filledBy",
      ],
    ],
  ])("sectionsFor(%j) asks %j, in order", (allowed, codes) => {
    expect(sectionsFor(allowed).map((s) => s.code)).toEqual(codes);
  });
});

describe("schoolCardFormValues", () => {
  it("starts an empty card with the rows of Swedish, mathematics and English", () => {
    const values = schoolCardFormValues(null);
    expect(values.knowledge.subjects.map((s) => s.subject)).toEqual(["", "MA", "EN"]);
    expect(values.attendance.absencePeriods).toEqual([]);
    expect(values.filledBy).toEqual({ name: "", role: "" });
  });

  it("puts the core rows first, whatever order they were stored in", () => {
    const values = schoolCardFormValues({
      knowledge: {
        subjects: [
          { subject: "other", name: "Musik", goals: "reached" },
          { subject: "EN", goals: "reached" },
          { subject: "SVA" },
        ],
      },
    });
    expect(values.knowledge.subjects.map((s) => [s.subject, s.name])).toEqual([
      ["SVA", ""],
      ["MA", ""],
      ["EN", ""],
      ["other", "Musik"],
    ]);
  });
});

describe("requestSchoolCardSchema", () => {
  const valid = {
    term: " ht2026 ",
    dueOn: "2026-10-06",
    schoolId: "8a0c6d6e-3f7b-4b8e-9a41-2f1c5d7e9b10",
    mentorUserId: "",
    message: "  ",
  };

  it("takes a request and normalises the term", () => {
    const result = requestSchoolCardSchema.safeParse(valid);
    expect(result.success && result.data).toEqual({
      term: "HT2026",
      dueOn: "2026-10-06",
      schoolId: valid.schoolId,
      mentorUserId: null,
      message: null,
    });
  });

  it.each([
    ["term", "HT26", "Ange terminen som HT eller VT och året, till exempel HT2026."],
    ["term", "HÖST2026", "Ange terminen som HT eller VT och året, till exempel HT2026."],
    ["dueOn", "2026-02-30", "Ange ett datum som finns, till exempel 2026-10-06."],
    ["dueOn", "", "Ange sista svarsdag."],
    ["schoolId", "skolan", "Välj skola."],
    ["mentorUserId", "42", "Välj en person i listan."],
    ["message", "x".repeat(2001), "Meddelandet får ha högst 2 000 tecken."],
  ])("refuses %s = %j", (field, value, message) => {
    expect(errorsOf(requestSchoolCardSchema, { ...valid, [field]: value })).toEqual({
      [field]: message,
    });
  });
});

describe("termOf and defaultDueOn", () => {
  it.each([
    ["2026-01-01", "VT2026"],
    ["2026-06-30", "VT2026"],
    ["2026-07-01", "HT2026"],
    ["2026-08-20", "HT2026"],
    ["2026-12-31", "HT2026"],
  ])("termOf(%s) is %s", (day, term) => {
    expect(termOf(day)).toBe(term);
  });

  it("reads a moment as the date in Stockholm", () => {
    // 23:30 UTC on New Year's Eve is already the new year, and the spring term, in Stockholm.
    expect(termOf(new Date("2026-12-31T23:30:00Z"))).toBe("VT2027");
    expect(termOf(new Date("2026-06-30T22:30:00Z"))).toBe("HT2026");
  });

  it.each([
    ["2026-09-15", "2026-10-06"],
    ["2026-12-20", "2027-01-10"],
    ["2028-02-15", "2028-03-07"],
  ])("defaultDueOn(%s) is three weeks later, %s", (today, due) => {
    expect(defaultDueOn(today)).toBe(due);
  });

  it("defaultDueOn reads a moment as the date in Stockholm", () => {
    expect(defaultDueOn(new Date("2026-09-14T22:30:00Z"))).toBe("2026-10-06");
  });
});
