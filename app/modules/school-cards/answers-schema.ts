/**
 * The school's answers: their shape, and the schemas for a submitted card and for a draft.
 *
 * A submitted card must be whole; a draft may be half-filled, but what it holds must be
 * well-formed, so that a saved draft can always be submitted once completed. Both read what a
 * form posts (strings; "" or nothing for an empty answer; "yes"/"no") and also their own output
 * (numbers, booleans), so a stored draft can be checked again as it is. Messages are Swedish.
 */
import * as z from "zod/mini";
import { isCalendarDate } from "~/lib/dates";
import type { DisclosureCategory } from "~/modules/consent/policy";
import {
  ABSENCE_UNITS,
  EDUCATIONAL_ASSESSMENTS,
  GOAL_OUTCOMES,
  GRADES,
  SUBJECTS,
  SWEDISH_SUBJECTS,
  SWIMMING_ABILITIES,
  sectionsFor,
  type AbsenceUnit,
  type EducationalAssessment,
  type GoalOutcome,
  type Grade,
  type SchoolCardSectionCode,
  type Subject,
  type SwimmingAbility,
  type WellbeingScore,
} from "./sections";

/* ---------------------------------------------------------------------------------------------
 * The answers' shape
 * ------------------------------------------------------------------------------------------- */

export interface AbsencePeriod {
  /** YYYY-MM-DD, both days included. */
  from: string;
  to: string;
  reason?: string;
}

export interface SubjectResult {
  /** SV/SVA (one of them), MA and EN are always there; "other" subjects carry a name. */
  subject: Subject;
  name?: string;
  goals: GoalOutcome;
  /** Absent in a year without grades. */
  grade?: Grade;
}

/** Something the school does or does not do, and what it is when it does. */
export interface YesWithDescription {
  given: boolean;
  description?: string;
}

export interface SchoolCardAnswers {
  attendance?: {
    /** 0–100, of the term so far. */
    presentPercent: number;
    unexcusedAbsence: { amount: number; unit: AbsenceUnit };
    absencePeriods: AbsencePeriod[];
  };
  knowledge?: {
    subjects: SubjectResult[];
    swimming: SwimmingAbility;
    educationalAssessment: EducationalAssessment;
  };
  support?: {
    extraAdaptations: YesWithDescription;
    specialSupport: { given: boolean; actionProgrammeDate?: string };
    adjustedTimetable: YesWithDescription;
  };
  studentHealth?: { measures: string };
  wellbeing?: { score: WellbeingScore; comment?: string; strengths: string };
  schoolView?: { concerns: string; wishes?: string };
  childsVoice?: { view?: string };
  carersView?: { view?: string };
  filledBy: { name: string; role: string };
}

type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A draft: any answer may be missing, but each one given is well-formed. */
export type SchoolCardDraft = DeepPartial<SchoolCardAnswers>;

/* ---------------------------------------------------------------------------------------------
 * Building blocks
 * ------------------------------------------------------------------------------------------- */

type Mode = "submit" | "draft";

/** An empty answer is no answer: "", blanks, and null (an unchecked radio in react-hook-form). */
function blank(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  return value;
}

/** An answer the submit requires (its schema says the message) and a draft may leave out. */
function answer<T extends z.core.$ZodType>(
  mode: Mode,
  schema: T,
): z.ZodMiniType<z.output<T> | undefined> {
  const inner: z.core.$ZodType = mode === "draft" ? z.optional(schema) : schema;
  return z.pipe(z.transform(blank), inner) as z.ZodMiniType<z.output<T> | undefined>;
}

/** An answer that may be left out also on submit. */
function optional<T extends z.core.$ZodType>(schema: T) {
  return answer("draft", schema);
}

const tooLong = (max: number) => `Högst ${max.toLocaleString("sv-SE")} tecken.`;

const NOT_TEXT = "Svaret ska vara text.";
const NOT_DATE = "Ange ett datum som finns, till exempel 2026-09-15.";

const text = (max: number, missing = NOT_TEXT) =>
  z.string({ error: missing }).check(z.maxLength(max, tooLong(max)));

const date = (missing = NOT_DATE) =>
  z.string({ error: missing }).check(z.refine(isCalendarDate, NOT_DATE));

/** "92", "92,5" or 92.5 as a number; anything else is left for z.number to refuse. */
function decimal(value: unknown): unknown {
  if (typeof value === "string" && /^-?\d+([.,]\d+)?$/.test(value)) {
    return Number(value.replace(",", "."));
  }
  return value;
}

const number = (
  messages: { missing: string; notANumber: string; range: string },
  min: number,
  max: number,
) =>
  z.pipe(
    z.transform(decimal),
    z
      .number({
        error: (issue) => (issue.input === undefined ? messages.missing : messages.notANumber),
      })
      .check(z.gte(min, messages.range), z.lte(max, messages.range)),
  );

