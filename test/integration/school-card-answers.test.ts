/**
 * The school's answers on a school card and social services' review (issue 6) against the real
 * database: a draft save with the version the form loaded (version bumped, in progress, logged);
 * two people editing the same card (the second save on the old version is a conflict that shows
 * the first person's answers and stores nothing, and "keep mine" is a save on the new version);
 * submitting (returned, locked, logged as a disclosure); sections outside the card's categories
 * never stored; asking for completion and accepting; everyone but the addressed school and the
 * child's social services getting NotFoundError; and a consent revoked while the school edits.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { recordConsent, revokeConsent } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { consentSchema, type ConsentValues } from "~/modules/consent/schema";
import {
  schoolCardAnswersSchema,
  schoolCardDraftSchema,
  schoolCardFormValues,
} from "~/modules/school-cards/schema";
import {
  acceptCard,
  askForCompletion,
  cardAccess,
  COMPLETION_DAYS,
  getCard,
  listCardsForSocialServices,
  requestSchoolCard,
  saveAnswers,
  type RequestValues,
} from "~/modules/school-cards/school-cards.server";
import {
  districtAndNeighbour,
  schoolWithStaff,
  educationWithStaff,
  childOf,
  consentFromAll,
  requestCard,
  CARD_CATEGORIES,
  type Child,
} from "../helpers/worlds";

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });

// --- The world -------------------------------------------------------------------------------

async function world() {
  const { district, otherDistrict, ...districtStaff } = await districtAndNeighbour({
    caseworker: "Hanna Handläggare",
  });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: {
      principal: { role: "principal", name: "Per Rektor" },
      studentHealth: { role: "studentHealth", name: "Kim Kurator" },
      mentor: { role: "mentor", name: "Maja Mentor" },
      otherMentor: "mentor",
    },
  });
  const { school: otherSchool, ...otherSchoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principalB: "principal", studentHealthB: "studentHealth", mentorB: "mentor" },
  });
  const { admin, educationManager } = await educationWithStaff({
    staff: { admin: "admin", educationManager: "educationManager" },
  });
  return {
    district,
    otherDistrict,
    school,
    otherSchool,
    ...districtStaff,
    ...schoolStaff,
    ...otherSchoolStaff,
    admin,
    educationManager,
  };
}
type World = Awaited<ReturnType<typeof world>>;
type Who = Exclude<keyof World, "district" | "otherDistrict" | "school" | "otherSchool">;

/** A minor (16–17: every official test number) of the caseworker's, at school A. */
function newChild(w: World) {
  return childOf(w.caseworker, { schoolId: w.school.id });
}

function consentValues(w: World, overrides: Record<string, unknown> = {}): ConsentValues {
  return consentSchema.parse({
    givenBy: "guardian1",
    giverName: "Karin Vårdnadshavare",
    method: "oral",
    obtainedOn: today,
    categories: CARD_CATEGORIES,
    schoolId: w.school.id,
    validFrom: day(-30),
    validTo: day(200),
    ...overrides,
  });
}

async function record(w: World, child: Child, values: ConsentValues) {
  const result = await recordConsent(w.caseworker, child.id, values, null);
  if (result.kind !== "recorded")
    throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
  return result.consentId;
}

/** Consent from both guardians and the child (all three are needed at 16–17). */
function consented(w: World, child: Child, categories: DisclosureCategory[] = CARD_CATEGORIES) {
  return consentFromAll(w.caseworker, child.id, { schoolId: w.school.id, categories });
}

function requestValues(w: World, overrides: Partial<RequestValues> = {}): RequestValues {
  return {
    term: "HT2026",
    dueOn: day(21),
    schoolId: w.school.id,
    mentorUserId: w.mentor.user.id,
    message: "Hur går det i skolan den här terminen?",
    ...overrides,
  };
}

/** A child with consent for attendance and results, and a card naming the mentor for it. */
async function childWithCard(w: World, overrides: Partial<RequestValues> = {}) {
  const child = await newChild(w);
  const consents = await consented(w, child);
  const result = await requestCard(w.caseworker, child.id, requestValues(w, overrides));
  expect(result.categories).toEqual(CARD_CATEGORIES);
  return { child, consents, cardId: result.cardId };
}

async function cardRow(cardId: string) {
  return db
    .selectFrom("schoolCards")
    .selectAll()
    .where("id", "=", cardId)
    .executeTakeFirstOrThrow();
}

