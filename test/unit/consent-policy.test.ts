/**
 * Whether a disclosure may happen (app/modules/consent/policy.ts): one table of cases for
 * `decideDisclosure`, each asserting the whole decision (the basis and its ids, or the exact
 * Swedish reason), then the default valid-to date, age on a date, and malformed input.
 */
import { describe, expect, it } from "vitest";
import {
  ageOn,
  consentDefaultValidTo,
  decideDisclosure,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_CATEGORY_LABELS,
  type ConsentGiver,
  type ConsentRecord,
  type DisclosureCategory,
  type DisclosureChild,
  type DisclosureDecision,
  type DisclosureInput,
  type LegalBasisRecord,
  requiredGivers,
} from "~/modules/consent/policy";

const CHILD = "c0000000-0000-4000-8000-000000000001";
const OTHER_CHILD = "c0000000-0000-4000-8000-000000000002";
const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";
const SCHOOL = "a0000000-0000-4000-8000-00000000000a";
const OTHER_SCHOOL = "b0000000-0000-4000-8000-00000000000b";
const TODAY = "2026-11-25";

/** An 11-year-old with two guardians sharing custody. */
const BASE_CHILD: DisclosureChild = {
  id: CHILD,
  birthDate: "2015-03-10",
  custody: { guardians: 2, soleCustodian: false },
};

function consent(
  id: string,
  givenBy: ConsentGiver,
  over: Partial<ConsentRecord> = {},
): ConsentRecord {
  return {
    id,
    childId: CHILD,
    givenBy,
    method: "digitalLink",
    categories: [...DISCLOSURE_CATEGORIES],
    districtId: DISTRICT,
    schoolId: SCHOOL,
    validFrom: "2026-08-15",
    validTo: "2027-06-30",
    revokedAt: null,
    ...over,
  };
}

/** Guardian 1's and guardian 2's consents, given on one form: the same content. */
function bothGuardians(over: Partial<ConsentRecord> = {}): ConsentRecord[] {
  return [consent("g1", "guardian1", over), consent("g2", "guardian2", over)];
}

function basis(id: string, over: Partial<LegalBasisRecord> = {}): LegalBasisRecord {
  return {
    id,
    childId: CHILD,
    basisCode: "investigationInformationDuty",
    categories: [...DISCLOSURE_CATEGORIES],
    districtId: DISTRICT,
    schoolId: SCHOOL,
    direction: "schoolToSocialServices",
    recordedBy: "u0000000-0000-4000-8000-000000000001",
    recordedAt: new Date("2026-11-20T09:00:00Z"),
    secrecyAssessment:
      "Utredning inledd 2026-11-18. Skolan är uppgiftsskyldig enligt 20 kap. 6 § SoL; sekretessen viker enligt 10 kap. 28 § OSL.",
    validTo: null,
    ...over,
  };
}

const schoolParty = (organisationId = SCHOOL) => ({ organisationId, kind: "school" as const });
const districtParty = (organisationId = DISTRICT) => ({
  organisationId,
  kind: "district" as const,
});

interface Case {
  name: string;
  child?: Partial<DisclosureChild>;
  /** Default: the school discloses to social services. */
  direction?: "schoolToSocialServices" | "socialServicesToSchool";
  parties?: Pick<DisclosureInput, "from" | "receiving">;
  category?: DisclosureCategory;
  consents?: ConsentRecord[];
  legalBases?: LegalBasisRecord[];
  today?: string;
  childConsentAge?: number;
  expected: DisclosureDecision;
}

const allowedByConsent = (...consentIds: string[]): DisclosureDecision => ({
  allowed: true,
  basis: { kind: "consent", consentIds },
});
const allowedByLegalBasis = (legalBasisId: string): DisclosureDecision => ({
  allowed: true,
  basis: { kind: "legalBasis", legalBasisId },
});
const refused = (reason: string): DisclosureDecision => ({ allowed: false, reason });

