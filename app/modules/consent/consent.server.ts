/**
 * Consent and legal bases (issue 5; db/migrations/0007_consents.ts), and the gate every
 * disclosure calls (`checkDisclosure`, which loads the facts and asks policy.ts).
 *
 * Who: the child's responsible caseworker and the district manager (the children module's
 * `loadChild` scopes and checks; anything else is NotFoundError). Every read and change is
 * logged through the audit trail in the same transaction.
 *
 * The digital consent link: only the token's SHA-256 is stored. The e-mail names no child; the
 * page shows the child's first name only after the child's date of birth is confirmed, and locks
 * after five wrong dates. A link answers once (given or refused), within 14 days, unless the
 * caseworker withdraws it. A protected-identity child never gets a link: no automatic e-mails
 * about such a child (LAW.md, "Protected personal data"); the consent is recorded on paper or
 * orally instead. The guardian's reads and answer are logged as a guardian (no account).
 */
import { fileTypeFromBuffer } from "file-type";
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { hashToken, newToken, TOKEN_PATTERN } from "~/auth/tokens.server";
import type { Actor } from "~/auth/session.server";
import { formatCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit, recordGuardianAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { queueEmail } from "~/modules/email/email.server";
import { db } from "../../../db/client.server";
import type { Database } from "../../../db/schema";
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
  type ConsentRecord,
  type DisclosureCategory,
  type DisclosureChild,
  type DisclosureDecision,
  type DisclosureDirection,
  type DisclosureParty,
  type LegalBasisCode,
  type LegalBasisRecord,
} from "./policy";
import type { ConsentLinkValues, ConsentValues, LegalBasisValues, MaturityValues } from "./schema";

type Executor = Kysely<Database> | Transaction<Database>;

export const CONSENT_LINK_VALID_DAYS = 14;
export const MAX_BIRTH_DATE_ATTEMPTS = 5;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

export interface ConsentContext {
  requestId?: string;
  purpose?: string;
  /** YYYY-MM-DD in Europe/Stockholm; tests set it. */
  today?: string;
  /** The municipal age of the child's own say; CHILD_CONSENT_AGE unless given (tests). */
  childConsentAge?: number;
}

