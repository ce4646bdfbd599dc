/**
 * The gate every disclosure calls: loads the facts about the child (birth date, custody,
 * consents, legal bases, maturity) and asks policy.ts whether a category may pass.
 */
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { loadChild } from "~/modules/children/children.server";
import { sql } from "kysely";
import { db } from "~db/client.server";
import {
  decideDisclosure,
  type ConsentRecord,
  type DisclosureCategory,
  type DisclosureChild,
  type DisclosureDecision,
  type DisclosureParty,
  type LegalBasisRecord,
} from "./policy";
import { consentAgeOf, type Executor } from "./shared.server";
import { UUID } from "~/lib/uuid";

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
 * The facts for many children in one statement whatever their number (a list of cards asks the
 * gate for every card on it): each child with its consents and legal bases as JSON and its latest
 * maturity assessment. A child that does not exist is missing from the map.
 */
async function loadDisclosureFactsMany(
  executor: Executor,
  childIds: readonly string[],
): Promise<Map<string, DisclosureFacts>> {
  const ids = [...new Set(childIds)];
  const facts = new Map<string, DisclosureFacts>();
  if (ids.length === 0) return facts;
  const children = await executor
    .selectFrom("children as c")
    .select([
      "c.id",
      "c.personalIdentityNumber",
      "c.guardians",
      "c.soleCustodian",
      // The latest assessment, ordered as latestMaturityAssessment orders them.
      sql<boolean | null>`(select m.mature from maturity_assessments m where m.child_id = c.id
        order by m.assessed_at desc, m.id desc limit 1)`.as("mature"),
      sql<ConsentJson[]>`coalesce((select json_agg(json_build_object(
          'id', k.id, 'givenBy', k.given_by, 'method', k.method, 'categories', k.categories,
          'districtId', k.district_id, 'schoolId', k.school_id, 'validFrom', k.valid_from,
          'validTo', k.valid_to, 'revokedAt', k.revoked_at) order by k.recorded_at, k.id)
        from consents k where k.child_id = c.id), '[]')`.as("consents"),
      sql<LegalBasisJson[]>`coalesce((select json_agg(json_build_object(
          'id', b.id, 'basisCode', b.basis_code, 'categories', b.categories,
          'districtId', b.district_id, 'schoolId', b.school_id, 'direction', b.direction,
          'recordedBy', b.recorded_by, 'recordedAt', b.recorded_at,
          'secrecyAssessment', b.secrecy_assessment, 'validTo', b.valid_to,
          'endedAt', b.ended_at) order by b.recorded_at, b.id)
        from legal_bases b where b.child_id = c.id), '[]')`.as("legalBases"),
    ])
    .where("c.id", "in", ids)
    .execute();
  for (const child of children) {
    const parsed = parsePersonalIdentityNumber(child.personalIdentityNumber);
    if (!parsed.ok) throw new Error("A stored identity number no longer parses.");
    facts.set(child.id, {
      child: {
        id: child.id,
        birthDate: parsed.birthDate,
        custody: { guardians: child.guardians, soleCustodian: child.soleCustodian },
        matureForOwnConsent: child.mature ?? false,
      },
      consents: child.consents.map((c) => ({
        ...c,
        childId: child.id,
        revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt),
      })),
      legalBases: child.legalBases.map(({ endedAt, ...b }) => ({
        ...b,
        childId: child.id,
        recordedAt: new Date(b.recordedAt),
        endedOn: endedAt ? stockholmDate(new Date(endedAt)) : null,
      })),
    });
  }
  return facts;
}

/** A consent as the facts' statement gives it: times as ISO text, dates as YYYY-MM-DD. */
type ConsentJson = Omit<ConsentRecord, "childId" | "revokedAt"> & { revokedAt: string | null };
type LegalBasisJson = Omit<LegalBasisRecord, "childId" | "recordedAt" | "endedOn"> & {
  recordedAt: string;
  endedAt: string | null;
};

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
