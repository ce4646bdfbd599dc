/**
 * Whether one disclosure about a child may happen, and on what basis: an active consent or a
 * recorded legal basis (LAW.md, "Secrecy"; docs/security.md, "Disclosure needs a basis"). Pure
 * functions, unit-tested; the module loads the child, the consents and the legal bases, checks
 * who may act for the disclosing organisation, and calls `decideDisclosure` before every
 * disclosure. Every refusal says, in Swedish, what is missing.
 */
import { addToDate, stockholmDate } from "~/lib/dates";

/** What a consent or a legal basis covers: the areas of a school card. */
export const DISCLOSURE_CATEGORIES = [
  "attendance",
  "results",
  "supportMeasures",
  "wellbeing",
  "studentHealth",
] as const;
export type DisclosureCategory = (typeof DISCLOSURE_CATEGORIES)[number];

/** Lower case, as they read inside a sentence ("Samtycket gäller inte elevhälsoinsatser."). */
export const DISCLOSURE_CATEGORY_LABELS: Record<DisclosureCategory, string> = {
  attendance: "närvaro",
  results: "kunskaper och resultat",
  supportMeasures: "stödinsatser",
  wellbeing: "trivsel och kamratrelationer",
  studentHealth: "elevhälsoinsatser",
};

/**
 * Who gave a consent. One record per giver: each guardian (and the child) gives, and may revoke,
 * their own consent, at their own time and through their own link.
 */
export const CONSENT_GIVERS = ["guardian1", "guardian2", "child"] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_GIVER_LABELS: Record<ConsentGiver, string> = {
  guardian1: "vårdnadshavare 1",
  guardian2: "vårdnadshavare 2",
  child: "barnet",
};

/** How a consent was obtained. */
export const CONSENT_METHODS = ["digitalLink", "signedPaper", "oral"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  digitalLink: "digital länk",
  signedPaper: "undertecknad blankett",
  oral: "muntligt",
};

/** The age from which the child's own consent is asked too (a municipal setting; LAW.md). */
const DEFAULT_CHILD_CONSENT_AGE = 15;
/** From 18 the guardians no longer decide: only the young person's own consent counts. */
export const AGE_OF_MAJORITY = 18;

export interface ConsentRecord {
  id: string;
  childId: string;
  givenBy: ConsentGiver;
  method: ConsentMethod;
  categories: readonly DisclosureCategory[];
  /** The parties the information may pass between: this district and this school. */
  districtId: string;
  schoolId: string;
  /** YYYY-MM-DD, both days included. */
  validFrom: string;
  validTo: string;
  revokedAt: Date | null;
}

/**
 * `guardians`: how many guardians (vårdnadshavare) the child's record holds. `soleCustodian`:
 * guardian 1 is recorded as having sole custody, so guardian 1's consent is enough. One
 * guardian without sole custody recorded is refused: the portal cannot tell that nobody else
 * shares the custody.
 */
interface Custody {
  guardians: 1 | 2;
  soleCustodian: boolean;
}

export interface DisclosureChild {
  id: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  custody: Custody;
  /**
   * The caseworker's recorded maturity assessment: a child under the municipal age is mature
   * enough to decide together with the guardians, so the child's own consent is needed too.
   */
  matureForOwnConsent?: boolean;
}

export const DISCLOSURE_DIRECTIONS = ["schoolToSocialServices", "socialServicesToSchool"] as const;
export type DisclosureDirection = (typeof DISCLOSURE_DIRECTIONS)[number];

/**
 * The legal bases the caseworker chooses from. Each is a duty for the school to provide
 * information, which secrecy yields to (10 kap. 28 § OSL); social services have no matching
 * duty towards the school, so no basis runs that way.
 */
export const LEGAL_BASIS_CODES = ["reportingDuty", "investigationInformationDuty"] as const;
export type LegalBasisCode = (typeof LEGAL_BASIS_CODES)[number];

export const LEGAL_BASIS_LABELS: Record<LegalBasisCode, string> = {
  reportingDuty:
    "Skolans anmälningsskyldighet vid oro för ett barn (19 kap. 1 § socialtjänstlagen (2025:400), 10 kap. 28 § OSL)",
  investigationInformationDuty:
    "Skolans uppgiftsskyldighet till en inledd utredning (20 kap. 6 § socialtjänstlagen (2025:400), 10 kap. 28 § OSL)",
};