const CHILD_OWN_CONSENT = "Barnet är 15 år eller äldre: barnets eget samtycke behövs också.";
const WRONG_DIRECTION =
  "En rättslig grund kan inte användas när socialtjänsten lämnar uppgifter till skolan: socialtjänsten har ingen uppgiftsskyldighet mot skolan (10 kap. 28 § OSL). Det behövs samtycke.";

const cases: Case[] = [
  // Guardians and custody
  {
    name: "active consent from both guardians",
    consents: bothGuardians(),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "no consent and no legal basis",
    expected: refused("Samtycke saknas från vårdnadshavare 1 och vårdnadshavare 2."),
  },
  {
    name: "only guardian 1 of 2",
    consents: [consent("g1", "guardian1")],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },
  {
    name: "only guardian 2 of 2",
    consents: [consent("g2", "guardian2")],
    expected: refused("Samtycke saknas från vårdnadshavare 1."),
  },
  {
    name: "one guardian with sole custody, who consents",
    child: { custody: { guardians: 1, soleCustodian: true } },
    consents: [consent("g1", "guardian1")],
    expected: allowedByConsent("g1"),
  },
  {
    name: "two guardians on record, guardian 1 with sole custody, who consents",
    child: { custody: { guardians: 2, soleCustodian: true } },
    consents: [consent("g1", "guardian1")],
    expected: allowedByConsent("g1"),
  },
  {
    name: "guardian 1 has sole custody: guardian 2's consent alone is not enough",
    child: { custody: { guardians: 2, soleCustodian: true } },
    consents: [consent("g2", "guardian2")],
    expected: refused("Samtycke saknas från vårdnadshavare 1."),
  },
  {
    name: "one guardian on record without sole custody recorded",
    child: { custody: { guardians: 1, soleCustodian: false } },
    consents: [consent("g1", "guardian1")],
    expected: refused(
      "Barnet har en vårdnadshavare registrerad men inte ensam vårdnad. Registrera vårdnadshavare 2, eller att vårdnadshavare 1 har ensam vårdnad.",
    ),
  },
  {
    name: "a consent about another child does not count",
    consents: [consent("g1", "guardian1"), consent("g2", "guardian2", { childId: OTHER_CHILD })],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },
  {
    name: "the child's consent does not replace a guardian's under 15",
    consents: [consent("g1", "guardian1"), consent("ch", "child")],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },

  // Dates and revocation
  {
    name: "expired",
    consents: bothGuardians({ validFrom: "2025-08-15", validTo: "2026-06-15" }),
    expected: refused("Samtycket gäller till och med 2026-06-15 och har gått ut."),
  },
  {
    name: "the last valid day",
    consents: bothGuardians({ validTo: TODAY }),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "not yet valid",
    consents: bothGuardians({ validFrom: "2027-01-10" }),
    expected: refused("Samtycket gäller först från och med 2027-01-10."),
  },
  {
    name: "the first valid day",
    consents: bothGuardians({ validFrom: TODAY }),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "revoked by guardian 2: the sentence names guardian 2",
    consents: [
      consent("g1", "guardian1"),
      consent("g2", "guardian2", { revokedAt: new Date("2026-11-02T10:00:00Z") }),
    ],
    expected: refused("Samtycket från vårdnadshavare 2 återkallades 2026-11-02."),
  },
  {
    name: "revoked by both, the date as in Stockholm (00:30 on 2 November)",
    consents: bothGuardians({ revokedAt: new Date("2026-11-01T23:30:00Z") }),
    expected: refused("Samtycket återkallades 2026-11-02."),
  },
  {
    name: "guardian 2's consent expired while guardian 1's is valid",
    consents: [
      consent("g1", "guardian1"),
      consent("g2", "guardian2", { validFrom: "2025-08-15", validTo: "2026-06-15" }),
    ],
    expected: refused(
      "Samtycket från vårdnadshavare 2 gäller till och med 2026-06-15 och har gått ut.",
    ),
  },
  {
    name: "the guardians fail differently: guardian 1 is named first",
    consents: [
      consent("g1", "guardian1", { validFrom: "2025-08-15", validTo: "2026-06-15" }),
      consent("g2", "guardian2", { schoolId: OTHER_SCHOOL }),
    ],
    expected: refused(
      "Samtycket från vårdnadshavare 1 gäller till och med 2026-06-15 och har gått ut.",
    ),
  },
  {
    name: "a revoked current consent is explained before an older expired one",
    consents: [
      ...bothGuardians({ validFrom: "2025-08-15", validTo: "2026-06-15" }).map((c) => ({
        ...c,
        id: `${c.id}-old`,
      })),
      ...bothGuardians({ revokedAt: new Date("2026-11-02T10:00:00Z") }),
    ],
    expected: refused("Samtycket återkallades 2026-11-02."),
  },
  {
    name: "a coming consent is explained before an expired one",
    consents: [
      ...bothGuardians({ validFrom: "2025-08-15", validTo: "2026-06-15" }),
      ...bothGuardians({ validFrom: "2027-01-10" }).map((c) => ({ ...c, id: `${c.id}-new` })),
    ],
    expected: refused("Samtycket gäller först från och med 2027-01-10."),
  },
  {
    name: "an expired consent for this school is explained before an active one for another",
    consents: [
      consent("g1", "guardian1"),
      consent("g2-other", "guardian2", { schoolId: OTHER_SCHOOL }),
      consent("g2-old", "guardian2", { validFrom: "2025-08-15", validTo: "2026-06-15" }),
    ],
    expected: refused(
      "Samtycket från vårdnadshavare 2 gäller till och med 2026-06-15 och har gått ut.",
    ),
  },
  {
    name: "two valid consents from one giver: the one valid longest is named",
    consents: [
      consent("g1-short", "guardian1", { validTo: "2026-12-31" }),
      consent("g1-long", "guardian1", { validTo: "2027-06-30" }),
      consent("g2", "guardian2"),
    ],
    expected: allowedByConsent("g1-long", "g2"),
  },

  // Parties and category
  {
    name: "wrong school",
    consents: bothGuardians({ schoolId: OTHER_SCHOOL }),
    expected: refused("Samtycket gäller en annan skola."),
  },
  {
    name: "wrong district",
    consents: bothGuardians({ districtId: OTHER_DISTRICT }),
    expected: refused("Samtycket gäller en annan stadsdelsförvaltning."),
  },
  {
    name: "the disclosing school is another school than the consent's",
    parties: { from: schoolParty(OTHER_SCHOOL), receiving: districtParty() },
    consents: bothGuardians(),
    expected: refused("Samtycket gäller en annan skola."),
  },
  {
    name: "wrong category",
    category: "studentHealth",
    consents: bothGuardians({ categories: ["attendance", "results", "wellbeing"] }),
    expected: refused("Samtycket gäller inte elevhälsoinsatser."),
  },
  {
    name: "guardian 2's consent leaves out the category",
    category: "supportMeasures",
    consents: [
      consent("g1", "guardian1"),
      consent("g2", "guardian2", { categories: ["attendance"] }),
    ],
    expected: refused("Samtycket från vårdnadshavare 2 gäller inte stödinsatser."),
  },
  {
    name: "a category the consent covers",
    category: "wellbeing",
    consents: bothGuardians({ categories: ["attendance", "wellbeing"] }),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "school to school is no disclosure the portal decides",
    parties: { from: schoolParty(), receiving: schoolParty(OTHER_SCHOOL) },
    consents: bothGuardians(),
    expected: refused("Uppgifter kan bara lämnas mellan en skola och en stadsdelsförvaltning."),
  },
  {
    name: "district to district is no disclosure the portal decides",
    parties: { from: districtParty(), receiving: districtParty(OTHER_DISTRICT) },
    consents: bothGuardians(),
    expected: refused("Uppgifter kan bara lämnas mellan en skola och en stadsdelsförvaltning."),
  },

  // The child's own consent
  {
    name: "child of 15 without own consent",
    child: { birthDate: "2011-03-10" },
    consents: bothGuardians(),
    expected: refused(CHILD_OWN_CONSENT),
  },
  {
    name: "child of 15 with own consent and both guardians'",
    child: { birthDate: "2011-03-10" },
    consents: [...bothGuardians(), consent("ch", "child")],
    expected: allowedByConsent("g1", "g2", "ch"),
  },
  {
    name: "child of 15 with own consent only",
    child: { birthDate: "2011-03-10" },
    consents: [consent("ch", "child")],
    expected: refused("Samtycke saknas från vårdnadshavare 1 och vårdnadshavare 2."),
  },
  {
    name: "child turning 15 exactly today, without own consent",
    child: { birthDate: "2011-11-25" },
    consents: bothGuardians(),
    expected: refused(CHILD_OWN_CONSENT),
  },
  {
    name: "child turning 15 exactly today, with own consent",
    child: { birthDate: "2011-11-25" },
    consents: [...bothGuardians(), consent("ch", "child")],
    expected: allowedByConsent("g1", "g2", "ch"),
  },
  {
    name: "child turning 15 tomorrow: the guardians decide",
    child: { birthDate: "2011-11-26" },
    consents: bothGuardians(),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "the municipality's age set to 16: a child of 15 needs no own consent",
    child: { birthDate: "2011-03-10" },
    childConsentAge: 16,
    consents: bothGuardians(),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "the municipality's age set to 16: a child of 16 does",
    child: { birthDate: "2010-03-10" },
    childConsentAge: 16,
    consents: bothGuardians(),
    expected: refused("Barnet är 16 år eller äldre: barnets eget samtycke behövs också."),
  },
  {
    name: "child of 12 assessed mature, without own consent",
    child: { birthDate: "2014-03-10", matureForOwnConsent: true },
    consents: bothGuardians(),
    expected: refused(
      "Barnet har bedömts moget att själv ta ställning: barnets eget samtycke behövs också.",
    ),
  },
  {
    name: "child of 12 assessed mature, with own consent",
    child: { birthDate: "2014-03-10", matureForOwnConsent: true },
    consents: [...bothGuardians(), consent("ch", "child")],
    expected: allowedByConsent("g1", "g2", "ch"),
  },
  {
    name: "the child's own consent has expired",
    child: { birthDate: "2011-03-10" },
    consents: [...bothGuardians(), consent("ch", "child", { validTo: "2026-10-31" })],
    expected: refused("Samtycket från barnet gäller till och med 2026-10-31 och har gått ut."),
  },
  {
    name: "the child's own consent was revoked",
    child: { birthDate: "2011-03-10" },
    consents: [
      ...bothGuardians(),
      consent("ch", "child", { revokedAt: new Date("2026-11-20T08:00:00Z") }),
    ],
    expected: refused("Samtycket från barnet återkallades 2026-11-20."),
  },
  {
    name: "a young person of 18 decides alone",
    child: { birthDate: "2008-05-01" },
    consents: [consent("ch", "child")],
    expected: allowedByConsent("ch"),
  },
  {
    name: "a young person of 18: the guardians' consent is not theirs to give",
    child: { birthDate: "2008-05-01" },
    consents: bothGuardians(),
    expected: refused(
      "Den unge är 18 år eller äldre och bestämmer själv: den unges eget samtycke behövs.",
    ),
  },

  // Legal bases
  {
    name: "legal basis school → social services covering the category, without consent",
    legalBases: [basis("lb1")],
    expected: allowedByLegalBasis("lb1"),
  },
  {
    name: "legal basis wins over consent",
    consents: bothGuardians(),
    legalBases: [basis("lb1")],
    expected: allowedByLegalBasis("lb1"),
  },
  {
    name: "two legal bases: the most recently recorded is named",
    legalBases: [
      basis("lb-old", { recordedAt: new Date("2026-10-01T09:00:00Z") }),
      basis("lb-new", { recordedAt: new Date("2026-11-24T09:00:00Z") }),
    ],
    expected: allowedByLegalBasis("lb-new"),
  },
  {
    name: "legal basis on its last valid day",
    legalBases: [basis("lb1", { validTo: TODAY })],
    expected: allowedByLegalBasis("lb1"),
  },
  {
    name: "legal basis social services → school, without consent: refused, saying why",
    direction: "socialServicesToSchool",
    legalBases: [basis("lb1", { direction: "socialServicesToSchool" })],
    expected: refused(WRONG_DIRECTION),
  },
  {
    name: "legal basis social services → school is not used: consent carries it",
    direction: "socialServicesToSchool",
    consents: bothGuardians(),
    legalBases: [basis("lb1", { direction: "socialServicesToSchool" })],
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "social services → school with consent and no legal basis",
    direction: "socialServicesToSchool",
    consents: bothGuardians(),
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "a school → social services basis does not open the other direction",
    direction: "socialServicesToSchool",
    consents: [consent("g1", "guardian1")],
    legalBases: [basis("lb1")],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },
  {
    name: "a basis recorded social services → school is not used for school → social services",
    consents: [consent("g1", "guardian1")],
    legalBases: [basis("lb1", { direction: "socialServicesToSchool" })],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },
  {
    name: "legal basis for another category: falls back to consent",
    category: "studentHealth",
    consents: bothGuardians(),
    legalBases: [basis("lb1", { categories: ["attendance"] })],
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "legal basis for another category: the consent reason is given",
    category: "studentHealth",
    consents: [consent("g1", "guardian1")],
    legalBases: [basis("lb1", { categories: ["attendance"] })],
    expected: refused("Samtycke saknas från vårdnadshavare 2."),
  },
  {
    name: "legal basis for another school is not used",
    legalBases: [basis("lb1", { schoolId: OTHER_SCHOOL })],
    expected: refused("Samtycke saknas från vårdnadshavare 1 och vårdnadshavare 2."),
  },
  {
    name: "legal basis for another child is not used",
    legalBases: [basis("lb1", { childId: OTHER_CHILD })],
    expected: refused("Samtycke saknas från vårdnadshavare 1 och vårdnadshavare 2."),
  },
  {
    name: "legal basis expired",
    consents: [consent("g1", "guardian1")],
    legalBases: [basis("lb1", { validTo: "2026-10-31" })],
    expected: refused("Den rättsliga grunden gäller till och med 2026-10-31 och har gått ut."),
  },
  {
    name: "legal basis expired, but consent carries it",
    consents: bothGuardians(),
    legalBases: [basis("lb1", { validTo: "2026-10-31" })],
    expected: allowedByConsent("g1", "g2"),
  },
  {
    name: "legal basis without a secrecy assessment",
    legalBases: [basis("lb1", { secrecyAssessment: "  " })],
    expected: refused(
      "Den rättsliga grunden saknar en sekretessprövning: skriv den innan uppgifterna lämnas.",
    ),
  },
];

