/**
 * The child's consent page: the overview of consents, links and legal bases with what the gate
 * decides per category today, and what the consent and legal-basis forms need about the child.
 */
import type { Actor } from "~/auth/session.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { db } from "~db/client.server";
import {
  latestMaturityAssessment,
  loadDisclosureFacts,
  type DisclosureFacts,
} from "./disclosure-gate.server";
import {
  CONSENT_GIVER_LABELS,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_CATEGORY_LABELS,
  LEGAL_BASIS_LABELS,
  ageOn,
  consentDefaultValidTo,
  decideDisclosure,
  requiredGivers,
  type ConsentGiver,
  type ConsentMethod,
  type DisclosureCategory,
  type DisclosureDecision,
  type DisclosureDirection,
  type LegalBasisCode,
} from "./policy";
import {
  consentAgeOf,
  MAX_BIRTH_DATE_ATTEMPTS,
  todayOf,
  type ConsentContext,
  type Executor,
} from "./shared.server";

// ---------------------------------------------------------------------------------------------
// The child's consent page
// ---------------------------------------------------------------------------------------------

type ConsentStatusKind = "active" | "partial" | "upcoming" | "expired" | "revoked" | "missing";

const CONSENT_STATUS_LABELS: Record<ConsentStatusKind, string> = {
  active: "aktivt",
  partial: "ofullständigt",
  upcoming: "börjar gälla senare",
  expired: "utgånget",
  revoked: "återkallat",
  missing: "saknas",
};

interface CategoryDecision {
  category: DisclosureCategory;
  label: string;
  toSchool: { allowed: boolean; text: string };
  toSocialServices: { allowed: boolean; text: string };
}

interface ConsentItem {
  id: string;
  givenBy: ConsentGiver;
  giverLabel: string;
  giverName: string;
  categories: DisclosureCategory[];
  schoolName: string;
  validFrom: string;
  validTo: string;
  method: ConsentMethod;
  obtainedOn: string;
  recordedByName: string;
  recordedAt: Date;
  documentId: string | null;
  revokedAt: Date | null;
  revokedByName: string | null;
  /** Within its dates and not revoked. */
  current: boolean;
}

interface ConsentRequestItem {
  id: string;
  giverLabel: string;
  recipientEmail: string;
  categories: DisclosureCategory[];
  schoolName: string;
  validFrom: string;
  validTo: string;
  sentByName: string;
  sentAt: Date;
  expiresAt: Date;
  state: "waiting" | "given" | "refused" | "expired" | "withdrawn" | "locked";
  answeredAt: Date | null;
  answerName: string | null;
}

interface LegalBasisItem {
  id: string;
  basisCode: LegalBasisCode;
  label: string;
  categories: DisclosureCategory[];
  schoolName: string;
  secrecyAssessment: string;
  validTo: string | null;
  recordedByName: string;
  recordedAt: Date;
  endedAt: Date | null;
  endedByName: string | null;
}

export interface ConsentOverview {
  /** The child's current school, which the status is about; null when the child has none. */
  school: { id: string; name: string } | null;
  status: {
    kind: ConsentStatusKind;
    /** "aktivt", "saknas", … */
    label: string;
    /** Categories the consent covers for the current school (active), else empty. */
    categories: DisclosureCategory[];
    validFrom: string | null;
    validTo: string | null;
    /** Why it is not active, in Swedish (the gate's reason for the first category). */
    reason: string | null;
  };
  requiredGiverLabels: string[];
  /** The child's age, the municipal age of own say, and the latest maturity assessment. */
  maturity: {
    consentAge: number;
    age: number;
    latest: {
      mature: boolean;
      motivation: string;
      assessedByName: string;
      assessedAt: Date;
    } | null;
  };
  decisions: CategoryDecision[];
  consents: ConsentItem[];
  requests: ConsentRequestItem[];
  legalBases: LegalBasisItem[];
  /** A protected-identity child gets no e-mailed link. */
  linkAllowed: boolean;
  defaultValidTo: string;
}