export interface LegalBasisRecord {
  id: string;
  childId: string;
  basisCode: LegalBasisCode;
  categories: readonly DisclosureCategory[];
  districtId: string;
  schoolId: string;
  direction: DisclosureDirection;
  /** Who recorded it (a user id), when, and the secrecy assessment they wrote. */
  recordedBy: string;
  recordedAt: Date;
  secrecyAssessment: string;
  /** YYYY-MM-DD, included; none: until removed. */
  validTo?: string | null;
  /** YYYY-MM-DD: the day it was ended (no longer valid from that day), if it was. */
  endedOn?: string | null;
}

export interface DisclosureParty {
  organisationId: string;
  kind: "school" | "district";
}

export interface DisclosureInput {
  child: DisclosureChild;
  /** The organisation that holds the information and discloses it. */
  from: DisclosureParty;
  receiving: DisclosureParty;
  category: DisclosureCategory;
  consents: readonly ConsentRecord[];
  legalBases: readonly LegalBasisRecord[];
  /** YYYY-MM-DD in Europe/Stockholm. */
  today: string;
  childConsentAge?: number;
}

type DisclosureBasis =
  { kind: "consent"; consentIds: string[] } | { kind: "legalBasis"; legalBasisId: string };

export type DisclosureDecision =
  { allowed: true; basis: DisclosureBasis } | { allowed: false; reason: string };

/**
 * May this disclosure happen? Yes with its basis, or no with one reason in Swedish.
 *
 * The basis, in this order:
 * 1. A legal basis for this child covering the category, this district and school, and the
 *    direction school → social services; not past its valid-to date; with a written secrecy
 *    assessment. The most recently recorded one is named.
 * 2. Consent: every giver the child's age and custody require (guardian 1; guardian 2 unless
 *    guardian 1 has sole custody; the child from `childConsentAge`, default 15, or when assessed
 *    mature; only the child from 18) has a consent for this child covering the category and
 *    this district–school pair, with today within its dates, not revoked. A consent covers both
 *    directions between its two parties. One consent per giver is named (the one valid longest).
 *
 * When refused, the reason is the first that applies:
 * 1. The parties are not one school and one district.
 * 2. A legal basis for this child, the category, these parties and this direction exists but
 *    cannot be used: it runs social services → school (no duty to provide information that way:
 *    consent is needed), it has expired, or its secrecy assessment is empty. Whoever recorded it
 *    relies on it, so it is what they need to hear about. Bases for another category, other
 *    parties or the other direction are not mentioned: the reason is about consent.
 * 3. One guardian on record without sole custody, and no consent from a guardian 2: the custody
 *    must be recorded first.
 * 4. Consent, for the first required giver (guardian 1, guardian 2, the child) without a valid
 *    consent. A giver with no consent at all: "Samtycke saknas från …" (every such giver named
 *    when none of the missing givers has any consent), or, for the child alone, why the child's
 *    own consent is needed. A giver with consents: the one that gets furthest through the
 *    checks (other district, other school, other category, expired, not yet valid, revoked) is
 *    explained by the check it fails; the sentence names the giver unless every required giver
 *    fails the same way (one consent form signed by both guardians).
 */
export function decideDisclosure(input: DisclosureInput): DisclosureDecision {
  const today = isoDate(input.today, "today");
  isoDate(input.child.birthDate, "child.birthDate");
  const consentAge = input.childConsentAge ?? DEFAULT_CHILD_CONSENT_AGE;
  if (!Number.isInteger(consentAge) || consentAge < 0 || consentAge > AGE_OF_MAJORITY) {
    throw new RangeError(`childConsentAge must be a whole number from 0 to ${AGE_OF_MAJORITY}`);
  }

  const parties = pairOf(input.from, input.receiving);
  if (!parties) {
    return refuse("Uppgifter kan bara lämnas mellan en skola och en stadsdelsförvaltning.");
  }
  const { districtId, schoolId, direction } = parties;

  // 1. A legal basis covering the category, the parties and the direction.
  const relevantBases = input.legalBases.filter(
    (b) =>
      b.childId === input.child.id &&
      b.direction === direction &&
      b.districtId === districtId &&
      b.schoolId === schoolId &&
      b.categories.includes(input.category),
  );
  const legalBasis = relevantBases
    .filter((b) => legalBasisProblem(b, today) === null)
    .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime())[0];
  if (legalBasis) {
    return { allowed: true, basis: { kind: "legalBasis", legalBasisId: legalBasis.id } };
  }

  // 2. Consent from every giver required.
  const required = requiredGivers(input.child, today, consentAge);
  const consents = input.consents.filter((c) => c.childId === input.child.id);
  const outcomes = required.map((giver) =>
    giverOutcome(
      giver,
      consents.filter((c) => c.givenBy === giver),
      { districtId, schoolId, category: input.category, today },
    ),
  );
  const chosen = outcomes.map((o) => o.valid);
  if (chosen.every((c): c is ConsentRecord => c !== null)) {
    return { allowed: true, basis: { kind: "consent", consentIds: chosen.map((c) => c.id) } };
  }

  // Refused: a legal basis recorded for exactly this, but unusable, is the first thing to say.
  const unusableBasis = relevantBases
    .map((b) => legalBasisProblem(b, today))
    .find((problem) => problem !== null);
  if (unusableBasis) return refuse(unusableBasis);

  return refuse(consentReason(outcomes, input.child, today, consentAge));
}