async function cardEvents(childId: string) {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("childId", "=", childId)
    .where("recordType", "=", "schoolCard")
    .where("action", "<>", "read")
    .orderBy("occurredAt")
    .orderBy("id")
    .execute();
}

/** What jsonb gives back for a parsed value: no undefined keys. */
function stored(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

// --- Answers, as the form posts them ----------------------------------------------------------

/** A half-filled form: empty answers are "". */
function draftForm(presentPercent: string, filledByName: string) {
  return {
    attendance: {
      presentPercent,
      unexcusedAbsence: { amount: "", unit: "" },
      absencePeriods: [],
    },
    knowledge: {
      subjects: [
        { subject: "", name: "", goals: "", grade: "" },
        { subject: "MA", name: "", goals: "notReached", grade: "" },
        { subject: "EN", name: "", goals: "", grade: "" },
      ],
      swimming: "",
      educationalAssessment: "",
    },
    filledBy: { name: filledByName, role: "" },
  };
}

/** A whole card for attendance and results. */
function completeForm() {
  return {
    attendance: {
      presentPercent: "92,5",
      unexcusedAbsence: { amount: "4", unit: "hours" },
      absencePeriods: [{ from: "2026-09-01", to: "2026-09-05", reason: "Sjuk" }],
    },
    knowledge: {
      subjects: [
        { subject: "SVA", name: "", goals: "reached", grade: "C" },
        { subject: "MA", name: "", goals: "notReached", grade: "f" },
        { subject: "EN", name: "", goals: "reached", grade: "" },
        { subject: "other", name: "Idrott och hälsa", goals: "notAssessed", grade: "" },
      ],
      swimming: "canSwim",
      educationalAssessment: "notNeeded",
    },
    filledBy: { name: "Maja Mentor", role: "mentor" },
  };
}

/** Sections of categories the card was not requested for, and a stray key. */
const OUTSIDE = {
  support: {
    extraAdaptations: { given: true, description: "Anpassad studiegång" },
    specialSupport: { given: true, actionProgrammeDate: "2026-08-20" },
    adjustedTimetable: { given: false },
  },
  studentHealth: { measures: "Samtal med kurator varje vecka om hemsituationen" },
  wellbeing: { score: 2, comment: "Ensam på rasterna", strengths: "Musik" },
  schoolView: { concerns: "Oro för hemmet", wishes: "Ring oss" },
  childsVoice: { view: "Vill inte gå i skolan" },
  carersView: { view: "Familjehemmet är oroligt" },
};

function draft(form: unknown) {
  return schoolCardDraftSchema(CARD_CATEGORIES).parse(form) as Record<string, unknown>;
}
function submitted(form: unknown) {
  return schoolCardAnswersSchema(CARD_CATEGORIES).parse(form) as unknown as Record<string, unknown>;
}

/** Saves a draft and expects it saved; the new version. */
async function saveDraft(actor: Actor, cardId: string, answers: unknown, version: number) {
  const result = await saveAnswers(actor, cardId, {
    answers: answers as Record<string, unknown>,
    version,
    submit: false,
  });
  if (result.kind !== "saved") throw new Error(`expected saved, got ${JSON.stringify(result)}`);
  return result.version;
}

async function submit(actor: Actor, cardId: string, version: number) {
  return saveAnswers(actor, cardId, {
    answers: submitted(completeForm()),
    version,
    submit: true,
  });
}

// ---------------------------------------------------------------------------------------------

describe("saving a draft", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("with the version loaded: bumps the version, sets in progress, stores the parsed answers and logs an update", async () => {
    const { child, cardId } = await childWithCard(w);
    const loaded = await getCard(w.mentor, cardId);
    expect(loaded).toMatchObject({ status: "opened", version: 0, answers: {}, savedAt: null });

    const answers = draft(draftForm("88,5", "Maja"));
    expect(answers).toMatchObject({
      attendance: { presentPercent: 88.5 },
      filledBy: { name: "Maja" },
    });
    const before = new Date();
    const result = await saveAnswers(
      w.mentor,
      cardId,
      { answers, version: loaded.version, submit: false },
      { requestId: "req-draft" },
    );
    expect(result).toMatchObject({ kind: "saved", version: 1 });
    const row = await cardRow(cardId);
    expect(row).toMatchObject({
      status: "inProgress",
      version: 1,
      savedBy: w.mentor.user.id,
      answers: stored(answers),
      submittedAt: null,
      submittedBy: null,
    });
    expect(row.savedAt).toBeInstanceOf(Date);
    expect(row.savedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(result.kind === "saved" && result.savedAt.getTime()).toBe(row.savedAt!.getTime());

    expect(await cardEvents(child.id)).toMatchObject([
      {
        action: "update",
        recordType: "schoolCard",
        recordId: cardId,
        actorUserId: w.mentor.user.id,
        actorRole: "mentor",
        actorOrganisationId: w.school.id,
        requestId: "req-draft",
        details: { version: 1 },
      },
    ]);

    // The form loads the draft back, and what it holds still parses as a draft.
    const again = await getCard(w.mentor, cardId);
    expect(again).toMatchObject({
      status: "inProgress",
      statusLabel: "Påbörjat",
      version: 1,
      savedByName: "Maja Mentor",
      answers: stored(answers),
    });
    expect(stored(draft(again.answers))).toEqual(stored(answers));

    // The next save goes on from there.
    expect(await saveDraft(w.mentor, cardId, draft(draftForm("90", "Maja")), 1)).toBe(2);
    expect(await cardRow(cardId)).toMatchObject({ status: "inProgress", version: 2 });
  });

  it("on a card not yet opened sets it in progress too", async () => {
    const { cardId } = await childWithCard(w, { mentorUserId: null });
    expect(await saveDraft(w.principal, cardId, draft(draftForm("75", "Per")), 0)).toBe(1);
    expect(await cardRow(cardId)).toMatchObject({
      status: "inProgress",
      version: 1,
      savedBy: w.principal.user.id,
    });
  });

  it("checks the answers itself: a malformed draft or an incomplete submission is refused beside its fields, and nothing is stored", async () => {
    const { cardId } = await childWithCard(w);
    expect(
      await saveAnswers(w.mentor, cardId, {
        answers: schoolCardFormValues(draftForm("9x", "Maja")),
        version: 0,
        submit: false,
      }),
    ).toEqual({
      kind: "invalid",
      fieldErrors: {
        "attendance.presentPercent":
          "Skriv närvaron som ett tal mellan 0 och 100, till exempel 92.",
      },
    });
    const incomplete = await saveAnswers(w.mentor, cardId, {
      answers: schoolCardFormValues(draftForm("80", "Maja")),
      version: 0,
      submit: true,
    });
    expect(incomplete).toMatchObject({
      kind: "invalid",
      fieldErrors: { "filledBy.role": "Skriv din roll, till exempel mentor eller kurator." },
    });
    expect(await cardRow(cardId)).toMatchObject({ version: 0, answers: {}, savedAt: null });
  });
});

describe("two people editing the same card", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("refuses the second save on the old version with the first's answers, stores nothing of it, and takes it again on the new version", async () => {
    const { child, cardId } = await childWithCard(w);
    // Both load version N.
    const mentorsForm = await getCard(w.mentor, cardId);
    const principalsForm = await getCard(w.principal, cardId);
    expect(mentorsForm.version).toBe(0);
    expect(principalsForm.version).toBe(0);

    // The first saves: N + 1.
    const mentors = draft(draftForm("91", "Maja Mentor"));
    expect(await saveDraft(w.mentor, cardId, mentors, mentorsForm.version)).toBe(1);
    const afterFirst = await cardRow(cardId);
    const eventsAfterFirst = await cardEvents(child.id);

    // The second, on N: a conflict with what is there now, and who saved it.
    const principals = draft(draftForm("60", "Per Rektor"));
    const conflict = await saveAnswers(w.principal, cardId, {
      answers: principals,
      version: principalsForm.version,
      submit: false,
    });
    expect(conflict).toEqual({
      kind: "conflict",
      current: {
        answers: stored(mentors),
        version: 1,
        savedAt: afterFirst.savedAt,
        savedByName: "Maja Mentor",
      },
    });
    // Nothing of the second is stored, nor logged.
    expect(await cardRow(cardId)).toEqual(afterFirst);
    expect(await cardEvents(child.id)).toEqual(eventsAfterFirst);

    // Submitting on the old version is no different.
    expect(
      await saveAnswers(w.principal, cardId, {
        answers: submitted(completeForm()),
        version: principalsForm.version,
        submit: true,
      }),
    ).toMatchObject({ kind: "conflict", current: { version: 1 } });
    expect(await cardRow(cardId)).toEqual(afterFirst);

    // "Keep mine": the same answers again, on the version the conflict showed.
    expect(
      conflict.kind === "conflict" &&
        (await saveDraft(w.principal, cardId, principals, conflict.current.version)),
    ).toBe(2);
    expect(await cardRow(cardId)).toMatchObject({
      version: 2,
      status: "inProgress",
      savedBy: w.principal.user.id,
      answers: stored(principals),
    });
    // And now the mentor, on version 1, is the one told.
    expect(
      await saveAnswers(w.mentor, cardId, { answers: mentors, version: 1, submit: false }),
    ).toMatchObject({
      kind: "conflict",
      current: { version: 2, savedByName: "Per Rektor", answers: stored(principals) },
    });
  });

  it("lets exactly one of two simultaneous saves on the same version through", async () => {
    const { cardId } = await childWithCard(w);
    const a = draft(draftForm("10", "Maja Mentor"));
    const b = draft(draftForm("20", "Per Rektor"));
    const results = await Promise.all([
      saveAnswers(w.mentor, cardId, { answers: a, version: 0, submit: false }),
      saveAnswers(w.principal, cardId, { answers: b, version: 0, submit: false }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["conflict", "saved"]);
    const winner = results[0]?.kind === "saved" ? a : b;
    expect(await cardRow(cardId)).toMatchObject({ version: 1, answers: stored(winner) });
  });

  it("is a conflict also for a version from the future", async () => {
    const { cardId } = await childWithCard(w);
    expect(
      await saveAnswers(w.mentor, cardId, {
        answers: draft(draftForm("50", "Maja")),
        version: 7,
        submit: false,
      }),
    ).toMatchObject({ kind: "conflict", current: { version: 0, answers: {} } });
    expect(await cardRow(cardId)).toMatchObject({ version: 0, answers: {}, savedAt: null });
  });
});

describe("submitting", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("stores the whole card, returns it to social services, logs a disclosure, and locks it", async () => {
    const { child, cardId } = await childWithCard(w);
    const version = await saveDraft(w.mentor, cardId, draft(draftForm("88", "Maja")), 0);

    const answers = submitted(completeForm());
    expect(answers).toMatchObject({
      attendance: { presentPercent: 92.5, unexcusedAbsence: { amount: 4, unit: "hours" } },
      knowledge: { subjects: [{ subject: "SVA" }, { subject: "MA", grade: "F" }, {}, {}] },
    });
    const before = new Date();
    expect(
      await saveAnswers(
        w.mentor,
        cardId,
        { answers, version, submit: true },
        { requestId: "req-submit" },
      ),
    ).toEqual({ kind: "submitted" });
    const row = await cardRow(cardId);
    expect(row).toMatchObject({
      status: "returned",
      version: version + 1,
      answers: stored(answers),
      submittedBy: w.mentor.user.id,
      savedBy: w.mentor.user.id,
    });
    expect(row.submittedAt).toBeInstanceOf(Date);
    expect(row.submittedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // What is stored is a whole card still.
    expect(stored(submitted(row.answers))).toEqual(stored(answers));

    const events = await cardEvents(child.id);
    expect(events.at(-1)).toMatchObject({
      action: "disclose",
      recordType: "schoolCard",
      recordId: cardId,
      actorUserId: w.mentor.user.id,
      requestId: "req-submit",
      details: { version: version + 1 },
    });
    expect(events.map((e) => e.action)).toEqual(["update", "disclose"]);

    // Locked: a draft or a submission, on the current version or any other, by anyone of the school.
    for (const [who, input] of [
      ["mentor", { answers: draft(draftForm("1", "x")), version: version + 1, submit: false }],
      ["mentor", { answers, version: version + 1, submit: true }],
      ["principal", { answers: draft(draftForm("1", "x")), version, submit: false }],
      ["studentHealth", { answers, version: version + 1, submit: true }],
    ] as const) {
      expect(await saveAnswers(w[who], cardId, input), who).toEqual({ kind: "locked" });
    }
    expect(await cardRow(cardId)).toEqual(row);
    expect(await cardEvents(child.id)).toHaveLength(2);

    // Both sides see it returned.
    expect(await getCard(w.mentor, cardId)).toMatchObject({
      status: "returned",
      statusLabel: "Inskickat",
      daysOverdue: 0,
    });
    expect(await getCard(w.caseworker, cardId)).toMatchObject({
      status: "returned",
      answers: stored(answers),
      submittedAt: row.submittedAt,
    });
  });

  it("straight from a card never saved", async () => {
    const { cardId } = await childWithCard(w);
    expect(await submit(w.studentHealth, cardId, 0)).toEqual({ kind: "submitted" });
    expect(await cardRow(cardId)).toMatchObject({
      status: "returned",
      version: 1,
      submittedBy: w.studentHealth.user.id,
    });
  });
});

describe("sections outside the card's categories", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("are stripped by the schemas for the card's categories", () => {
    expect(Object.keys(draft({ ...draftForm("80", "Maja"), ...OUTSIDE })).sort()).toEqual([
      "attendance",
      "filledBy",
      "knowledge",
    ]);
    expect(Object.keys(submitted({ ...completeForm(), ...OUTSIDE })).sort()).toEqual([
      "attendance",
      "filledBy",
      "knowledge",
    ]);
  });

  it("are never stored, in a draft or a submission, even when passed to saveAnswers", async () => {
    const { cardId } = await childWithCard(w);
    expect((await cardRow(cardId)).categories).toEqual(CARD_CATEGORIES);
    const inDraft = draft(draftForm("80", "Maja"));
    expect(await saveDraft(w.mentor, cardId, { ...inDraft, ...OUTSIDE }, 0)).toBe(1);
    expect((await cardRow(cardId)).answers).toEqual(stored(inDraft));

    const whole = submitted(completeForm());
    expect(
      await saveAnswers(w.mentor, cardId, {
        answers: { ...whole, ...OUTSIDE } as Record<string, unknown>,
        version: 1,
        submit: true,
      }),
    ).toEqual({ kind: "submitted" });
    const answers = (await cardRow(cardId)).answers;
    expect(answers).toEqual(stored(whole));
    for (const code of Object.keys(OUTSIDE)) expect(answers, code).not.toHaveProperty(code);
    expect(JSON.stringify(answers)).not.toContain("kurator");
  });

  it("include one whose consent was revoked while the form was open", async () => {
    const child = await newChild(w);
    const attendance = await record(w, child, consentValues(w, { categories: ["attendance"] }));
    const results = await record(w, child, consentValues(w, { categories: ["results"] }));
    for (const givenBy of ["guardian2", "child"] as const)
      await record(w, child, consentValues(w, { givenBy }));
    const request = await requestSchoolCard(w.caseworker, child.id, requestValues(w));
    const cardId = request.kind === "requested" ? request.cardId : "";
    expect((await cardRow(cardId)).categories).toEqual(CARD_CATEGORIES);
    expect(await getCard(w.mentor, cardId)).toMatchObject({ categories: CARD_CATEGORIES });

    await revokeConsent(w.caseworker, child.id, results);
    expect(attendance).not.toBe(results);
    const answers = draft(draftForm("70", "Maja"));
    expect(await saveDraft(w.mentor, cardId, answers, 0)).toBe(1);
    const row = await cardRow(cardId);
    expect(row.status).toBe("inProgress");
    expect(Object.keys(row.answers).sort()).toEqual(["attendance", "filledBy"]);
    expect(row.answers).toEqual(
      stored({ attendance: answers.attendance, filledBy: answers.filledBy }),
    );
  });
});

describe("review by social services", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  /** A card the mentor has submitted; its version. */
  async function returnedCard() {
    const card = await childWithCard(w);
    expect(await submit(w.mentor, card.cardId, 0)).toEqual({ kind: "submitted" });
    return card;
  }

  it("asks for completion: the card reopens for the school with the note, which can save and resubmit", async () => {
    const { child, cardId } = await returnedCard();
    const note = "Frånvaroperioden i september saknar orsak. Fyll även i betyg i engelska.";
    expect(await askForCompletion(w.caseworker, cardId, note, { requestId: "req-ask" })).toEqual({
      kind: "asked",
    });
    const asked = await cardRow(cardId);
    expect(asked).toMatchObject({
      status: "completionAsked",
      completionNote: note,
      completionAskedBy: w.caseworker.user.id,
      version: 1,
    });
    expect(asked.completionAskedAt).toBeInstanceOf(Date);
    expect((await cardEvents(child.id)).at(-1)).toMatchObject({
      action: "update",
      recordId: cardId,
      actorUserId: w.caseworker.user.id,
      requestId: "req-ask",
    });

    // The school sees the note and may write again.
    expect(await getCard(w.mentor, cardId)).toMatchObject({
      status: "completionAsked",
      statusLabel: "Komplettering begärd",
      completionNote: note,
      version: 1,
    });
    expect(await cardAccess(w.mentor, cardId)).toEqual({
      side: "school",
      categories: CARD_CATEGORIES,
    });
    // A draft keeps the card with the school, still asked for completion.
    const completed = completeForm();
    completed.knowledge.subjects[2]!.grade = "B";
    expect(await saveDraft(w.mentor, cardId, draft(completed), 1)).toBe(2);
    expect(await cardRow(cardId)).toMatchObject({ status: "completionAsked", version: 2 });
    // Social services cannot accept it meanwhile.
    expect(await acceptCard(w.caseworker, cardId)).toEqual({ kind: "notReturned" });

    // Resubmitted: returned again.
    const answers = submitted(completed);
    expect(await saveAnswers(w.mentor, cardId, { answers, version: 2, submit: true })).toEqual({
      kind: "submitted",
    });
    const resubmitted = await cardRow(cardId);
    expect(resubmitted).toMatchObject({ status: "returned", version: 3, answers: stored(answers) });
    expect(resubmitted.submittedAt!.getTime()).toBeGreaterThanOrEqual(
      asked.completionAskedAt!.getTime(),
    );
    expect(await saveAnswers(w.mentor, cardId, { answers, version: 3, submit: false })).toEqual({
      kind: "locked",
    });

    // And then accepted.
    expect(await acceptCard(w.caseworker, cardId)).toEqual({ kind: "accepted" });
    expect(await cardRow(cardId)).toMatchObject({ status: "accepted" });
  });

  it("accepts a returned card: accepted, when and by whom; then nothing more can be done to it", async () => {
    const { child, cardId } = await returnedCard();
    const before = new Date();
    expect(await acceptCard(w.caseworker, cardId, { requestId: "req-accept" })).toEqual({
      kind: "accepted",
    });
    const row = await cardRow(cardId);
    expect(row).toMatchObject({ status: "accepted", acceptedBy: w.caseworker.user.id });
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect(row.acceptedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect((await cardEvents(child.id)).at(-1)).toMatchObject({
      action: "update",
      recordId: cardId,
      actorUserId: w.caseworker.user.id,
      requestId: "req-accept",
    });
    expect(await getCard(w.caseworker, cardId)).toMatchObject({
      status: "accepted",
      statusLabel: "Godkänt",
    });

    expect(await acceptCard(w.caseworker, cardId)).toEqual({ kind: "notReturned" });
    expect(await askForCompletion(w.caseworker, cardId, "Mer")).toEqual({ kind: "notReturned" });
    expect(await submit(w.mentor, cardId, row.version)).toEqual({ kind: "locked" });
    expect(await cardRow(cardId)).toEqual(row);
  });

  it("asking for completion gives the school two new weeks and starts the reminders over", async () => {
    const { cardId } = await returnedCard();
    await db
      .insertInto("schoolCardReminders")
      .values([
        { schoolCardId: cardId, kind: "beforeDue" },
        { schoolCardId: cardId, kind: "onDue" },
      ])
      .execute();
    await askForCompletion(w.caseworker, cardId, "Ange betyg i matematik.", { today: day(30) });
    expect(await cardRow(cardId)).toMatchObject({
      status: "completionAsked",
      dueOn: addToDate(day(30), { days: COMPLETION_DAYS }),
    });
    const left = await db
      .selectFrom("schoolCardReminders")
      .select("kind")
      .where("schoolCardId", "=", cardId)
      .execute();
    expect(left).toEqual([]);
  });

  it("an accepted card is the file's: the school no longer reaches it", async () => {
    const { cardId } = await returnedCard();
    await acceptCard(w.caseworker, cardId);
    await expect(getCard(w.mentor, cardId)).rejects.toThrow(NotFoundError);
    await expect(cardAccess(w.mentor, cardId)).rejects.toThrow(NotFoundError);
    expect(await getCard(w.caseworker, cardId)).toMatchObject({ status: "accepted" });
  });

  it("is also the district manager's to do", async () => {
    const first = await returnedCard();
    expect(await acceptCard(w.manager, first.cardId)).toEqual({ kind: "accepted" });
    expect(await cardRow(first.cardId)).toMatchObject({ acceptedBy: w.manager.user.id });
    const second = await returnedCard();
    expect(await askForCompletion(w.manager, second.cardId, "Komplettera")).toEqual({
      kind: "asked",
    });
  });

  it("is 'notReturned' for a card still with the school, and changes nothing", async () => {
    const requested = await childWithCard(w);
    const inProgress = await childWithCard(w);
    await saveDraft(w.mentor, inProgress.cardId, draft(draftForm("80", "Maja")), 0);
    const asked = await returnedCard();
    expect(await askForCompletion(w.caseworker, asked.cardId, "Första")).toEqual({
      kind: "asked",
    });
    for (const { cardId } of [requested, inProgress, asked]) {
      const row = await cardRow(cardId);
      expect(await askForCompletion(w.caseworker, cardId, "Andra"), row.status).toEqual({
        kind: "notReturned",
      });
      expect(await acceptCard(w.caseworker, cardId), row.status).toEqual({
        kind: "notReturned",
      });
      expect(await cardRow(cardId)).toEqual(row);
    }
    expect((await cardRow(asked.cardId)).completionNote).toBe("Första");
  });
});

describe("outsiders", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  const notSchoolOrSocialServices: Who[] = [
    "mentorB",
    "principalB",
    "studentHealthB",
    "otherCaseworker",
    "otherManager",
    "intake",
    "admin",
    "educationManager",
  ];

  it("get NotFoundError from saveAnswers, askForCompletion, acceptCard and cardAccess, and change nothing", async () => {
    const open = await childWithCard(w);
    const returned = await childWithCard(w);
    expect(await submit(w.mentor, returned.cardId, 0)).toEqual({ kind: "submitted" });
    for (const { child, cardId } of [open, returned]) {
      const row = await cardRow(cardId);
      const events = await cardEvents(child.id);
      for (const who of [...notSchoolOrSocialServices, "colleague", "otherMentor"] as Who[]) {
        const actor = w[who];
        await expect(
          saveAnswers(actor, cardId, {
            answers: draft(draftForm("1", who)),
            version: row.version,
            submit: false,
          }),
          who,
        ).rejects.toThrow(NotFoundError);
        await expect(
          saveAnswers(actor, cardId, {
            answers: submitted(completeForm()),
            version: row.version,
            submit: true,
          }),
          who,
        ).rejects.toThrow(NotFoundError);
        await expect(askForCompletion(actor, cardId, "Mer"), who).rejects.toThrow(NotFoundError);
        await expect(acceptCard(actor, cardId), who).rejects.toThrow(NotFoundError);
        await expect(cardAccess(actor, cardId), who).rejects.toThrow(NotFoundError);
      }
      expect(await cardRow(cardId)).toEqual(row);
      expect(await cardEvents(child.id)).toEqual(events);
    }
  });

  it("include the school for the review: it can neither accept nor ask for completion", async () => {
    const { child, cardId } = await childWithCard(w);
    expect(await submit(w.mentor, cardId, 0)).toEqual({ kind: "submitted" });
    const row = await cardRow(cardId);
    const events = await cardEvents(child.id);
    for (const who of ["mentor", "principal", "studentHealth"] as const) {
      expect(await cardAccess(w[who], cardId), who).toEqual({
        side: "school",
        categories: CARD_CATEGORIES,
      });
      await expect(askForCompletion(w[who], cardId, "Mer"), who).rejects.toThrow(NotFoundError);
      await expect(acceptCard(w[who], cardId), who).rejects.toThrow(NotFoundError);
    }
    expect(await cardRow(cardId)).toEqual(row);
    expect(await cardEvents(child.id)).toEqual(events);
  });

  it("include social services for the answers: they cannot save them", async () => {
    const { child, cardId } = await childWithCard(w);
    for (const who of ["caseworker", "manager"] as const) {
      expect(await cardAccess(w[who], cardId), who).toEqual({
        side: "socialServices",
        categories: CARD_CATEGORIES,
      });
      for (const submit of [false, true]) {
        await expect(
          saveAnswers(w[who], cardId, {
            answers: submit ? submitted(completeForm()) : draft(draftForm("1", who)),
            version: 0,
            submit,
          }),
          who,
        ).rejects.toThrow(NotFoundError);
      }
    }
    expect(await cardRow(cardId)).toMatchObject({ status: "requested", version: 0, answers: {} });
    expect(await cardEvents(child.id)).toEqual([]);
  });

  it("and anyone, for a card that does not exist or a malformed id", async () => {
    for (const id of [randomUUID(), "inte-ett-id", ""]) {
      await expect(
        saveAnswers(w.principal, id, { answers: {}, version: 0, submit: false }),
      ).rejects.toThrow(NotFoundError);
      await expect(askForCompletion(w.caseworker, id, "Mer")).rejects.toThrow(NotFoundError);
      await expect(acceptCard(w.caseworker, id)).rejects.toThrow(NotFoundError);
      await expect(cardAccess(w.principal, id)).rejects.toThrow(NotFoundError);
      await expect(cardAccess(w.caseworker, id)).rejects.toThrow(NotFoundError);
    }
  });
});

