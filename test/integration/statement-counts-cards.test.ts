/**
 * Issue 15: a list costs a constant number of SQL statements, whatever its length. The school's
 * cards waiting for it, social services' cards and the children list are each built with 5 and
 * with 50 items (cards with consent, so the gate admits them, and some whose consent was revoked
 * since, so the gate stops them), and the statements each list runs are counted and compared.
 * The rows must stay right too: the same cards in the same order, refused ones stopped, and one
 * audit row per item read (written in the one statement the equal counts leave room for).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { countStatements } from "~/lib/request-scope.server";
import { listChildren, listChildrenPage } from "~/modules/children/children.server";
import { recordConsent, revokeConsent } from "~/modules/consent/consent.server";
import { consentSchema } from "~/modules/consent/schema";
import {
  listCardsForSchool,
  listCardsForSocialServices,
  requestSchoolCard,
} from "~/modules/school-cards/school-cards.server";
import {
  createActor,
  createChild,
  createChildWithIdentityNumber,
  createDistrict,
  createSchool,
} from "../helpers/factories";

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });
const TERMS = ["HT2026", "VT2027"] as const;

/**
 * A district, a school and a caseworker with `cards` cards to that school: two terms for each
 * child (adults, whose own consent is the one needed), every one with consent when requested.
 * The consents of `refused` children are then revoked, so the gate stops their cards at the
 * next look.
 */
async function cardWorld(cards: number, refused: number) {
  const district = await createDistrict();
  const school = await createSchool({ districtId: district.id });
  const caseworker = await createActor(district.id, "caseworker");
  const principal = await createActor(school.id, "principal");
  const children: { id: string; consentId: string; cardIds: string[] }[] = [];
  for (let made = 0; made < cards;) {
    const child = await createChildWithIdentityNumber({
      districtId: district.id,
      caseworkerUserId: caseworker.user.id,
      schoolId: school.id,
      age: "adult",
      firstName: "Signe",
      lastName: `Lövgren${randomUUID().slice(0, 6)}`,
    });
    const consent = await recordConsent(
      caseworker,
      child.id,
      consentSchema.parse({
        givenBy: "child",
        giverName: "Barnet självt",
        method: "oral",
        obtainedOn: today,
        categories: ["attendance", "results"],
        schoolId: school.id,
        validFrom: day(-30),
        validTo: day(200),
      }),
      null,
    );
    if (consent.kind !== "recorded") throw new Error(`consent: ${JSON.stringify(consent)}`);
    const cardIds: string[] = [];
    for (const term of TERMS.slice(0, Math.min(TERMS.length, cards - made))) {
      const result = await requestSchoolCard(caseworker, child.id, {
        term,
        dueOn: day(21),
        schoolId: school.id,
        mentorUserId: null,
        message: null,
      });
      if (result.kind !== "requested") throw new Error(`request: ${JSON.stringify(result)}`);
      cardIds.push(result.cardId);
      made++;
    }
    children.push({ id: child.id, consentId: consent.consentId, cardIds });
  }
  const revoked = children.slice(0, refused);
  for (const child of revoked) await revokeConsent(caseworker, child.id, child.consentId);
  return {
    caseworker,
    principal,
    children,
    refusedCardIds: new Set(revoked.flatMap((c) => c.cardIds)),
  };
}

async function cardReads(requestId: string) {
  return db
    .selectFrom("auditEvents")
    .select(["recordId", "childId", "action", "recordType", "actorUserId"])
    .where("requestId", "=", requestId)
    .execute();
}