describe("decideDisclosure", () => {
  it.each(cases)("$name", (c) => {
    const toSocialServices = (c.direction ?? "schoolToSocialServices") === "schoolToSocialServices";
    const parties = c.parties ?? {
      from: toSocialServices ? schoolParty() : districtParty(),
      receiving: toSocialServices ? districtParty() : schoolParty(),
    };
    const decision = decideDisclosure({
      child: { ...BASE_CHILD, ...c.child },
      ...parties,
      category: c.category ?? "attendance",
      consents: c.consents ?? [],
      legalBases: c.legalBases ?? [],
      today: c.today ?? TODAY,
      ...(c.childConsentAge === undefined ? {} : { childConsentAge: c.childConsentAge }),
    });
    expect(decision).toEqual(c.expected);
  });

  it("throws on a malformed date rather than comparing it", () => {
    const input: DisclosureInput = {
      child: BASE_CHILD,
      from: schoolParty(),
      receiving: districtParty(),
      category: "attendance",
      consents: bothGuardians(),
      legalBases: [],
      today: TODAY,
    };
    expect(decideDisclosure(input).allowed).toBe(true);
    expect(() => decideDisclosure({ ...input, today: "2026-11-5" })).toThrow(RangeError);
    expect(() =>
      decideDisclosure({ ...input, consents: bothGuardians({ validTo: "2027-02-30" }) }),
    ).toThrow(RangeError);
    expect(() => decideDisclosure({ ...input, childConsentAge: 19 })).toThrow(RangeError);
  });
});