/**
 * The last day of the school year a consent given today runs to by default: 30 June this year,
 * or next year's when today is after 30 June.
 */
export function consentDefaultValidTo(today: string): string {
  const date = isoDate(today, "today");
  const year = Number(date.slice(0, 4));
  return date.slice(5) <= "06-30" ? `${year}-06-30` : `${year + 1}-06-30`;
}

/**
 * Whole years of age on `today`. Born on 29 February: a year older on 28 February in other
 * years (the month-end rule of `addToDate`), so the child's own say comes no later than due.
 */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return addToDate(birthDate, { years }) <= today ? years : years - 1;
}

/** The givers whose consent is needed, in the order refusals name them. */
export function requiredGivers(
  child: DisclosureChild,
  today: string,
  childConsentAge: number = DEFAULT_CHILD_CONSENT_AGE,
): ConsentGiver[] {
  if (ageOn(child.birthDate, today) >= AGE_OF_MAJORITY) return ["child"];
  const givers: ConsentGiver[] = ["guardian1"];
  if (!child.custody.soleCustodian) givers.push("guardian2");
  if (childOwnSay(child, today, childConsentAge)) givers.push("child");
  return givers;
}

// ---------------------------------------------------------------------------------------------

type Failure =
  | { kind: "district" }
  | { kind: "school" }
  | { kind: "category"; category: DisclosureCategory }
  | { kind: "expired"; validTo: string }
  | { kind: "notYetValid"; validFrom: string }
  | { kind: "revoked"; revokedOn: string };

/** The checks a consent passes, in order: how far it gets decides which consent is explained. */
const CHECK_ORDER: Failure["kind"][] = [
  "district",
  "school",
  "category",
  "expired",
  "notYetValid",
  "revoked",
];

interface GiverOutcome {
  giver: ConsentGiver;
  /** The valid consent relied on, if any. */
  valid: ConsentRecord | null;
  /** Why the giver's most nearly valid consent fails; null when there is none at all. */
  failure: Failure | null;
}

function giverOutcome(
  giver: ConsentGiver,
  records: readonly ConsentRecord[],
  target: { districtId: string; schoolId: string; category: DisclosureCategory; today: string },
): GiverOutcome {
  let valid: ConsentRecord | null = null;
  let nearest: { failure: Failure; rank: number } | null = null;
  for (const record of records) {
    const failure = consentFailure(record, target);
    if (!failure) {
      if (!valid || record.validTo > valid.validTo) valid = record;
      continue;
    }
    const rank = CHECK_ORDER.indexOf(failure.kind);
    if (!nearest || rank > nearest.rank) nearest = { failure, rank };
  }
  return { giver, valid, failure: valid ? null : (nearest?.failure ?? null) };
}

function consentFailure(
  consent: ConsentRecord,
  target: { districtId: string; schoolId: string; category: DisclosureCategory; today: string },
): Failure | null {
  const validFrom = isoDate(consent.validFrom, `consent ${consent.id} validFrom`);
  const validTo = isoDate(consent.validTo, `consent ${consent.id} validTo`);
  if (consent.districtId !== target.districtId) return { kind: "district" };
  if (consent.schoolId !== target.schoolId) return { kind: "school" };
  if (!consent.categories.includes(target.category)) {
    return { kind: "category", category: target.category };
  }
  if (target.today > validTo) return { kind: "expired", validTo };
  if (target.today < validFrom) return { kind: "notYetValid", validFrom };
  // Revocation stops a consent at once, whenever it was recorded.
  if (consent.revokedAt !== null) {
    return { kind: "revoked", revokedOn: stockholmDate(consent.revokedAt) };
  }
  return null;
}

function failureText(failure: Failure, subject: string): string {
  switch (failure.kind) {
    case "district":
      return `${subject} gäller en annan stadsdelsförvaltning.`;
    case "school":
      return `${subject} gäller en annan skola.`;
    case "category":
      return `${subject} gäller inte ${DISCLOSURE_CATEGORY_LABELS[failure.category]}.`;
    case "expired":
      return `${subject} gäller till och med ${failure.validTo} och har gått ut.`;
    case "notYetValid":
      return `${subject} gäller först från och med ${failure.validFrom}.`;
    case "revoked":
      return `${subject} återkallades ${failure.revokedOn}.`;
  }
}