/** Everything about the child's consents and legal bases, for the child's page (logged). */
export async function consentOverview(
  actor: Actor,
  childId: string,
  context: ConsentContext = {},
): Promise<ConsentOverview> {
  const today = todayOf(context);
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const facts = await loadDisclosureFacts(trx, child.id);
    const consentAge = consentAgeOf(context);
    const maturity = await latestMaturityAssessment(trx, child.id);
    // The three lists are independent reads; they queue on the transaction's one connection.
    const [consents, requests, bases] = await Promise.all([
      consentRows(trx, child.id),
      requestRows(trx, child.id),
      legalBasisRows(trx, child.id),
    ]);

    const school = child.schoolId ? { id: child.schoolId, name: child.schoolName ?? "" } : null;
    const decide = gateFor({ facts, school, districtId: child.districtId, today, consentAge });
    const decisions: CategoryDecision[] = DISCLOSURE_CATEGORIES.map((category) => ({
      category,
      label: DISCLOSURE_CATEGORY_LABELS[category],
      toSchool: explain(decide(category, "socialServicesToSchool")),
      toSocialServices: explain(decide(category, "schoolToSocialServices")),
    }));
    const status = consentStatus({
      decide,
      facts,
      consents,
      school,
      districtId: child.districtId,
      today,
    });

    await recordAudit(trx, actor, {
      action: "read",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: context.purpose ?? "Handläggning: samtycken och rättslig grund",
      requestId: context.requestId ?? null,
      details: { view: "consents", consents: consents.length, legalBases: bases.length },
    });

    const now = new Date();
    return {
      school,
      status,
      requiredGiverLabels: requiredGivers(facts.child, today, consentAge).map(
        (g) => CONSENT_GIVER_LABELS[g],
      ),
      maturity: {
        consentAge,
        age: ageOn(facts.child.birthDate, today),
        latest: maturity
          ? {
              mature: maturity.mature,
              motivation: maturity.motivation,
              assessedByName: maturity.assessedByName,
              assessedAt: maturity.assessedAt,
            }
          : null,
      },
      decisions,
      consents: consents.map((c) => consentItem(c, today)),
      requests: requests.map((q) => requestItem(q, now)),
      legalBases: bases.map(legalBasisItem),
      linkAllowed: !child.protectedIdentity,
      defaultValidTo: consentDefaultValidTo(today),
    };
  });
}

function consentRows(executor: Executor, childId: string) {
  return executor
    .selectFrom("consents as c")
    .innerJoin("organisations as s", "s.id", "c.schoolId")
    .innerJoin("users as r", "r.id", "c.recordedBy")
    .leftJoin("users as v", "v.id", "c.revokedBy")
    .select([
      "c.id",
      "c.givenBy",
      "c.giverName",
      "c.categories",
      "c.schoolId",
      "c.districtId",
      "s.name as schoolName",
      "c.validFrom",
      "c.validTo",
      "c.method",
      "c.obtainedOn",
      "r.name as recordedByName",
      "c.recordedAt",
      "c.documentId",
      "c.revokedAt",
      "v.name as revokedByName",
    ])
    .where("c.childId", "=", childId)
    .orderBy("c.recordedAt", "desc")
    .orderBy("c.id")
    .execute();
}

function requestRows(executor: Executor, childId: string) {
  return executor
    .selectFrom("consentRequests as q")
    .innerJoin("organisations as s", "s.id", "q.schoolId")
    .innerJoin("users as u", "u.id", "q.sentBy")
    .select([
      "q.id",
      "q.givenBy",
      "q.recipientEmail",
      "q.categories",
      "s.name as schoolName",
      "q.validFrom",
      "q.validTo",
      "u.name as sentByName",
      "q.sentAt",
      "q.expiresAt",
      "q.answer",
      "q.answeredAt",
      "q.answerName",
      "q.withdrawnAt",
      "q.failedBirthDateAttempts",
    ])
    .where("q.childId", "=", childId)
    .orderBy("q.sentAt", "desc")
    .execute();
}