// Whose consent is needed, by age and custody. The integration tests have only official test
// numbers, all of them 17 or older; the younger children are decided here.
describe("requiredGivers", () => {
  const twoGuardians = { guardians: 2, soleCustodian: false } as const;
  const soleCustody = { guardians: 1, soleCustodian: true } as const;
  const cases: [
    name: string,
    child: Pick<DisclosureChild, "birthDate" | "custody" | "matureForOwnConsent">,
    expected: ConsentGiver[],
  ][] = [
    [
      "11, two guardians",
      { birthDate: "2015-03-10", custody: twoGuardians },
      ["guardian1", "guardian2"],
    ],
    [
      "11, guardian 1 with sole custody",
      { birthDate: "2015-03-10", custody: soleCustody },
      ["guardian1"],
    ],
    ["15 tomorrow", { birthDate: "2011-11-26", custody: twoGuardians }, ["guardian1", "guardian2"]],
    [
      "15 today",
      { birthDate: "2011-11-25", custody: twoGuardians },
      ["guardian1", "guardian2", "child"],
    ],
    [
      "15, guardian 1 with sole custody",
      { birthDate: "2011-03-10", custody: soleCustody },
      ["guardian1", "child"],
    ],
    [
      "12, assessed mature",
      { birthDate: "2014-03-10", custody: twoGuardians, matureForOwnConsent: true },
      ["guardian1", "guardian2", "child"],
    ],
    [
      "18 tomorrow",
      { birthDate: "2008-11-26", custody: twoGuardians },
      ["guardian1", "guardian2", "child"],
    ],
    ["18 today", { birthDate: "2008-11-25", custody: twoGuardians }, ["child"]],
    [
      "18, guardian 1 had sole custody",
      { birthDate: "2008-05-01", custody: soleCustody },
      ["child"],
    ],
  ];
  it.each(cases)("%s", (_name, child, expected) => {
    expect(requiredGivers({ id: CHILD, ...child }, TODAY)).toEqual(expected);
  });
});