/** Ja/nej as the radios post it ("yes"/"no") or as stored (true/false); out comes a boolean. */
const yesNo = (missing: string) =>
  z.pipe(
    z.transform((v: unknown) => (v === true ? "yes" : v === false ? "no" : v)),
    z.pipe(
      z.enum(["yes", "no"], { error: missing }),
      z.transform((v) => v === "yes"),
    ),
  );

/**
 * A section. On submit a missing section counts as an empty one, so each of its questions says
 * what is missing; in a draft a missing section is simply not there yet.
 */
function section<T extends z.core.$ZodType>(
  mode: Mode,
  schema: T,
): z.ZodMiniType<z.output<T> | undefined> {
  if (mode === "draft") return answer("draft", schema);
  const inner: z.core.$ZodType = schema;
  return z.pipe(
    z.transform((v: unknown): unknown => blank(v) ?? {}),
    inner,
  ) as z.ZodMiniType<z.output<T>>;
}

/** A list: nothing posted (no rows) is an empty list. */
function list<T extends z.core.$ZodType>(
  item: T,
  max: number,
  tooMany: string,
): z.ZodMiniType<z.output<T>[]> {
  return z.pipe(
    z.transform((v: unknown) => blank(v) ?? []),
    z.array(item).check(z.maxLength(max, tooMany)),
  ) as unknown as z.ZodMiniType<z.output<T>[]>;
}

/* ---------------------------------------------------------------------------------------------
 * The sections
 * ------------------------------------------------------------------------------------------- */

function attendanceSchema(mode: Mode) {
  const period = z
    .object({
      from: answer(mode, date("Ange första dagen av frånvaron.")),
      to: answer(mode, date("Ange sista dagen av frånvaron.")),
      reason: optional(text(500)),
    })
    .check(
      z.refine((p) => !p.from || !p.to || p.to >= p.from, {
        message: "Sista dagen kan inte vara före den första.",
        path: ["to"],
      }),
    );
  const unexcusedAbsence = z
    .object({
      amount: answer(
        mode,
        number(
          {
            missing: "Ange den ogiltiga frånvaron, 0 om eleven inte har någon.",
            notANumber: "Skriv den ogiltiga frånvaron som ett tal, till exempel 12.",
            range: "Skriv ett tal mellan 0 och 1 000.",
          },
          0,
          1000,
        ),
      ),
      unit: answer(
        mode,
        z.enum(ABSENCE_UNITS, { error: "Välj om frånvaron anges i timmar eller dagar." }),
      ),
    })
    .check(
      z.refine((a) => a.unit !== "days" || a.amount === undefined || a.amount <= 120, {
        message: "Ange frånvaron under den här terminen: högst 120 dagar.",
        path: ["amount"],
      }),
    );
  return z.object({
    presentPercent: answer(
      mode,
      number(
        {
          missing: "Ange hur stor del av tiden eleven har varit närvarande, i procent.",
          notANumber: "Skriv närvaron som ett tal mellan 0 och 100, till exempel 92.",
          range: "Närvaron ska vara mellan 0 och 100 procent.",
        },
        0,
        100,
      ),
    ),
    unexcusedAbsence: section(mode, unexcusedAbsence),
    absencePeriods: list(period, 20, "Högst 20 frånvaroperioder."),
  });
}

function knowledgeSchema(mode: Mode) {
  const subject = z
    .object({
      subject: answer(mode, z.enum(SUBJECTS, { error: "Välj ämne." })),
      name: optional(text(100)),
      goals: answer(
        mode,
        z.enum(GOAL_OUTCOMES, { error: "Välj om eleven uppnår kunskapskraven." }),
      ),
      grade: optional(
        z.pipe(
          z.transform((v: unknown) => (typeof v === "string" ? v.toUpperCase() : v)),
          z.enum(GRADES, { error: "Välj ett betyg mellan A och F, eller inget betyg." }),
        ),
      ),
    })
    .check(
      z.refine((s) => mode === "draft" || s.subject !== "other" || !!s.name, {
        message: "Skriv vilket ämne det gäller.",
        path: ["name"],
      }),
    );
  const subjects = list(
    z.pipe(
      subject,
      // A core subject's name is its code's; a name posted with it means nothing.
      z.transform((s) => (s.subject === "other" ? s : { ...s, name: undefined })),
    ),
    30,
    "Högst 30 ämnen.",
  ).check(
    z.refine((rows) => coreCounts(rows).every((n) => n <= 1), {
      message: "Svenska, matematik och engelska får bara finnas med en gång var.",
    }),
    z.refine((rows) => mode === "draft" || coreCounts(rows).every((n) => n === 1), {
      message:
        "Svenska eller svenska som andraspråk, matematik och engelska ska alltid finnas med.",
    }),
  );
  return z.object({
    subjects,
    swimming: answer(mode, z.enum(SWIMMING_ABILITIES, { error: "Välj om eleven kan simma." })),
    educationalAssessment: answer(
      mode,
      z.enum(EDUCATIONAL_ASSESSMENTS, {
        error: "Välj om en pedagogisk bedömning är gjord, behövs eller inte behövs.",
      }),
    ),
  });
}

