/**
 * Demo school cards (issue 6): Wilma Bergström's accepted card from the previous term, so that
 * her history has a term to set beside the one a caseworker asks for now. The consents it rests
 * on (both guardians and Wilma, noted orally, for that school year) are seeded with it: a card
 * is only ever asked on a basis valid at the time. Runs after the children seed; idempotent (a
 * child with a card for that term is left as it is).
 */
import type { Transaction } from "kysely";
import { addToDate, stockholmDate } from "../../app/lib/dates";
import { schoolCardAnswersSchema, termOf } from "../../app/modules/school-cards/schema";
import type { Database, DisclosureCategoryCode } from "../../db/schema";

type Trx = Transaction<Database>;

const ALL: DisclosureCategoryCode[] = [
  "attendance",
  "results",
  "supportMeasures",
  "wellbeing",
  "studentHealth",
];

/** The term before `term`: VT2026 before HT2026, HT2025 before VT2026. */
export function previousTerm(term: string): string {
  const year = Number(term.slice(2));
  return term.startsWith("HT") ? `VT${year}` : `HT${year - 1}`;
}

/** A moment in Stockholm's day (noon, safely inside it whatever the offset). */
function noon(date: string) {
  return new Date(`${date}T11:00:00Z`);
}

export async function seedSchoolCards(trx: Trx, now: Date = new Date()): Promise<void> {
  const term = previousTerm(termOf(stockholmDate(now)));
  const year = Number(term.slice(2));
  // Asked in the middle of the term, returned and accepted within three weeks.
  const requested = term.startsWith("VT") ? `${year}-03-02` : `${year}-10-05`;
  const schoolYear = term.startsWith("VT")
    ? { from: `${year - 1}-08-15`, to: `${year}-06-30` }
    : { from: `${year}-08-15`, to: `${year + 1}-06-30` };

  const child = await trx
    .selectFrom("children as c")
    .innerJoin("organisations as d", "d.id", "c.districtId")
    .select(["c.id", "c.districtId", "c.schoolId", "c.caseworkerUserId"])
    .where("c.firstName", "=", "Wilma")
    .where("c.lastName", "=", "Bergström")
    .where("d.name", "=", "Norrstrands stadsdelsförvaltning")
    .executeTakeFirst();
  if (!child?.schoolId) return;
  const existing = await trx
    .selectFrom("schoolCards")
    .select("id")
    .where("childId", "=", child.id)
    .where("term", "=", term)
    .executeTakeFirst();
  if (existing) return;
  const principal = await trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name"])
    .where("m.organisationId", "=", child.schoolId)
    .where("m.role", "=", "principal")
    .where("m.endedAt", "is", null)
    .executeTakeFirst();
  if (!principal) return;

  for (const [givenBy, giverName] of [
    ["guardian1", "Anna Bergström"],
    ["guardian2", "Tomas Bergström"],
    ["child", "Wilma Bergström"],
  ] as const) {
    await trx
      .insertInto("consents")
      .values({
        childId: child.id,
        givenBy,
        giverName,
        categories: ALL,
        districtId: child.districtId,
        schoolId: child.schoolId,
        validFrom: schoolYear.from,
        validTo: schoolYear.to,
        method: "oral",
        obtainedOn: schoolYear.from,
        recordedBy: child.caseworkerUserId,
        recordedAt: noon(schoolYear.from),
      })
      .execute();
  }

  // Parsed by the schema the form uses, so the seed can never hold a card the portal could not.
  const answers = schoolCardAnswersSchema(ALL).parse({
    attendance: {
      presentPercent: "78",
      unexcusedAbsence: { amount: "14", unit: "hours" },
      absencePeriods: [
        { from: addToDate(requested, { days: -30 }), to: addToDate(requested, { days: -21 }) },
      ],
    },
    knowledge: {
      subjects: [
        { subject: "SV", goals: "reached", grade: "D" },
        { subject: "MA", goals: "notReached", grade: "F" },
        { subject: "EN", goals: "reached", grade: "C" },
        { subject: "other", name: "Idrott och hälsa", goals: "reached", grade: "B" },
      ],
      swimming: "canSwim",
      educationalAssessment: "needed",
    },
    support: {
      extraAdaptations: { given: "yes", description: "Extra tid på prov i matematik." },
      specialSupport: { given: "no" },
      adjustedTimetable: { given: "no" },
    },
    studentHealth: { measures: "Samtal med kurator varannan vecka." },
    wellbeing: {
      score: "3",
      comment: "Trivs bättre efter jullovet.",
      strengths: "Hjälpsam och nyfiken, tycker om idrott.",
    },
    schoolView: {
      concerns: "Frånvaron på måndagar och resultaten i matematik.",
      wishes: "Stöd hemma med att komma i tid på måndagar.",
    },
    filledBy: { name: principal.name, role: "Rektor" },
  });

  await trx
    .insertInto("schoolCards")
    .values({
      childId: child.id,
      districtId: child.districtId,
      schoolId: child.schoolId,
      term,
      dueOn: addToDate(requested, { days: 21 }),
      message: null,
      categories: ALL,
      status: "accepted",
      requestedBy: child.caseworkerUserId,
      requestedAt: noon(requested),
      openedAt: noon(addToDate(requested, { days: 2 })),
      answers: JSON.stringify(answers),
      version: 3,
      savedAt: noon(addToDate(requested, { days: 12 })),
      savedBy: principal.id,
      submittedAt: noon(addToDate(requested, { days: 12 })),
      submittedBy: principal.id,
      acceptedAt: noon(addToDate(requested, { days: 14 })),
      acceptedBy: child.caseworkerUserId,
    })
    .execute();
}