function consentAgeOf(context: { childConsentAge?: number }): number {
  return context.childConsentAge ?? env().CHILD_CONSENT_AGE;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function todayOf(context: ConsentContext) {
  return context.today ?? stockholmDate(new Date());
}

// ---------------------------------------------------------------------------------------------
// The gate
// ---------------------------------------------------------------------------------------------

/** The child's birth date (from the identity number), custody, consents and legal bases. */
export async function loadDisclosureFacts(executor: Executor, childId: string) {
  const child = await executor
    .selectFrom("children")
    .select(["id", "personalIdentityNumber", "guardians", "soleCustodian"])
    .where("id", "=", childId)
    .executeTakeFirst();
  if (!child) throw new NotFoundError();
  const parsed = parsePersonalIdentityNumber(child.personalIdentityNumber);
  if (!parsed.ok) throw new Error("A stored identity number no longer parses.");
  const [consents, legalBases, maturity] = await Promise.all([
    executor.selectFrom("consents").selectAll().where("childId", "=", childId).execute(),
    executor.selectFrom("legalBases").selectAll().where("childId", "=", childId).execute(),
    latestMaturityAssessment(executor, childId),
  ]);
  const disclosureChild: DisclosureChild = {
    id: child.id,
    birthDate: parsed.birthDate,
    custody: { guardians: child.guardians, soleCustodian: child.soleCustodian },
    matureForOwnConsent: maturity?.mature ?? false,
  };
  const consentRecords: ConsentRecord[] = consents.map((c) => ({
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
  }));
  const basisRecords: LegalBasisRecord[] = legalBases.map((b) => ({
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
  }));
  return { child: disclosureChild, consents: consentRecords, legalBases: basisRecords };
}

async function latestMaturityAssessment(executor: Executor, childId: string) {
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

/**
 * The gate for several categories at once (one load of the facts), for a module that has scoped
 * the child itself: which of `categories` may pass between the district and the school today,
 * and the reason for the first that may not.
 */
export async function allowedCategories(
  executor: Executor,
  input: {
    childId: string;
    from: DisclosureParty;
    receiving: DisclosureParty;
    categories: readonly DisclosureCategory[];
    today?: string;
  },
): Promise<{
  allowed: DisclosureCategory[];
  refusal: string | null;
  bases: Partial<Record<DisclosureCategory, DisclosureDecision>>;
}> {
  const facts = await loadDisclosureFacts(executor, input.childId);
  const today = input.today ?? stockholmDate(new Date());
  const bases: Partial<Record<DisclosureCategory, DisclosureDecision>> = {};
  let refusal: string | null = null;
  const allowed: DisclosureCategory[] = [];
  for (const category of input.categories) {
    const decision = decideDisclosure({
      ...facts,
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

// ---------------------------------------------------------------------------------------------
// The child's consent page
// ---------------------------------------------------------------------------------------------

export type ConsentStatusKind =
  "active" | "partial" | "upcoming" | "expired" | "revoked" | "missing";

export const CONSENT_STATUS_LABELS: Record<ConsentStatusKind, string> = {
  active: "aktivt",
  partial: "ofullständigt",
  upcoming: "börjar gälla senare",
  expired: "utgånget",
  revoked: "återkallat",
  missing: "saknas",
};

export interface CategoryDecision {
  category: DisclosureCategory;
  label: string;
  toSchool: { allowed: boolean; text: string };
  toSocialServices: { allowed: boolean; text: string };
}

export interface ConsentItem {
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

export interface ConsentRequestItem {
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

export interface LegalBasisItem {
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
    const [consents, requests, bases] = await Promise.all([
      trx
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
        .where("c.childId", "=", child.id)
        .orderBy("c.recordedAt", "desc")
        .orderBy("c.id")
        .execute(),
      trx
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
        .where("q.childId", "=", child.id)
        .orderBy("q.sentAt", "desc")
        .execute(),
      trx
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
        .where("b.childId", "=", child.id)
        .orderBy("b.recordedAt", "desc")
        .execute(),
    ]);

    const school = child.schoolId ? { id: child.schoolId, name: child.schoolName ?? "" } : null;
    const decide = (category: DisclosureCategory, direction: DisclosureDirection) => {
      if (!school) return { allowed: false, reason: "Barnet har ingen skola i portalen." } as const;
      const districtParty = { organisationId: child.districtId, kind: "district" } as const;
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
    const explain = (decision: DisclosureDecision) =>
      decision.allowed
        ? {
            allowed: true,
            text: decision.basis.kind === "consent" ? "Ja, samtycke" : "Ja, rättslig grund",
          }
        : { allowed: false, text: decision.reason };
    const decisions: CategoryDecision[] = DISCLOSURE_CATEGORIES.map((category) => ({
      category,
      label: DISCLOSURE_CATEGORY_LABELS[category],
      toSchool: explain(decide(category, "socialServicesToSchool")),
      toSocialServices: explain(decide(category, "schoolToSocialServices")),
    }));

    // The status is about consent for the current school (social services → school needs it).
    const consentDecisions = DISCLOSURE_CATEGORIES.map((category) => ({
      category,
      decision: decide(category, "socialServicesToSchool"),
    }));
    const covered = consentDecisions.filter((d) => d.decision.allowed);
    const relied = new Set(
      covered.flatMap((d) =>
        d.decision.allowed && d.decision.basis.kind === "consent"
          ? d.decision.basis.consentIds
          : [],
      ),
    );
    const reliedConsents = facts.consents.filter((c) => relied.has(c.id));
    const forSchool = consents.filter(
      (c) => school && c.schoolId === school.id && c.districtId === child.districtId,
    );
    const isCurrent = (c: { validFrom: string; validTo: string; revokedAt: Date | null }) =>
      c.revokedAt === null && c.validFrom <= today && today <= c.validTo;
    let kind: ConsentStatusKind;
    if (covered.length > 0) kind = "active";
    else if (forSchool.length === 0) kind = "missing";
    else if (forSchool.some(isCurrent)) kind = "partial";
    else if (forSchool.some((c) => c.revokedAt === null && c.validFrom > today)) kind = "upcoming";
    else if (forSchool.every((c) => c.revokedAt !== null)) kind = "revoked";
    else if (forSchool.some((c) => c.revokedAt === null && c.validTo < today)) kind = "expired";
    else if (forSchool.some((c) => c.revokedAt !== null)) kind = "revoked";
    else kind = "missing";
    const firstRefusal = consentDecisions.find((d) => !d.decision.allowed)?.decision;

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
      status: {
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
        reason:
          kind === "active" || !firstRefusal || firstRefusal.allowed ? null : firstRefusal.reason,
      },
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
      consents: consents.map((c) => ({
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
        current: isCurrent(c),
      })),
      requests: requests.map((q) => ({
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
      })),
      legalBases: bases.map((b) => ({
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
      })),
      linkAllowed: !child.protectedIdentity,
      defaultValidTo: consentDefaultValidTo(today),
    };
  });
}

export { requireChildAccess } from "~/modules/children/children.server";
export { DISCLOSURE_CATEGORIES, DISCLOSURE_CATEGORY_LABELS } from "./policy";

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

async function activeSchool(executor: Executor, schoolId: string) {
  return executor
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Recording and revoking
// ---------------------------------------------------------------------------------------------

export interface UploadedDocument {
  fileName: string;
  bytes: Uint8Array;
}

export type RecordConsentResult =
  | { kind: "recorded"; consentId: string }
  | { kind: "invalid"; field: "document" | "schoolId" | "obtainedOn"; message: string };

/** What a scanned form really is, judged by its content, never by its name or declared type. */
export async function checkDocument(
  document: UploadedDocument | null,
): Promise<
  { ok: true; mediaType: (typeof DOCUMENT_TYPES)[number] } | { ok: false; message: string }
> {
  if (!document || document.bytes.byteLength === 0)
    return { ok: false, message: "Ladda upp den inskannade blanketten (PDF, JPEG eller PNG)." };
  if (document.bytes.byteLength > MAX_DOCUMENT_BYTES)
    return { ok: false, message: "Filen är större än 10 MB. Skanna med lägre upplösning." };
  const type = await fileTypeFromBuffer(document.bytes);
  const mediaType = DOCUMENT_TYPES.find((t) => t === type?.mime);
  if (!mediaType)
    return {
      ok: false,
      message:
        "Filen är inte en PDF, JPEG eller PNG. Skanna blanketten till något av dessa format.",
    };
  return { ok: true, mediaType };
}

/**
 * Records a consent given on a signed paper form (with the scan) or orally, as noted by the
 * actor now. One giver per record.
 */
export async function recordConsent(
  actor: Actor,
  childId: string,
  input: ConsentValues,
  document: UploadedDocument | null,
  context: ConsentContext = {},
): Promise<RecordConsentResult> {
  const today = todayOf(context);
  if (input.obtainedOn > today)
    return { kind: "invalid", field: "obtainedOn", message: "Dagen kan inte vara i framtiden." };
  const checked = input.method === "signedPaper" ? await checkDocument(document) : null;
  if (checked && !checked.ok)
    return { kind: "invalid", field: "document", message: checked.message };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    let documentId: string | null = null;
    if (checked?.ok && document) {
      const bytes = Buffer.from(document.bytes);
      const stored = await trx
        .insertInto("consentDocuments")
        .values({
          childId: child.id,
          fileName: safeFileName(document.fileName, checked.mediaType),
          mediaType: checked.mediaType,
          byteSize: bytes.byteLength,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          content: bytes,
          uploadedBy: actor.user.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      documentId = stored.id;
    }
    const consent = await trx
      .insertInto("consents")
      .values({
        childId: child.id,
        givenBy: input.givenBy,
        giverName: input.giverName,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        method: input.method,
        obtainedOn: input.obtainedOn,
        recordedBy: actor.user.id,
        documentId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "consent",
      recordId: consent.id,
      childId: child.id,
      purpose: context.purpose ?? "Registrera samtycke",
      requestId: context.requestId ?? null,
      details: {
        method: input.method,
        givenBy: input.givenBy,
        categories: input.categories,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        documentId,
      },
    });
    return { kind: "recorded", consentId: consent.id } as const;
  });
}

function safeFileName(name: string, mediaType: (typeof DOCUMENT_TYPES)[number]) {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      ?.replace(/[^\p{L}\p{N} ._-]/gu, "")
      .replace(/\.[^.]*$/, "")
      .trim() ?? "";
  const extension = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" }[
    mediaType
  ];
  // The extension follows the content, whatever the uploaded name said.
  // Cut by characters, never inside one (a UTF-16 slice may split a pair).
  return `${[...(base || "samtycke")].slice(0, 190).join("")}.${extension}`;
}

/** Whose consent it is: scoped through the child. */
async function consentInScope(actor: Actor, trx: Transaction<Database>, consentId: string) {
  if (!UUID.test(consentId)) throw new NotFoundError();
  const consent = await trx
    .selectFrom("consents")
    .select(["id", "childId", "givenBy", "revokedAt"])
    .where("id", "=", consentId)
    .forUpdate()
    .executeTakeFirst();
  if (!consent) throw new NotFoundError();
  await loadChild(actor, consent.childId, trx);
  return consent;
}

/**
 * Revokes a consent at the giver's word, at once: from now on the gate refuses what only it
 * allowed. Revoking twice changes nothing (the first revocation stands).
 */
export async function revokeConsent(
  actor: Actor,
  childId: string,
  consentId: string,
  context: ConsentContext = {},
): Promise<{ kind: "revoked" | "alreadyRevoked" }> {
  return db.transaction().execute(async (trx) => {
    const consent = await consentInScope(actor, trx, consentId);
    if (consent.childId !== childId) throw new NotFoundError();
    if (consent.revokedAt) return { kind: "alreadyRevoked" } as const;
    const now = new Date();
    await trx
      .updateTable("consents")
      .set({ revokedAt: now, revokedBy: actor.user.id })
      .where("id", "=", consent.id)
      .execute();
    // The same giver's unanswered links would let an old e-mail give the consent again.
    const withdrawn = await trx
      .updateTable("consentRequests")
      .set({ withdrawnAt: now, withdrawnBy: actor.user.id })
      .where("childId", "=", consent.childId)
      .where("givenBy", "=", consent.givenBy)
      .where("answeredAt", "is", null)
      .where("withdrawnAt", "is", null)
      .returning("id")
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "consent",
      recordId: consent.id,
      childId: consent.childId,
      purpose: context.purpose ?? "Återkalla samtycke",
      requestId: context.requestId ?? null,
      details: { revoked: true, withdrawnLinks: withdrawn.map((w) => w.id) },
    });
    return { kind: "revoked" } as const;
  });
}

/** The scanned form, for someone who may open the child (logged). */
export async function getConsentDocument(
  actor: Actor,
  childId: string,
  documentId: string,
  context: ConsentContext = {},
) {
  if (!UUID.test(documentId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const document = await trx
      .selectFrom("consentDocuments")
      .select(["id", "fileName", "mediaType", "content"])
      .where("id", "=", documentId)
      .where("childId", "=", child.id)
      .executeTakeFirst();
    if (!document) throw new NotFoundError();
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "consentDocument",
      recordId: document.id,
      childId: child.id,
      purpose: context.purpose ?? "Visa inskannad samtyckesblankett",
      requestId: context.requestId ?? null,
    });
    return document;
  });
}

// ---------------------------------------------------------------------------------------------
// Maturity
// ---------------------------------------------------------------------------------------------

/**
 * Records the caseworker's assessment of whether a child under the municipal age is mature
 * enough to decide together with the guardians (then the child's own consent is asked too). A
 * new assessment replaces the last one for the gate; all are kept.
 */
export async function recordMaturityAssessment(
  actor: Actor,
  childId: string,
  input: MaturityValues,
  context: ConsentContext = {},
): Promise<{ kind: "recorded"; assessmentId: string }> {
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    const assessment = await trx
      .insertInto("maturityAssessments")
      .values({
        childId: child.id,
        mature: input.mature,
        motivation: input.motivation,
        assessedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "maturityAssessment",
      recordId: assessment.id,
      childId: child.id,
      purpose: context.purpose ?? "Bedöma barnets mognad att själv ta ställning",
      requestId: context.requestId ?? null,
      details: { mature: input.mature },
    });
    return { kind: "recorded", assessmentId: assessment.id } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Legal bases
// ---------------------------------------------------------------------------------------------

export type RecordLegalBasisResult =
  | { kind: "recorded"; legalBasisId: string }
  | { kind: "invalid"; field: "schoolId" | "validTo"; message: string };

/**
 * Records a legal basis from the portal's list, for school → social services (the only direction
 * a duty to provide information runs), with the secrecy assessment the actor writes.
 */
export async function recordLegalBasis(
  actor: Actor,
  childId: string,
  input: LegalBasisValues,
  context: ConsentContext = {},
): Promise<RecordLegalBasisResult> {
  const today = todayOf(context);
  if (input.validTo !== null && input.validTo < today)
    return { kind: "invalid", field: "validTo", message: "Datumet har redan passerat." };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    const basis = await trx
      .insertInto("legalBases")
      .values({
        childId: child.id,
        basisCode: input.basisCode,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        direction: "schoolToSocialServices",
        secrecyAssessment: input.secrecyAssessment,
        validTo: input.validTo,
        recordedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "legalBasis",
      recordId: basis.id,
      childId: child.id,
      purpose: context.purpose ?? "Registrera rättslig grund med sekretessprövning",
      requestId: context.requestId ?? null,
      details: {
        basisCode: input.basisCode,
        categories: input.categories,
        schoolId: input.schoolId,
        validTo: input.validTo,
      },
    });
    return { kind: "recorded", legalBasisId: basis.id } as const;
  });
}

/** Ends a legal basis (the investigation closed, the duty no longer applies). */
export async function endLegalBasis(
  actor: Actor,
  childId: string,
  legalBasisId: string,
  context: ConsentContext = {},
): Promise<{ kind: "ended" | "alreadyEnded" }> {
  if (!UUID.test(legalBasisId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const basis = await trx
      .selectFrom("legalBases")
      .select(["id", "endedAt"])
      .where("id", "=", legalBasisId)
      .where("childId", "=", child.id)
      .forUpdate()
      .executeTakeFirst();
    if (!basis) throw new NotFoundError();
    if (basis.endedAt) return { kind: "alreadyEnded" } as const;
    await trx
      .updateTable("legalBases")
      .set({ endedAt: new Date(), endedBy: actor.user.id })
      .where("id", "=", basis.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "legalBasis",
      recordId: basis.id,
      childId: child.id,
      purpose: context.purpose ?? "Avsluta rättslig grund",
      requestId: context.requestId ?? null,
      details: { ended: true },
    });
    return { kind: "ended" } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The digital consent link: sending and withdrawing
// ---------------------------------------------------------------------------------------------

export type SendConsentLinkResult =
  | { kind: "sent"; consentRequestId: string }
  | { kind: "protectedIdentity" }
  | { kind: "invalid"; field: "schoolId" | "validTo"; message: string };

/** Sends a one-time consent link by e-mail (valid 14 days). The e-mail names no child. */
export async function sendConsentLink(
  actor: Actor,
  childId: string,
  input: ConsentLinkValues,
  context: ConsentContext & { now?: Date } = {},
): Promise<SendConsentLinkResult> {
  const now = context.now ?? new Date();
  if (input.validTo < (context.today ?? stockholmDate(now)))
    return { kind: "invalid", field: "validTo", message: "Slutdatumet har redan passerat." };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (child.protectedIdentity) return { kind: "protectedIdentity" } as const;
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + CONSENT_LINK_VALID_DAYS * 24 * 60 * 60 * 1000);
    const request = await trx
      .insertInto("consentRequests")
      .values({
        childId: child.id,
        givenBy: input.givenBy,
        recipientEmail: input.email,
        tokenHash: hash,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        sentBy: actor.user.id,
        sentAt: now,
        expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await queueEmail(trx, {
      to: input.email,
      template: "consentRequest",
      props: {
        districtName: child.districtName,
        contactName: actor.user.name,
        url: `${env().APP_URL}/samtycke/${token}`,
        validUntil: formatCalendarDate(stockholmDate(expiresAt)),
      },
    });
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "consentRequest",
      recordId: request.id,
      childId: child.id,
      purpose: context.purpose ?? "Skicka samtyckeslänk",
      requestId: context.requestId ?? null,
      // Never the address: it is personal data about a guardian, and the page shows it.
      details: {
        givenBy: input.givenBy,
        categories: input.categories,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
      },
    });
    return { kind: "sent", consentRequestId: request.id } as const;
  });
}