/** How many rows of Swedish (SV or SVA), mathematics and English. */
function coreCounts(rows: readonly { subject?: Subject }[]): [number, number, number] {
  const count = (subjects: readonly Subject[]) =>
    rows.filter((r) => r.subject !== undefined && subjects.includes(r.subject)).length;
  return [count(SWEDISH_SUBJECTS), count(["MA"]), count(["EN"])];
}

function supportSchema(mode: Mode) {
  const described = (missingChoice: string, missingDescription: string) =>
    z.pipe(
      z
        .object({
          given: answer(mode, yesNo(missingChoice)),
          description: optional(text(4000)),
        })
        .check(
          z.refine((v) => mode === "draft" || v.given !== true || !!v.description, {
            message: missingDescription,
            path: ["description"],
          }),
        ),
      // "Nej" with a description left from an earlier "ja": the description no longer holds.
      z.transform((v) => (mode === "submit" && v.given === false ? { given: false } : v)),
    );
  return z.object({
    extraAdaptations: section(
      mode,
      described(
        "Välj om eleven har extra anpassningar.",
        "Beskriv vilka extra anpassningar eleven har.",
      ),
    ),
    specialSupport: section(
      mode,
      z.pipe(
        z.object({
          given: answer(mode, yesNo("Välj om eleven har särskilt stöd.")),
          actionProgrammeDate: optional(date()),
        }),
        z.transform((v) => (mode === "submit" && v.given === false ? { given: false } : v)),
      ),
    ),
    adjustedTimetable: section(
      mode,
      described("Välj om eleven har anpassad studiegång.", "Beskriv den anpassade studiegången."),
    ),
  });
}

const longText = (missing?: string) => text(4000, missing);

function sectionSchemas(mode: Mode) {
  return {
    attendance: attendanceSchema(mode),
    knowledge: knowledgeSchema(mode),
    support: supportSchema(mode),
    studentHealth: z.object({
      measures: answer(
        mode,
        longText("Skriv vilka insatser elevhälsan har gjort, eller ”Inga insatser”."),
      ),
    }),
    wellbeing: z.object({
      score: answer(
        mode,
        z.pipe(
          z.transform(decimal),
          z
            .number({ error: "Välj hur eleven trivs, på skalan 1–5." })
            .check(
              z.refine(Number.isInteger, "Välj hur eleven trivs, på skalan 1–5."),
              z.gte(1, "Välj hur eleven trivs, på skalan 1–5."),
              z.lte(5, "Välj hur eleven trivs, på skalan 1–5."),
            ),
        ),
      ),
      comment: optional(text(2000)),
      strengths: answer(mode, longText("Skriv något om elevens styrkor.")),
    }),
    schoolView: z.object({
      concerns: answer(mode, longText("Skriv vad skolan oroar sig för, eller ”Ingen oro”.")),
      wishes: optional(longText()),
    }),
    childsVoice: z.object({ view: optional(longText()) }),
    carersView: z.object({ view: optional(longText()) }),
    filledBy: z.object({
      name: answer(mode, text(200, "Skriv ditt namn.")),
      role: answer(mode, text(200, "Skriv din roll, till exempel mentor eller kurator.")),
    }),
  } satisfies Record<SchoolCardSectionCode, z.core.SomeType>;
}

function answersSchema(mode: Mode, allowedCategories: readonly DisclosureCategory[]) {
  const all = sectionSchemas(mode);
  const shape: Partial<Record<SchoolCardSectionCode, z.core.SomeType>> = {};
  // Only the sections the basis allows: the object strips every other key.
  for (const { code } of sectionsFor(allowedCategories)) {
    shape[code] = section(mode, all[code]);
  }
  return z.object(shape as Record<string, z.core.SomeType>);
}

/** The school's answers on submit: every asked question answered, each answer well-formed. */
export function schoolCardAnswersSchema(
  allowedCategories: readonly DisclosureCategory[],
): z.ZodMiniType<SchoolCardAnswers> {
  return answersSchema("submit", allowedCategories) as unknown as z.ZodMiniType<SchoolCardAnswers>;
}

/** A draft: anything may be missing, but what is there must be well-formed. */
export function schoolCardDraftSchema(
  allowedCategories: readonly DisclosureCategory[],
): z.ZodMiniType<SchoolCardDraft> {
  return answersSchema("draft", allowedCategories) as unknown as z.ZodMiniType<SchoolCardDraft>;
}