function consentReason(
  outcomes: readonly GiverOutcome[],
  child: DisclosureChild,
  today: string,
  consentAge: number,
): string {
  const missing = outcomes.filter((o) => o.valid === null);
  const first = missing[0];
  if (!first) throw new Error("consentReason called with every consent in place");

  // One guardian on record without sole custody: nobody can give guardian 2's consent.
  if (
    child.custody.guardians === 1 &&
    missing.some((o) => o.giver === "guardian2" && o.failure === null)
  ) {
    return "Barnet har en vårdnadshavare registrerad men inte ensam vårdnad. Registrera vårdnadshavare 2, eller att vårdnadshavare 1 har ensam vårdnad.";
  }

  if (missing.every((o) => o.failure === null)) {
    if (missing.length === 1 && first.giver === "child") {
      return childOwnConsentReason(child, today, consentAge);
    }
    return `Samtycke saknas från ${joinSwedish(missing.map((o) => CONSENT_GIVER_LABELS[o.giver]))}.`;
  }

  // Every required giver fails, and in the same way: one sentence about "the consent".
  const failures = missing.map((o) => o.failure);
  if (missing.length === outcomes.length && failures.every((f): f is Failure => f !== null)) {
    const texts = new Set(failures.map((f) => failureText(f, "Samtycket")));
    const [only] = texts;
    if (texts.size === 1 && only) return only;
  }

  // The child comes last, so a child without any consent is never first here.
  if (first.failure === null) return `Samtycke saknas från ${CONSENT_GIVER_LABELS[first.giver]}.`;
  return failureText(first.failure, `Samtycket från ${CONSENT_GIVER_LABELS[first.giver]}`);
}

function childOwnSay(child: DisclosureChild, today: string, consentAge: number): boolean {
  return ageOn(child.birthDate, today) >= consentAge || child.matureForOwnConsent === true;
}

function childOwnConsentReason(child: DisclosureChild, today: string, consentAge: number): string {
  if (ageOn(child.birthDate, today) >= AGE_OF_MAJORITY) {
    return "Den unge är 18 år eller äldre och bestämmer själv: den unges eget samtycke behövs.";
  }
  if (ageOn(child.birthDate, today) >= consentAge) {
    return `Barnet är ${consentAge} år eller äldre: barnets eget samtycke behövs också.`;
  }
  return "Barnet har bedömts moget att själv ta ställning: barnets eget samtycke behövs också.";
}

/** Why a legal basis covering the category and parties cannot be used, or null when it can. */
function legalBasisProblem(basis: LegalBasisRecord, today: string): string | null {
  if (basis.direction !== "schoolToSocialServices") {
    return "En rättslig grund kan inte användas när socialtjänsten lämnar uppgifter till skolan: socialtjänsten har ingen uppgiftsskyldighet mot skolan (10 kap. 28 § OSL). Det behövs samtycke.";
  }
  if (basis.endedOn != null && today >= isoDate(basis.endedOn, `legal basis ${basis.id} endedOn`)) {
    return `Den rättsliga grunden avslutades ${basis.endedOn}.`;
  }
  if (basis.validTo != null && today > isoDate(basis.validTo, `legal basis ${basis.id} validTo`)) {
    return `Den rättsliga grunden gäller till och med ${basis.validTo} och har gått ut.`;
  }
  if (basis.secrecyAssessment.trim() === "" || basis.recordedBy.trim() === "") {
    return "Den rättsliga grunden saknar en sekretessprövning: skriv den innan uppgifterna lämnas.";
  }
  return null;
}

function pairOf(
  from: DisclosureParty,
  receiving: DisclosureParty,
): { districtId: string; schoolId: string; direction: DisclosureDirection } | null {
  if (from.kind === "school" && receiving.kind === "district") {
    return {
      districtId: receiving.organisationId,
      schoolId: from.organisationId,
      direction: "schoolToSocialServices",
    };
  }
  if (from.kind === "district" && receiving.kind === "school") {
    return {
      districtId: from.organisationId,
      schoolId: receiving.organisationId,
      direction: "socialServicesToSchool",
    };
  }
  return null;
}

function refuse(reason: string): DisclosureDecision {
  return { allowed: false, reason };
}

/** "a", "a och b", "a, b och c". */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} och ${items.at(-1)}`;
}

/** A real calendar date as YYYY-MM-DD, or an error: a malformed date must never compare as valid. */
function isoDate(value: string, what: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${what} is not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  }
  return value;
}