/** Withdraws an unanswered link: it stops working at once. */
export async function withdrawConsentLink(
  actor: Actor,
  childId: string,
  consentRequestId: string,
  context: ConsentContext = {},
): Promise<{ kind: "withdrawn" | "alreadyClosed" }> {
  if (!UUID.test(consentRequestId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const request = await trx
      .selectFrom("consentRequests")
      .select(["id", "answeredAt", "withdrawnAt"])
      .where("id", "=", consentRequestId)
      .where("childId", "=", child.id)
      .forUpdate()
      .executeTakeFirst();
    if (!request) throw new NotFoundError();
    if (request.answeredAt || request.withdrawnAt) return { kind: "alreadyClosed" } as const;
    await trx
      .updateTable("consentRequests")
      .set({ withdrawnAt: new Date(), withdrawnBy: actor.user.id })
      .where("id", "=", request.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "consentRequest",
      recordId: request.id,
      childId: child.id,
      purpose: context.purpose ?? "Återkalla samtyckeslänk",
      requestId: context.requestId ?? null,
      details: { withdrawn: true },
    });
    return { kind: "withdrawn" } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The digital consent link: the guardian's side (no login)
// ---------------------------------------------------------------------------------------------

export type ConsentLinkState =
  | { kind: "unknown" }
  | { kind: "answered"; answer: "given" | "refused"; answeredAt: Date }
  | { kind: "expired" }
  | { kind: "withdrawn" }
  | { kind: "locked" }
  | { kind: "open"; districtName: string; expiresAt: Date };

/** What the consent page may say about a link before the child's birth date is confirmed. */
export async function openConsentLink(token: string, now = new Date()): Promise<ConsentLinkState> {
  const request = await findLink(db, token);
  return request ? linkState(request, now) : { kind: "unknown" };
}

async function findLink(executor: Executor, token: string, forUpdate = false) {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  let query = executor
    .selectFrom("consentRequests as q")
    .innerJoin("organisations as d", "d.id", "q.districtId")
    .innerJoin("children as c", "c.id", "q.childId")
    .select([
      "q.id",
      "q.childId",
      "q.answer",
      "q.answeredAt",
      "q.withdrawnAt",
      "q.expiresAt",
      "q.validTo",
      "q.failedBirthDateAttempts",
      "d.name as districtName",
      "c.protectedIdentity",
    ])
    .where("q.tokenHash", "=", hashToken(token));
  if (forUpdate) query = query.forUpdate("q");
  return query.executeTakeFirst();
}

function linkState(
  request: NonNullable<Awaited<ReturnType<typeof findLink>>>,
  now: Date,
): ConsentLinkState {
  if (request.answer && request.answeredAt)
    return { kind: "answered", answer: request.answer, answeredAt: request.answeredAt };
  // A child given protected identity after the link was sent: no page shows anything about them.
  if (request.withdrawnAt || request.protectedIdentity) return { kind: "withdrawn" };
  if (request.failedBirthDateAttempts >= MAX_BIRTH_DATE_ATTEMPTS) return { kind: "locked" };
  // Expired too when the period it asks about is already over: no consent for the past.
  if (request.expiresAt <= now || request.validTo < stockholmDate(now)) return { kind: "expired" };
  return { kind: "open", districtName: request.districtName, expiresAt: request.expiresAt };
}

export interface ConsentLinkDetails {
  childFirstName: string;
  givenBy: ConsentGiver;
  giverLabel: string;
  districtName: string;
  schoolName: string;
  categories: { code: DisclosureCategory; label: string }[];
  validFrom: string;
  validTo: string;
  caseworkerName: string;
}

export type ConfirmResult =
  | { kind: "confirmed"; details: ConsentLinkDetails }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> };

export interface LinkEvidence {
  requestId?: string;
  clientAddress?: string;
  userAgent?: string;
  now?: Date;
}

/**
 * Checks the child's date of birth against the link's child. Right: the details the guardian
 * needs to decide, logged as a guardian's read. Wrong: counted; the fifth wrong date locks the
 * link (the caseworker sends a new one).
 */
export async function confirmConsentLink(
  token: string,
  birthDate: string,
  evidence: LinkEvidence = {},
): Promise<ConfirmResult> {
  const now = evidence.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const checked = await checkBirthDate(trx, token, birthDate, now);
    if (checked.kind !== "ok") return checked;
    const details = await linkDetails(trx, checked.requestId);
    await recordGuardianAudit(
      trx,
      { name: `Mottagare av samtyckeslänk (${CONSENT_GIVER_LABELS[details.givenBy]})` },
      {
        action: "read",
        recordType: "consentRequest",
        recordId: checked.requestId,
        childId: checked.childId,
        purpose: "Ta ställning till samtycke",
        requestId: evidence.requestId ?? null,
        details: { clientAddress: evidence.clientAddress ?? null },
      },
    );
    return { kind: "confirmed", details } as const;
  });
}

