/**
 * The annual cycle (årshjul, issue 6) against the real database: planning only for the
 * caseworker's own children, and the daily job: nothing before the send date; on or after it a
 * card requested (with its e-mail) where consent allows, 'refused' with the gate's reason where
 * it does not, 'duplicate' when the term already has a card, nothing more on a second run, and
 * nothing for a cancelled row.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import {
  cancelScheduled,
  defaultSendDates,
  listSchedule,
  scheduleCards,
  sendDueSchoolCards,
} from "~/modules/school-cards/schedule.server";
import { requestSchoolCard } from "~/modules/school-cards/school-cards.server";
import { createActor } from "../helpers/factories";
import {
  districtWithStaff,
  schoolWithStaff,
  childOf,
  consentFromAll,
  type Child,
} from "../helpers/worlds";

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });
/** Noon in Stockholm (about) on a YYYY-MM-DD. */
const at = (date: string) => new Date(`${date}T10:00:00Z`);

const NO_CONSENT = "Samtycke saknas från vårdnadshavare 1, vårdnadshavare 2 och barnet.";

async function world() {
  const { district, ...ours } = await districtWithStaff({
    staff: { caseworker: "caseworker", colleague: "caseworker" },
  });
  const { otherCaseworker } = await districtWithStaff({ staff: { otherCaseworker: "caseworker" } });
  const { school, principal } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal" },
  });
  return { district, school, ...ours, otherCaseworker, principal };
}

type World = Awaited<ReturnType<typeof world>>;

function newChild(w: World, caseworkerUserId = w.caseworker.user.id) {
  return childOf(w.caseworker, { schoolId: w.school.id, caseworkerUserId });
}

/** Consent from both guardians and the child (all three are needed at 16–17), for 300 days. */
async function consentToCards(w: World, child: Child) {
  await consentFromAll(w.caseworker, child.id, { schoolId: w.school.id, validTo: day(300) });
}

async function scheduleRow(childId: string, term: string) {
  return db
    .selectFrom("schoolCardSchedules")
    .selectAll()
    .where("childId", "=", childId)
    .where("term", "=", term)
    .executeTakeFirst();
}
async function cardsOf(childId: string) {
  return db.selectFrom("schoolCards").selectAll().where("childId", "=", childId).execute();
}
async function requestEmailCount() {
  const rows = await db
    .selectFrom("emails")
    .select("id")
    .where("template", "=", "schoolCardRequested")
    .execute();
  return rows.length;
}

describe("default send dates", () => {
  it("are the next two terms' 15 September and 15 February", () => {
    expect(defaultSendDates("2026-05-04")).toEqual([
      { term: "HT2026", sendOn: "2026-09-15" },
      { term: "VT2027", sendOn: "2027-02-15" },
    ]);
    expect(defaultSendDates("2026-09-15")[0]).toEqual({ term: "HT2026", sendOn: "2026-09-15" });
    expect(defaultSendDates("2026-10-01")).toEqual([
      { term: "VT2027", sendOn: "2027-02-15" },
      { term: "HT2027", sendOn: "2027-09-15" },
    ]);
    expect(defaultSendDates("2027-01-10")[0]).toEqual({ term: "VT2027", sendOn: "2027-02-15" });
  });
});