function legalBasisRows(executor: Executor, childId: string) {
  return executor
    .selectFrom("legalBases as b")
    .innerJoin("organisations as s", "s.id", "b.schoolId")
    .innerJoin("users as r", "r.id", "b.recordedBy")
    .leftJoin("users as e", "e.id", "b.endedBy")
    .select([
      "b.id",
      "b.basisCode",
      "b.categories",
      "s.name as schoolName",
      "b.secrecyAssessment",
      "b.validTo",
      "r.name as recordedByName",
      "b.recordedAt",
      "b.endedAt",
      "e.name as endedByName",
    ])
    .where("b.childId", "=", childId)
    .orderBy("b.recordedAt", "desc")
    .execute();
}

type ConsentRow = Awaited<ReturnType<typeof consentRows>>[number];
type RequestRow = Awaited<ReturnType<typeof requestRows>>[number];
type LegalBasisRow = Awaited<ReturnType<typeof legalBasisRows>>[number];
type Decide = (category: DisclosureCategory, direction: DisclosureDirection) => DisclosureDecision;

/** The gate's answer today, per category and direction, between the child's district and school. */
function gateFor({
  facts,
  school,
  districtId,
  today,
  consentAge,
}: {
  facts: DisclosureFacts;
  school: { id: string } | null;
  districtId: string;
  today: string;
  consentAge: number;
}): Decide {
  return (category, direction) => {
    if (!school) return { allowed: false, reason: "Barnet har ingen skola i portalen." } as const;
    const districtParty = { organisationId: districtId, kind: "district" } as const;
    const schoolParty = { organisationId: school.id, kind: "school" } as const;
    return decideDisclosure({
      ...facts,
      from: direction === "schoolToSocialServices" ? schoolParty : districtParty,
      receiving: direction === "schoolToSocialServices" ? districtParty : schoolParty,
      category,
      today,
      childConsentAge: consentAge,
    });
  };
}

function explain(decision: DisclosureDecision) {
  return decision.allowed
    ? {
        allowed: true,
        text: decision.basis.kind === "consent" ? "Ja, samtycke" : "Ja, rättslig grund",
      }
    : { allowed: false, text: decision.reason };
}

function isCurrent(
  c: { validFrom: string; validTo: string; revokedAt: Date | null },
  today: string,
) {
  return c.revokedAt === null && c.validFrom <= today && today <= c.validTo;
}

/**
 * The status is about consent for the current school (social services → school needs it): which
 * categories the gate lets through, and, when none, why, judged from the consents for that school.
 */
function consentStatus({
  decide,
  facts,
  consents,
  school,
  districtId,
  today,
}: {
  decide: Decide;
  facts: DisclosureFacts;
  consents: ConsentRow[];
  school: { id: string } | null;
  districtId: string;
  today: string;
}): ConsentOverview["status"] {
  const consentDecisions = DISCLOSURE_CATEGORIES.map((category) => ({
    category,
    decision: decide(category, "socialServicesToSchool"),
  }));
  const covered = consentDecisions.filter((d) => d.decision.allowed);
  const relied = new Set(
    covered.flatMap((d) =>
      d.decision.allowed && d.decision.basis.kind === "consent" ? d.decision.basis.consentIds : [],
    ),
  );
  const reliedConsents = facts.consents.filter((c) => relied.has(c.id));
  const forSchool = consents.filter(
    (c) => school && c.schoolId === school.id && c.districtId === districtId,
  );
  const kind = statusKind(covered.length > 0, forSchool, today);
  const firstRefusal = consentDecisions.find((d) => !d.decision.allowed)?.decision;
  return {
    kind,
    label: CONSENT_STATUS_LABELS[kind],
    categories: covered.map((d) => d.category),
    validFrom:
      kind === "active"
        ? reliedConsents
            .map((c) => c.validFrom)
            .sort()
            .at(-1)!
        : null,
    validTo: kind === "active" ? reliedConsents.map((c) => c.validTo).sort()[0]! : null,
    reason: kind === "active" || !firstRefusal || firstRefusal.allowed ? null : firstRefusal.reason,
  };
}