describe("a consent revoked while the school is editing", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("makes saveAnswers NotFoundError and stops the card in the database, storing nothing", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    const version = await saveDraft(w.mentor, cardId, draft(draftForm("80", "Maja")), 0);
    const before = await cardRow(cardId);
    const events = await cardEvents(child.id);

    await revokeConsent(w.caseworker, child.id, consents.guardian2);
    await expect(
      saveAnswers(w.mentor, cardId, {
        answers: draft(draftForm("40", "Maja")),
        version,
        submit: false,
      }),
    ).rejects.toThrow(NotFoundError);

    const row = await cardRow(cardId);
    expect(row).toMatchObject({
      status: "stopped",
      version,
      answers: before.answers,
      savedAt: before.savedAt,
    });
    expect(row.stoppedAt).toBeInstanceOf(Date);
    expect(row.stoppedReason).toContain("återkallades");
    expect(await cardEvents(child.id)).toEqual(events);
    expect(await getCard(w.caseworker, cardId)).toMatchObject({ status: "stopped" });
    await expect(getCard(w.mentor, cardId)).rejects.toThrow(NotFoundError);
  });

  it("makes a submission NotFoundError too", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await getCard(w.mentor, cardId);
    await revokeConsent(w.caseworker, child.id, consents.child);
    await expect(submit(w.mentor, cardId, 0)).rejects.toThrow(NotFoundError);
    expect(await cardRow(cardId)).toMatchObject({
      status: "stopped",
      version: 0,
      answers: {},
      submittedAt: null,
    });
  });

  it("hides the card from the school's cardAccess once stopped", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await revokeConsent(w.caseworker, child.id, consents.guardian1);
    await expect(getCard(w.principal, cardId)).rejects.toThrow(NotFoundError);
    expect((await cardRow(cardId)).status).toBe("stopped");
    await expect(cardAccess(w.mentor, cardId)).rejects.toThrow(NotFoundError);
    expect(await cardAccess(w.caseworker, cardId)).toMatchObject({ side: "socialServices" });
  });

  it("keeps the school out once social services' list has stopped the card first", async () => {
    const { child, consents, cardId } = await childWithCard(w);
    await getCard(w.mentor, cardId);
    await revokeConsent(w.caseworker, child.id, consents.guardian1);
    // The caseworker looks at their list right after revoking: that stops the card.
    expect(
      (await listCardsForSocialServices(w.caseworker)).items.find((c) => c.id === cardId),
    ).toMatchObject({ status: "stopped" });
    const stopped = await cardRow(cardId);
    expect(stopped.status).toBe("stopped");
    // The school, still editing, posts: the action's scope check says the card does not exist,
    // and nothing the school sends is stored.
    await expect(cardAccess(w.mentor, cardId)).rejects.toThrow(NotFoundError);
    await saveAnswers(w.mentor, cardId, {
      answers: draft(draftForm("40", "Maja")),
      version: 0,
      submit: false,
    }).catch((error: unknown) => expect(error).toBeInstanceOf(NotFoundError));
    expect(await cardRow(cardId)).toEqual(stopped);
    expect(await cardEvents(child.id)).toEqual([]);
  });
});