async function checkBirthDate(
  trx: Transaction<Database>,
  token: string,
  birthDate: string,
  now: Date,
): Promise<
  | { kind: "ok"; requestId: string; childId: string }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> }
> {
  const request = await findLink(trx, token, true);
  if (!request) return { kind: "closed", state: { kind: "unknown" } };
  const state = linkState(request, now);
  if (state.kind !== "open") return { kind: "closed", state };
  const child = await trx
    .selectFrom("children")
    .select("personalIdentityNumber")
    .where("id", "=", request.childId)
    .executeTakeFirstOrThrow();
  const parsed = parsePersonalIdentityNumber(child.personalIdentityNumber);
  if (parsed.ok && parsed.birthDate === birthDate)
    return { kind: "ok", requestId: request.id, childId: request.childId };
  const { failedBirthDateAttempts } = await trx
    .updateTable("consentRequests")
    .set((eb) => ({ failedBirthDateAttempts: eb("failedBirthDateAttempts", "+", 1) }))
    .where("id", "=", request.id)
    .returning("failedBirthDateAttempts")
    .executeTakeFirstOrThrow();
  const attemptsLeft = Math.max(0, MAX_BIRTH_DATE_ATTEMPTS - failedBirthDateAttempts);
  if (attemptsLeft === 0) return { kind: "closed", state: { kind: "locked" } };
  return { kind: "wrongBirthDate", attemptsLeft };
}

