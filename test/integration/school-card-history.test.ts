/**
 * A child's school-card history (issue 6) and the PDF export against the real database: every
 * card ordered by term with attendance and goals reached, the read logged on the child; outsiders
 * get NotFoundError. The PDF only for social services and only for a returned or accepted card,
 * with the export logged.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { exportSchoolCardPdf } from "~/modules/school-cards/export.server";
import { childCardHistory, termOrder } from "~/modules/school-cards/history.server";
import { districtWithStaff, schoolWithStaff, consentedChild, requestCard } from "../helpers/worlds";

function answers(presentPercent: number, goals: ("reached" | "notReached" | "notAssessed")[]) {
  const subjects = ["SV", "MA", "EN"].map((subject, i) => ({ subject, goals: goals[i] }));
  return {
    attendance: {
      presentPercent,
      unexcusedAbsence: { amount: 4, unit: "hours" },
      absencePeriods: [],
    },
    knowledge: { subjects, swimming: "canSwim", educationalAssessment: "notNeeded" },
    filledBy: { name: "Maja Mentor", role: "Mentor" },
  };
}

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const { district, ...ours } = await districtWithStaff({
    staff: { caseworker: "caseworker", manager: "districtManager", colleague: "caseworker" },
  });
  const { caseworker } = ours;
  const { otherManager } = await districtWithStaff({ staff: { otherManager: "districtManager" } });
  const { school, principal } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal" },
  });
  const { child } = await consentedChild(caseworker, { schoolId: school.id });
  const cards: Record<string, string> = {};
  // Requested out of order: the history sorts by term, not by when they were asked.
  for (const term of ["VT2026", "HT2025", "HT2026"]) {
    cards[term] = (await requestCard(caseworker, child.id, { term, schoolId: school.id })).cardId;
  }
  const answer = async (term: string, status: "returned" | "accepted", body: object) =>
    db
      .updateTable("schoolCards")
      .set({
        status,
        answers: JSON.stringify(body),
        submittedAt: new Date(),
        ...(status === "accepted" ? { acceptedAt: new Date() } : {}),
      })
      .where("id", "=", cards[term]!)
      .execute();
  await answer("HT2025", "accepted", answers(81, ["reached", "notReached", "notAssessed"]));
  await answer("VT2026", "returned", answers(93.5, ["reached", "reached", "notReached"]));
  return { district, school, child, cards, ...ours, otherManager, principal };
}

beforeAll(async () => {
  w = await world();
});

describe("termOrder", () => {
  it("orders by year, spring before autumn", () => {
    const terms = ["HT2026", "VT2026", "HT2025", "VT2027"];
    expect([...terms].sort((a, b) => termOrder(a) - termOrder(b))).toEqual([
      "HT2025",
      "VT2026",
      "HT2026",
      "VT2027",
    ]);
  });
});

describe("childCardHistory", () => {
  it("gives every card ordered by term, with attendance and goals for the answered ones", async () => {
    const history = await childCardHistory(w.caseworker, w.child.id, { requestId: "req-hist" });
    expect(history.child.name).toBe(`${w.child.firstName} ${w.child.lastName}`);
    expect(history.child.maskedIdentityNumber).toMatch(/^\d{8}-XXXX$/);
    expect(
      history.cards.map((c) => [c.term, c.status, c.presentPercent, c.goals, c.schoolName]),
    ).toEqual([
      ["HT2025", "accepted", 81, { reached: 1, assessed: 2 }, w.school.name],
      ["VT2026", "returned", 93.5, { reached: 2, assessed: 3 }, w.school.name],
      ["HT2026", "requested", null, null, w.school.name],
    ]);
    expect(history.cards.map((c) => c.id)).toEqual([
      w.cards.HT2025,
      w.cards.VT2026,
      w.cards.HT2026,
    ]);

    const events = await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("requestId", "=", "req-hist")
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "read",
      recordType: "child",
      recordId: w.child.id,
      childId: w.child.id,
      purpose: "Skolkortshistorik",
      actorUserId: w.caseworker.user.id,
    });
  });

  it("is open to the district manager", async () => {
    const history = await childCardHistory(w.manager, w.child.id);
    expect(history.cards).toHaveLength(3);
  });

  it.each(["colleague", "otherManager", "principal"] as const)(
    "is NotFoundError for an outsider (%s)",
    async (who) => {
      await expect(childCardHistory(w[who] as Actor, w.child.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(childCardHistory(w[who] as Actor, randomUUID())).rejects.toBeInstanceOf(
        NotFoundError,
      );
    },
  );
});

describe("exportSchoolCardPdf", () => {
  it("exports an answered card to social services and logs the export", async () => {
    const pdf = await exportSchoolCardPdf(w.caseworker, w.cards.VT2026!, { requestId: "req-pdf" });
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(pdf.fileName).toBe("skolkort-VT2026.pdf");
    const events = await db
      .selectFrom("auditEvents")
      .select(["action", "recordType", "recordId", "childId"])
      .where("requestId", "=", "req-pdf")
      .orderBy("occurredAt")
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual(["export", "read"]);
    for (const e of events) expect(e).toMatchObject({ childId: w.child.id });

    const managers = await exportSchoolCardPdf(w.manager, w.cards.HT2025!);
    expect(managers.fileName).toBe("skolkort-HT2025.pdf");
  });

  it("is NotFoundError for a card not yet answered, and for the school and outsiders", async () => {
    await expect(exportSchoolCardPdf(w.caseworker, w.cards.HT2026!)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const who of [w.principal, w.colleague, w.otherManager]) {
      await expect(exportSchoolCardPdf(who, w.cards.VT2026!)).rejects.toBeInstanceOf(NotFoundError);
    }
    // The school's attempt on a new card leaves no trace: it is not marked opened.
    await expect(exportSchoolCardPdf(w.principal, w.cards.HT2026!)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const card = await db
      .selectFrom("schoolCards")
      .select("status")
      .where("id", "=", w.cards.HT2026!)
      .executeTakeFirstOrThrow();
    expect(card.status).toBe("requested");
  });
});