describe("consentDefaultValidTo", () => {
  const cases: [today: string, expected: string][] = [
    ["2026-11-25", "2027-06-30"],
    ["2027-01-01", "2027-06-30"],
    ["2027-06-30", "2027-06-30"],
    ["2027-07-01", "2028-06-30"],
    ["2026-12-31", "2027-06-30"],
  ];
  it.each(cases)("%s → %s", (today, expected) => {
    expect(consentDefaultValidTo(today)).toBe(expected);
  });
});

describe("ageOn", () => {
  const cases: [birthDate: string, today: string, expected: number][] = [
    ["2011-11-25", "2026-11-25", 15],
    ["2011-11-26", "2026-11-25", 14],
    ["2011-12-31", "2026-01-01", 14],
    ["2012-02-29", "2027-02-27", 14],
    ["2012-02-29", "2027-02-28", 15],
    ["2012-02-29", "2028-02-29", 16],
  ];
  it.each(cases)("born %s, on %s: %i", (birthDate, today, expected) => {
    expect(ageOn(birthDate, today)).toBe(expected);
  });
});

describe("labels", () => {
  it("every category has its Swedish label", () => {
    expect(DISCLOSURE_CATEGORIES.map((c) => DISCLOSURE_CATEGORY_LABELS[c])).toEqual([
      "närvaro",
      "kunskaper och resultat",
      "stödinsatser",
      "trivsel och kamratrelationer",
      "elevhälsoinsatser",
    ]);
  });
});
