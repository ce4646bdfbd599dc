/**
 * The gate every disclosure calls: loads the facts about the child (birth date, custody,
 * consents, legal bases, maturity) and asks policy.ts whether a category may pass.
 */
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { loadChild } from "~/modules/children/children.server";
import { db } from "../../../db/client.server";
import {
  decideDisclosure,
  type ConsentRecord,
  type DisclosureCategory,
  type DisclosureChild,
  type DisclosureDecision,
  type DisclosureParty,
  type LegalBasisRecord,
} from "./policy";
import { consentAgeOf, UUID, type Executor } from "./shared.server";

// ---------------------------------------------------------------------------------------------
// The gate
// ---------------------------------------------------------------------------------------------

/** What the gate knows about one child: birth date and custody, consents, legal bases. */
export interface DisclosureFacts {
  child: DisclosureChild;
  consents: ConsentRecord[];
  legalBases: LegalBasisRecord[];
}

/** The child's birth date (from the identity number), custody, consents and legal bases. */
export async function loadDisclosureFacts(
  executor: Executor,
  childId: string,
): Promise<DisclosureFacts> {
  const facts = (await loadDisclosureFactsMany(executor, [childId])).get(childId);
  if (!facts) throw new NotFoundError();
  return facts;
}

/**
 * The facts for many children in four statements whatever their number (a list of cards asks
 * the gate for every card on it): the children, their consents, their legal bases and each
 * one's latest maturity assessment. A child that does not exist is missing from the map.
 */
export async function loadDisclosureFactsMany(
  executor: Executor,
  childIds: readonly string[],
): Promise<Map<string, DisclosureFacts>> {
  const ids = [...new Set(childIds)];
  const facts = new Map<string, DisclosureFacts>();
  if (ids.length === 0) return facts;
  const [children, consents, legalBases, maturity] = await Promise.all([
    executor
      .selectFrom("children")
      .select(["id", "personalIdentityNumber", "guardians", "soleCustodian"])
      .where("id", "in", ids)
      .execute(),
    executor.selectFrom("consents").selectAll().where("childId", "in", ids).execute(),
    executor.selectFrom("legalBases").selectAll().where("childId", "in", ids).execute(),
    // The latest assessment per child, ordered as latestMaturityAssessment orders them.
    executor
      .selectFrom("maturityAssessments")
      .distinctOn("childId")
      .select(["childId", "mature"])
      .where("childId", "in", ids)
      .orderBy("childId")
      .orderBy("assessedAt", "desc")
      .orderBy("id", "desc")
      .execute(),
  ]);
  const matureByChild = new Map(maturity.map((m) => [m.childId, m.mature]));
  for (const child of children) {
    const parsed = parsePersonalIdentityNumber(child.personalIdentityNumber);
    if (!parsed.ok) throw new Error("A stored identity number no longer parses.");
    facts.set(child.id, {
      child: {
        id: child.id,
        birthDate: parsed.birthDate,
        custody: { guardians: child.guardians, soleCustodian: child.soleCustodian },
        matureForOwnConsent: matureByChild.get(child.id) ?? false,
      },
      consents: [],
      legalBases: [],
    });
  }
  for (const c of consents) {
    facts.get(c.childId)?.consents.push({
      id: c.id,
      childId: c.childId,
      givenBy: c.givenBy,
      method: c.method,
      categories: c.categories,
      districtId: c.districtId,
      schoolId: c.schoolId,
      validFrom: c.validFrom,
      validTo: c.validTo,
      revokedAt: c.revokedAt,
    });
  }
  for (const b of legalBases) {
    facts.get(b.childId)?.legalBases.push({
      id: b.id,
      childId: b.childId,
      basisCode: b.basisCode,
      categories: b.categories,
      districtId: b.districtId,
      schoolId: b.schoolId,
      direction: b.direction,
      recordedBy: b.recordedBy,
      recordedAt: b.recordedAt,
      secrecyAssessment: b.secrecyAssessment,
      validTo: b.validTo,
      endedOn: b.endedAt ? stockholmDate(b.endedAt) : null,
    });
  }
  return facts;
}

export async function latestMaturityAssessment(executor: Executor, childId: string) {
  return executor
    .selectFrom("maturityAssessments as m")
    .innerJoin("users as u", "u.id", "m.assessedBy")
    .select(["m.id", "m.mature", "m.motivation", "m.assessedAt", "u.name as assessedByName"])
    .where("m.childId", "=", childId)
    .orderBy("m.assessedAt", "desc")
    .orderBy("m.id", "desc")
    .executeTakeFirst();
}