describe("planning", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("plans for the caseworker's own children, once per child and term, and logs each", async () => {
    const a = await newChild(w);
    const b = await newChild(w);
    const terms = [{ term: "HT2030", sendOn: day(10) }];
    expect(await scheduleCards(w.caseworker, { childIds: [a.id, b.id], terms })).toEqual({
      planned: 2,
    });
    // Again, with another date: moved, not doubled.
    await scheduleCards(w.caseworker, {
      childIds: [a.id],
      terms: [{ ...terms[0]!, sendOn: day(12) }],
    });
    expect(await scheduleRow(a.id, "HT2030")).toMatchObject({ sendOn: day(12), sentAt: null });
    const events = await db
      .selectFrom("auditEvents")
      .select(["childId", "action"])
      .where("recordType", "=", "schoolCardSchedule")
      .where("childId", "in", [a.id, b.id])
      .execute();
    expect(events).toHaveLength(3);
    const listed = await listSchedule(w.caseworker);
    expect(listed.filter((r) => r.childId === a.id || r.childId === b.id)).toHaveLength(2);
    expect(listed.every((r) => r.outcomeLabel === "Planerat")).toBe(true);
  });

  it("refuses another caseworker's child (NotFoundError) and plans nothing", async () => {
    const own = await newChild(w);
    const colleagues = await newChild(w, w.colleague.user.id);
    await expect(
      scheduleCards(w.caseworker, {
        childIds: [own.id, colleagues.id],
        terms: [{ term: "HT2030", sendOn: day(10) }],
      }),
    ).rejects.toThrow(NotFoundError);
    expect(await scheduleRow(own.id, "HT2030")).toBeUndefined();
    await expect(
      scheduleCards(w.otherCaseworker, {
        childIds: [own.id],
        terms: [{ term: "HT2030", sendOn: day(10) }],
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      scheduleCards(w.principal, {
        childIds: [own.id],
        terms: [{ term: "HT2030", sendOn: day(10) }],
      }),
    ).rejects.toThrow(NotFoundError);
    expect(await listSchedule(w.otherCaseworker)).toEqual([]);
  });
});

describe("the daily job", () => {
  let w: World;
  let withConsent: Child;
  let withoutConsent: Child;
  let alreadyCarded: Child;
  let cancelled: Child;
  const sendOn = day(5);
  const term = "VT2031";

  beforeAll(async () => {
    w = await world();
    withConsent = await newChild(w);
    withoutConsent = await newChild(w);
    alreadyCarded = await newChild(w);
    cancelled = await newChild(w);
    await consentToCards(w, withConsent);
    await consentToCards(w, alreadyCarded);
    await consentToCards(w, cancelled);
    const existing = await requestSchoolCard(w.caseworker, alreadyCarded.id, {
      term,
      dueOn: day(21),
      schoolId: w.school.id,
      mentorUserId: null,
      message: null,
    });
    expect(existing.kind).toBe("requested");
    await scheduleCards(w.caseworker, {
      childIds: [withConsent.id, withoutConsent.id, alreadyCarded.id, cancelled.id],
      terms: [{ term, sendOn }],
    });
    const row = await scheduleRow(cancelled.id, term);
    expect(await cancelScheduled(w.caseworker, row!.id)).toBe("cancelled");
  });

  it("does nothing before the send date", async () => {
    const emails = await requestEmailCount();
    const counts = await sendDueSchoolCards(at(day(4)));
    expect(counts).toEqual({ requested: 0, refused: 0, duplicate: 0, skipped: 0 });
    expect(await cardsOf(withConsent.id)).toEqual([]);
    expect((await scheduleRow(withConsent.id, term))?.sentAt).toBeNull();
    expect(await requestEmailCount()).toBe(emails);
  });

  it("on the send date requests, refuses with the reason, and sees a duplicate; once", async () => {
    const emails = await requestEmailCount();
    const counts = await sendDueSchoolCards(at(sendOn));
    expect(counts).toMatchObject({ requested: 1, refused: 1, duplicate: 1 });

    const cards = await cardsOf(withConsent.id);
    expect(cards).toMatchObject([
      {
        term,
        schoolId: w.school.id,
        dueOn: addToDate(sendOn, { days: 21 }),
        requestedBy: w.caseworker.user.id,
      },
    ]);
    expect(await scheduleRow(withConsent.id, term)).toMatchObject({
      outcome: "requested",
      schoolCardId: cards[0]!.id,
      sentAt: at(sendOn),
    });
    expect(await requestEmailCount()).toBeGreaterThan(emails);

    expect(await scheduleRow(withoutConsent.id, term)).toMatchObject({
      outcome: "refused",
      outcomeNote: NO_CONSENT,
      schoolCardId: null,
    });
    expect(await cardsOf(withoutConsent.id)).toEqual([]);

    const carded = await cardsOf(alreadyCarded.id);
    expect(carded).toHaveLength(1);
    expect(await scheduleRow(alreadyCarded.id, term)).toMatchObject({
      outcome: "duplicate",
      schoolCardId: carded[0]!.id,
    });

    expect(await scheduleRow(cancelled.id, term)).toBeUndefined();
    expect(await cardsOf(cancelled.id)).toEqual([]);

    const labels = (await listSchedule(w.caseworker)).map((r) => [r.childId, r.outcomeLabel]);
    expect(labels).toEqual(
      expect.arrayContaining([
        [withConsent.id, "Begärt"],
        [withoutConsent.id, `Inte begärt: ${NO_CONSENT}`],
      ]),
    );

    // A second run, the same day or later, sends nothing more.
    const after = await requestEmailCount();
    expect(await sendDueSchoolCards(at(day(6)))).toEqual({
      requested: 0,
      refused: 0,
      duplicate: 0,
      skipped: 0,
    });
    expect(await cardsOf(withConsent.id)).toHaveLength(1);
    expect(await requestEmailCount()).toBe(after);
    // Sent rows cannot be cancelled, nor planned again.
    const sent = await scheduleRow(withConsent.id, term);
    expect(await cancelScheduled(w.caseworker, sent!.id)).toBe("alreadySent");
    await scheduleCards(w.caseworker, {
      childIds: [withConsent.id],
      terms: [{ term, sendOn: day(9) }],
    });
    expect(await scheduleRow(withConsent.id, term)).toMatchObject({ sendOn, outcome: "requested" });
  });

  it("skips, with a note, when the child's caseworker no longer works in the district", async () => {
    const leaver = await createActor(w.district.id, "caseworker");
    const child = await newChild(w, leaver.user.id);
    await scheduleCards(leaver, {
      childIds: [child.id],
      terms: [{ term: "HT2031", sendOn: day(1) }],
    });
    await db
      .updateTable("memberships")
      .set({ endedAt: new Date() })
      .where("id", "=", leaver.membership.id)
      .execute();
    await sendDueSchoolCards(at(day(1)));
    expect(await scheduleRow(child.id, "HT2031")).toMatchObject({
      outcome: "skipped",
      outcomeNote: expect.stringContaining("handläggare") as unknown as string,
    });
  });
});