async function linkDetails(
  executor: Executor,
  consentRequestId: string,
): Promise<ConsentLinkDetails> {
  const row = await executor
    .selectFrom("consentRequests as q")
    .innerJoin("children as c", "c.id", "q.childId")
    .innerJoin("organisations as d", "d.id", "q.districtId")
    .innerJoin("organisations as s", "s.id", "q.schoolId")
    // The child's caseworker now: the one to contact, even after a hand-over.
    .innerJoin("users as u", "u.id", "c.caseworkerUserId")
    .select([
      "c.firstName",
      "q.givenBy",
      "q.categories",
      "q.validFrom",
      "q.validTo",
      "d.name as districtName",
      "s.name as schoolName",
      "u.name as caseworkerName",
    ])
    .where("q.id", "=", consentRequestId)
    .executeTakeFirstOrThrow();
  return {
    childFirstName: row.firstName,
    givenBy: row.givenBy,
    giverLabel: CONSENT_GIVER_LABELS[row.givenBy],
    districtName: row.districtName,
    schoolName: row.schoolName,
    categories: row.categories.map((code) => ({
      code,
      label: DISCLOSURE_CATEGORY_LABELS[code],
    })),
    validFrom: row.validFrom,
    validTo: row.validTo,
    caseworkerName: row.caseworkerName,
  };
}