/**
 * The one question every disclosure asks first: may information in this category about this
 * child pass from the actor's organisation to the receiving one today? Yes with the basis, or no
 * with the reason in Swedish.
 *
 * The actor discloses for their own organisation. A social-services actor must be someone who may
 * open the child (its caseworker or the district manager); a school actor may only disclose to the
 * child's own district. Anyone else: NotFoundError, as for a child that does not exist. (School
 * cards and reports will narrow the school side to a matter addressed to that school.)
 */
export async function checkDisclosure(
  actor: Actor,
  input: {
    childId: string;
    receiving: DisclosureParty;
    category: DisclosureCategory;
    today?: string;
    childConsentAge?: number;
  },
): Promise<DisclosureDecision> {
  if (!UUID.test(input.childId)) throw new NotFoundError();
  const kind = actor.membership.organisationKind;
  if (kind !== "district" && kind !== "school") throw new NotFoundError();
  if (kind === "district") {
    await loadChild(actor, input.childId, db);
  } else {
    const child = await db
      .selectFrom("children")
      .select("districtId")
      .where("id", "=", input.childId)
      .executeTakeFirst();
    if (
      !child ||
      input.receiving.kind !== "district" ||
      input.receiving.organisationId !== child.districtId
    )
      throw new NotFoundError();
  }
  return decideDisclosureFor(db, {
    ...input,
    from: { organisationId: actor.membership.organisationId, kind },
  });
}

export interface AllowedCategoriesInput {
  childId: string;
  from: DisclosureParty;
  receiving: DisclosureParty;
  categories: readonly DisclosureCategory[];
  today?: string;
}

export interface AllowedCategoriesResult {
  allowed: DisclosureCategory[];
  refusal: string | null;
  bases: Partial<Record<DisclosureCategory, DisclosureDecision>>;
}

/**
 * The gate for several categories at once (one load of the facts), for a module that has scoped
 * the child itself: which of `categories` may pass between the district and the school today,
 * and the reason for the first that may not. The one-question form of allowedCategoriesMany.
 */
export async function allowedCategories(
  executor: Executor,
  input: AllowedCategoriesInput,
): Promise<AllowedCategoriesResult> {
  const [result] = await allowedCategoriesMany(executor, [input]);
  return result!;
}

/**
 * The same gate for many questions at once (a list of cards, each about a child, a district and
 * a school), answered in order from one load of every child's facts: a constant number of
 * statements however long the list. A child that does not exist is NotFoundError, as for one.
 */
export async function allowedCategoriesMany(
  executor: Executor,
  inputs: readonly AllowedCategoriesInput[],
): Promise<AllowedCategoriesResult[]> {
  const facts = await loadDisclosureFactsMany(
    executor,
    inputs.map((input) => input.childId),
  );
  const fallbackToday = stockholmDate(new Date());
  return inputs.map((input) => {
    const childFacts = facts.get(input.childId);
    if (!childFacts) throw new NotFoundError();
    const today = input.today ?? fallbackToday;
    const bases: Partial<Record<DisclosureCategory, DisclosureDecision>> = {};
    let refusal: string | null = null;
    const allowed: DisclosureCategory[] = [];
    for (const category of input.categories) {
      const decision = decideDisclosure({
        ...childFacts,
        from: input.from,
        receiving: input.receiving,
        category,
        today,
        childConsentAge: consentAgeOf({}),
      });
      bases[category] = decision;
      if (decision.allowed) allowed.push(category);
      else refusal ??= decision.reason;
    }
    return { allowed, refusal, bases };
  });
}

/**
 * The gate without the actor: for a module that has already established, in its own scoped
 * query, that the disclosing organisation acts on this child (and for tests of the facts).
 */
export async function decideDisclosureFor(
  executor: Executor,
  input: {
    childId: string;
    from: DisclosureParty;
    receiving: DisclosureParty;
    category: DisclosureCategory;
    today?: string;
    childConsentAge?: number;
  },
): Promise<DisclosureDecision> {
  const facts = await loadDisclosureFacts(executor, input.childId);
  return decideDisclosure({
    ...facts,
    from: input.from,
    receiving: input.receiving,
    category: input.category,
    today: input.today ?? stockholmDate(new Date()),
    childConsentAge: consentAgeOf(input),
  });
}