function statusKind(
  anyCovered: boolean,
  forSchool: ConsentRow[],
  today: string,
): ConsentStatusKind {
  if (anyCovered) return "active";
  if (forSchool.length === 0) return "missing";
  if (forSchool.some((c) => isCurrent(c, today))) return "partial";
  if (forSchool.some((c) => c.revokedAt === null && c.validFrom > today)) return "upcoming";
  if (forSchool.every((c) => c.revokedAt !== null)) return "revoked";
  if (forSchool.some((c) => c.revokedAt === null && c.validTo < today)) return "expired";
  if (forSchool.some((c) => c.revokedAt !== null)) return "revoked";
  return "missing";
}

function consentItem(c: ConsentRow, today: string): ConsentItem {
  return {
    id: c.id,
    givenBy: c.givenBy,
    giverLabel: CONSENT_GIVER_LABELS[c.givenBy],
    giverName: c.giverName,
    categories: c.categories,
    schoolName: c.schoolName,
    validFrom: c.validFrom,
    validTo: c.validTo,
    method: c.method,
    obtainedOn: c.obtainedOn,
    recordedByName: c.recordedByName,
    recordedAt: c.recordedAt,
    documentId: c.documentId,
    revokedAt: c.revokedAt,
    revokedByName: c.revokedByName,
    current: isCurrent(c, today),
  };
}

function requestItem(q: RequestRow, now: Date): ConsentRequestItem {
  return {
    id: q.id,
    giverLabel: CONSENT_GIVER_LABELS[q.givenBy],
    recipientEmail: q.recipientEmail,
    categories: q.categories,
    schoolName: q.schoolName,
    validFrom: q.validFrom,
    validTo: q.validTo,
    sentByName: q.sentByName,
    sentAt: q.sentAt,
    expiresAt: q.expiresAt,
    state: q.answer
      ? q.answer
      : q.withdrawnAt
        ? "withdrawn"
        : q.failedBirthDateAttempts >= MAX_BIRTH_DATE_ATTEMPTS
          ? "locked"
          : q.expiresAt <= now
            ? "expired"
            : "waiting",
    answeredAt: q.answeredAt,
    answerName: q.answerName,
  };
}

function legalBasisItem(b: LegalBasisRow): LegalBasisItem {
  return {
    id: b.id,
    basisCode: b.basisCode,
    label: LEGAL_BASIS_LABELS[b.basisCode],
    categories: b.categories,
    schoolName: b.schoolName,
    secrecyAssessment: b.secrecyAssessment,
    validTo: b.validTo,
    recordedByName: b.recordedByName,
    recordedAt: b.recordedAt,
    endedAt: b.endedAt,
    endedByName: b.endedByName,
  };
}

export interface ConsentFormContext {
  childId: string;
  firstName: string;
  lastName: string;
  districtName: string;
  schoolId: string | null;
  protectedIdentity: boolean;
  /** "vårdnadshavare 1", … : whose consent the gate asks for today. */
  requiredGiverLabels: string[];
  /** Schools a consent or legal basis can name: active schools, by name. */
  schools: { id: string; name: string }[];
  today: string;
  defaultValidTo: string;
}

/** What the consent and legal-basis forms need about the child (a logged read). */
export async function consentFormContext(
  actor: Actor,
  childId: string,
  context: ConsentContext = {},
): Promise<ConsentFormContext> {
  const today = todayOf(context);
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const facts = await loadDisclosureFacts(trx, child.id);
    const schools = await trx
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("kind", "=", "school")
      .where("deactivatedAt", "is", null)
      .orderBy("name")
      .execute();
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: context.purpose ?? "Samtycke eller rättslig grund",
      requestId: context.requestId ?? null,
      details: { view: "consentForm" },
    });
    return {
      childId: child.id,
      firstName: child.firstName,
      lastName: child.lastName,
      districtName: child.districtName,
      schoolId: child.schoolId,
      protectedIdentity: child.protectedIdentity,
      requiredGiverLabels: requiredGivers(facts.child, today, consentAgeOf(context)).map(
        (g) => CONSENT_GIVER_LABELS[g],
      ),
      schools,
      today,
      defaultValidTo: consentDefaultValidTo(today),
    };
  });
}