export type AnswerResult =
  | { kind: "answered"; answer: "given" | "refused" }
  | { kind: "wrongBirthDate"; attemptsLeft: number }
  | { kind: "closed"; state: Exclude<ConsentLinkState, { kind: "open" }> };

/**
 * The guardian's answer, once: the link is closed with the answer, the name typed, the time,
 * address and browser; a given consent is recorded for the giver the link was sent to, with the
 * scope and dates the caseworker chose. The caseworker who sent it gets an e-mail (no child data).
 */
export async function answerConsentLink(
  token: string,
  input: { birthDate: string; name: string; answer: "given" | "refused" },
  evidence: LinkEvidence = {},
): Promise<AnswerResult> {
  const now = evidence.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const checked = await checkBirthDate(trx, token, input.birthDate, now);
    if (checked.kind !== "ok") return checked;
    const request = await trx
      .updateTable("consentRequests")
      .set({
        answeredAt: now,
        answer: input.answer,
        answerName: input.name,
        answerIp: evidence.clientAddress ?? null,
        answerUserAgent: evidence.userAgent?.slice(0, 500) ?? null,
      })
      .where("id", "=", checked.requestId)
      .where("answeredAt", "is", null)
      .returningAll()
      .executeTakeFirstOrThrow();
    let consentId: string | null = null;
    if (input.answer === "given") {
      const consent = await trx
        .insertInto("consents")
        .values({
          childId: request.childId,
          givenBy: request.givenBy,
          giverName: input.name,
          categories: request.categories,
          districtId: request.districtId,
          schoolId: request.schoolId,
          validFrom: request.validFrom,
          validTo: request.validTo,
          method: "digitalLink",
          obtainedOn: stockholmDate(now),
          recordedBy: request.sentBy,
          consentRequestId: request.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      consentId = consent.id;
    }
    await recordGuardianAudit(
      trx,
      { name: input.name },
      {
        action: "create",
        recordType: input.answer === "given" ? "consent" : "consentRequest",
        recordId: consentId ?? request.id,
        childId: request.childId,
        purpose: input.answer === "given" ? "Samtycke lämnat via länk" : "Samtycke nekat via länk",
        requestId: evidence.requestId ?? null,
        details: {
          answer: input.answer,
          consentRequestId: request.id,
          clientAddress: evidence.clientAddress ?? null,
        },
      },
    );
    // The child's caseworker now (the child may have been handed over since the link was sent).
    const caseworker = await trx
      .selectFrom("children as c")
      .innerJoin("users as u", "u.id", "c.caseworkerUserId")
      .select(["u.email", "u.name", "u.deactivatedAt"])
      .where("c.id", "=", request.childId)
      .executeTakeFirstOrThrow();
    if (!caseworker.deactivatedAt) {
      await queueEmail(trx, {
        to: caseworker.email,
        template: "consentAnswered",
        props: {
          name: caseworker.name,
          answer: input.answer,
          url: `${env().APP_URL}/barn/${request.childId}`,
        },
      });
    }
    return { kind: "answered", answer: input.answer } as const;
  });
}