describe("the card lists run as many statements for 50 cards as for 5", () => {
  let small: Awaited<ReturnType<typeof cardWorld>>;
  let large: Awaited<ReturnType<typeof cardWorld>>;
  beforeAll(async () => {
    small = await cardWorld(5, 1);
    large = await cardWorld(50, 4);
  }, 120_000);

  it("social services' list: the gate asked once for all, the refused cards stopped at once", async () => {
    const runs = [];
    for (const w of [small, large]) {
      const requestId = `req-social-${randomUUID()}`;
      const run = await countStatements(() =>
        listCardsForSocialServices(w.caseworker, { requestId, today }),
      );
      runs.push(run.statements);
      const page = run.result;
      const cardCount = w.children.reduce((n, c) => n + c.cardIds.length, 0);
      expect(page.total).toBe(cardCount);
      expect(page.items).toHaveLength(cardCount);
      // Newest first, as requested one after the other.
      const requested = w.children.flatMap((c) => c.cardIds);
      expect(page.items.map((c) => c.id)).toEqual([...requested].reverse());
      for (const item of page.items) {
        expect(item.status, item.id).toBe(w.refusedCardIds.has(item.id) ? "stopped" : "requested");
      }
      const stopped = await db
        .selectFrom("schoolCards")
        .select(["id", "stoppedReason"])
        .where("status", "=", "stopped")
        .where("id", "in", requested)
        .execute();
      expect(new Set(stopped.map((s) => s.id))).toEqual(w.refusedCardIds);
      for (const s of stopped) expect(s.stoppedReason).toContain(`återkallades ${today}`);
      // Every card shown is logged as read, on its child.
      const reads = await cardReads(requestId);
      expect(reads).toHaveLength(cardCount);
      for (const read of reads) {
        expect(read).toMatchObject({
          action: "read",
          recordType: "schoolCard",
          actorUserId: w.caseworker.user.id,
        });
      }
      expect(new Set(reads.map((r) => r.recordId))).toEqual(new Set(requested));
    }
    expect(runs[1]).toBe(runs[0]);
  });

  it("the school's list: the cards still allowed, oldest first, each logged as read", async () => {
    // Revoke one more child's consent in each world, so that this list too stops a card.
    for (const w of [small, large]) {
      const child = w.children.at(-1)!;
      await revokeConsent(w.caseworker, child.id, child.consentId);
      for (const id of child.cardIds) w.refusedCardIds.add(id);
    }
    const runs = [];
    for (const w of [small, large]) {
      const requestId = `req-school-${randomUUID()}`;
      const run = await countStatements(() =>
        listCardsForSchool(w.principal, { requestId, today }),
      );
      runs.push(run.statements);
      const expected = w.children
        .flatMap((c) => c.cardIds)
        .filter((id) => !w.refusedCardIds.has(id));
      expect(run.result.map((c) => c.id)).toEqual(expected);
      const reads = await cardReads(requestId);
      expect(reads.map((r) => r.recordId).sort()).toEqual([...expected].sort());
      for (const read of reads) {
        expect(read).toMatchObject({
          action: "read",
          recordType: "schoolCard",
          actorUserId: w.principal.user.id,
        });
      }
      const last = w.children.at(-1)!;
      const stopped = await db
        .selectFrom("schoolCards")
        .select("status")
        .where("id", "in", last.cardIds)
        .execute();
      expect(stopped.map((s) => s.status)).toEqual(last.cardIds.map(() => "stopped"));
    }
    expect(runs[1]).toBe(runs[0]);
  });

  it("a page of social services' list is bounded, with the total counted in SQL", async () => {
    const run = await countStatements(() =>
      listCardsForSocialServices(large.caseworker, { today }, { page: 2, pageSize: 20 }),
    );
    const requested = large.children.flatMap((c) => c.cardIds).reverse();
    expect(run.result).toMatchObject({ total: 50, page: 2, pageCount: 3 });
    expect(run.result.items.map((c) => c.id)).toEqual(requested.slice(20, 40));
    // A page past the end shows the last one.
    const last = await listCardsForSocialServices(
      large.caseworker,
      { today },
      { page: 99, pageSize: 20 },
    );
    expect(last.page).toBe(3);
    expect(last.items.map((c) => c.id)).toEqual(requested.slice(40));
  });
});

describe("the children list runs as many statements for 50 children as for 5", () => {
  async function childWorld(count: number) {
    const district = await createDistrict();
    const caseworker = await createActor(district.id, "caseworker");
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const child = await createChild({
        districtId: district.id,
        caseworkerUserId: caseworker.user.id,
      });
      ids.push(child.id);
    }
    return { caseworker, ids };
  }

  it("lists and logs every child on the page in a constant number of statements", async () => {
    const runs = [];
    for (const count of [5, 50]) {
      const w = await childWorld(count);
      const requestId = `req-children-${randomUUID()}`;
      const run = await countStatements(() => listChildrenPage(w.caseworker, { requestId }));
      runs.push(run.statements);
      expect(run.result).toMatchObject({ total: count, page: 1, pageCount: 1 });
      expect(new Set(run.result.items.map((c) => c.id))).toEqual(new Set(w.ids));
      const reads = await db
        .selectFrom("auditEvents")
        .select(["recordId", "action", "recordType"])
        .where("requestId", "=", requestId)
        .execute();
      expect(reads.map((r) => r.recordId).sort()).toEqual([...w.ids].sort());
      expect(new Set(reads.map((r) => `${r.action}:${r.recordType}`))).toEqual(
        new Set(["read:child"]),
      );
    }
    expect(runs[1]).toBe(runs[0]);
  });

  it("a page holds the children the whole list holds at those places, and logs only them", async () => {
    const w = await childWorld(45);
    const whole = (await listChildren(w.caseworker)).map((c) => c.id);
    const requestId = `req-children-page-${randomUUID()}`;
    const page = await listChildrenPage(w.caseworker, { requestId }, { page: 2, pageSize: 20 });
    expect(page).toMatchObject({ total: 45, page: 2, pageCount: 3 });
    expect(page.items.map((c) => c.id)).toEqual(whole.slice(20, 40));
    const reads = await db
      .selectFrom("auditEvents")
      .select("recordId")
      .where("requestId", "=", requestId)
      .execute();
    expect(reads.map((r) => r.recordId).sort()).toEqual(whole.slice(20, 40).sort());
  });
});
