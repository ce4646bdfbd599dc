import type { PolicyMembership } from "~/auth/roles";
/**
 * Cooperation agreements, the pure parts: who signs, an agreement's status, the reminder
 * thresholds and calendar arithmetic (policy.ts), the canonical text that is hashed and signed
 * (document.ts), and how the agreement forms' entries become nested values (schema.ts).
 */
import { describe, expect, it } from "vitest";
import type { AgreementVersionStatus, Role } from "../../db/schema";
import { canonicalAgreementText, type AgreementDocument } from "~/modules/agreements/document";
import {
  addToDate,
  agreementStatus,
  reminderReached,
  requiredSignatories,
  signatoryFor,
  stockholmDate,
  type AgreementStatus,
} from "~/modules/agreements/policy";
import { nestedFormValues } from "~/modules/agreements/schema";

const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";
const SCHOOL_A = "a0000000-0000-4000-8000-00000000000a";
const SCHOOL_B = "b0000000-0000-4000-8000-00000000000b";
const EDUCATION = "e0000000-0000-4000-8000-00000000000e";

describe("requiredSignatories", () => {
  it("a municipal and an independent school: both principals, the district manager and the education manager", () => {
    expect(
      requiredSignatories({
        districtId: DISTRICT,
        schools: [
          { id: SCHOOL_A, operatorType: "municipal" },
          { id: SCHOOL_B, operatorType: "independent" },
        ],
        educationAdminId: EDUCATION,
      }),
    ).toEqual([
      { organisationId: SCHOOL_A, role: "principal" },
      { organisationId: SCHOOL_B, role: "principal" },
      { organisationId: DISTRICT, role: "districtManager" },
      { organisationId: EDUCATION, role: "educationManager" },
    ]);
  });

  it("independent schools only: no education manager", () => {
    const signatories = requiredSignatories({
      districtId: DISTRICT,
      schools: [{ id: SCHOOL_B, operatorType: "independent" }],
      educationAdminId: EDUCATION,
    });
    expect(signatories).toEqual([
      { organisationId: SCHOOL_B, role: "principal" },
      { organisationId: DISTRICT, role: "districtManager" },
    ]);
    expect(signatories.some((s) => s.role === "educationManager")).toBe(false);
  });

  it("independent schools only need no education administration", () => {
    expect(
      requiredSignatories({
        districtId: DISTRICT,
        schools: [{ id: SCHOOL_B, operatorType: "independent" }],
        educationAdminId: null,
      }),
    ).toHaveLength(2);
  });

  it("throws when a municipal school is included and there is no education administration", () => {
    expect(() =>
      requiredSignatories({
        districtId: DISTRICT,
        schools: [
          { id: SCHOOL_A, operatorType: "municipal" },
          { id: SCHOOL_B, operatorType: "independent" },
        ],
        educationAdminId: null,
      }),
    ).toThrow();
  });
});

describe("signatoryFor", () => {
  const signatories = requiredSignatories({
    districtId: DISTRICT,
    schools: [
      { id: SCHOOL_A, operatorType: "municipal" },
      { id: SCHOOL_B, operatorType: "independent" },
    ],
    educationAdminId: EDUCATION,
  });
  const onlyB = signatories.filter((s) => s.organisationId !== SCHOOL_A);
  const member = (
    role: Role,
    organisationId: string,
    organisationKind: PolicyMembership["organisationKind"],
  ): PolicyMembership => ({ role, organisationId, organisationKind });

  const cases: {
    who: string;
    membership: PolicyMembership;
    signatories: typeof signatories;
    expected: { organisationId: string; role: string } | null;
  }[] = [
    {
      who: "the principal of school A, for school A",
      membership: member("principal", SCHOOL_A, "school"),
      signatories,
      expected: { organisationId: SCHOOL_A, role: "principal" },
    },
    {
      who: "the principal of school A, in an agreement only for school B",
      membership: member("principal", SCHOOL_A, "school"),
      signatories: onlyB,
      expected: null,
    },
    {
      who: "the district manager of the district",
      membership: member("districtManager", DISTRICT, "district"),
      signatories,
      expected: { organisationId: DISTRICT, role: "districtManager" },
    },
    {
      who: "a district manager of another district",
      membership: member("districtManager", OTHER_DISTRICT, "district"),
      signatories,
      expected: null,
    },
    {
      who: "the education manager",
      membership: member("educationManager", EDUCATION, "education_admin"),
      signatories,
      expected: { organisationId: EDUCATION, role: "educationManager" },
    },
    {
      who: "an administrator of the education administration",
      membership: member("admin", EDUCATION, "education_admin"),
      signatories,
      expected: null,
    },
    {
      who: "a mentor of school A",
      membership: member("mentor", SCHOOL_A, "school"),
      signatories,
      expected: null,
    },
    {
      who: "student health of school B",
      membership: member("studentHealth", SCHOOL_B, "school"),
      signatories,
      expected: null,
    },
    {
      who: "a caseworker of the district",
      membership: member("caseworker", DISTRICT, "district"),
      signatories,
      expected: null,
    },
  ];

  it.each(cases)("$who", ({ membership, signatories: list, expected }) => {
    expect(signatoryFor(membership, list)).toEqual(expected);
  });
});

describe("agreementStatus", () => {
  const TODAY = "2026-05-10";
  const v = (versionNumber: number, status: AgreementVersionStatus) => ({
    versionNumber,
    status,
  });
  const cases: {
    name: string;
    versions: ReturnType<typeof v>[];
    reviewDate?: string | null;
    activeTemplateRevision?: number | null;
    latestTemplateRevision?: number | null;
    expected: AgreementStatus;
  }[] = [
    { name: "no versions", versions: [], expected: "none" },
    { name: "a draft", versions: [v(1, "draft")], expected: "draft" },
    { name: "out for signing", versions: [v(1, "signing")], expected: "signing" },
    {
      name: "active, review date ahead",
      versions: [v(1, "active")],
      reviewDate: "2028-05-10",
      expected: "active",
    },
    { name: "active, no review date", versions: [v(1, "active")], expected: "active" },
    { name: "declined", versions: [v(1, "declined")], expected: "declined" },
    {
      name: "active wins over a newer version out for signing",
      versions: [v(1, "active"), v(2, "signing")],
      reviewDate: "2028-05-10",
      expected: "active",
    },
    {
      name: "active wins over a newer draft",
      versions: [v(2, "draft"), v(1, "active")],
      expected: "active",
    },
    {
      name: "active wins over a newer declined version",
      versions: [v(1, "active"), v(2, "declined")],
      expected: "active",
    },
    {
      name: "the newest version decides when none is active (declined, then a new draft)",
      versions: [v(1, "declined"), v(2, "draft")],
      expected: "draft",
    },
    {
      name: "the newest version decides when none is active (withdrawn, then signing)",
      versions: [v(2, "signing"), v(1, "withdrawn")],
      expected: "signing",
    },
    {
      name: "revision due: the review date is today",
      versions: [v(1, "active")],
      reviewDate: TODAY,
      expected: "revisionDue",
    },
    {
      name: "revision due: the review date has passed",
      versions: [v(1, "active"), v(2, "signing")],
      reviewDate: "2026-05-09",
      expected: "revisionDue",
    },
    {
      name: "not yet due the day before",
      versions: [v(1, "active")],
      reviewDate: "2026-05-11",
      expected: "active",
    },
    {
      name: "revision due: the template has a newer revision",
      versions: [v(1, "active")],
      reviewDate: "2028-05-10",
      activeTemplateRevision: 1,
      latestTemplateRevision: 2,
      expected: "revisionDue",
    },
    {
      name: "not due when the active version is on the latest template revision",
      versions: [v(1, "active")],
      reviewDate: "2028-05-10",
      activeTemplateRevision: 2,
      latestTemplateRevision: 2,
      expected: "active",
    },
    {
      name: "a revised template does not make a draft due",
      versions: [v(1, "draft")],
      activeTemplateRevision: null,
      latestTemplateRevision: 2,
      expected: "draft",
    },
  ];

  it.each(cases)("$name → $expected", (c) => {
    expect(
      agreementStatus({
        versions: c.versions,
        reviewDate: c.reviewDate ?? null,
        today: TODAY,
        activeTemplateRevision: c.activeTemplateRevision ?? null,
        latestTemplateRevision: c.latestTemplateRevision ?? null,
      }),
    ).toBe(c.expected);
  });
});

describe("reminderReached", () => {
  const REVIEW = "2028-06-30";
  const cases: [daysBefore: number, expected: ReturnType<typeof reminderReached>][] = [
    [61, null],
    [60, "days60"],
    [59, "days60"],
    [15, "days60"],
    [14, "days14"],
    [13, "days14"],
    [1, "days14"],
    [0, "due"],
    [-5, "due"],
  ];
  it.each(cases)("%i days before the review date → %s", (daysBefore, expected) => {
    const today = addToDate(REVIEW, { days: -daysBefore });
    expect(reminderReached(REVIEW, today)).toBe(expected);
  });

  it("counts across a year end", () => {
    expect(reminderReached("2027-01-10", "2026-11-11")).toBe("days60");
    expect(reminderReached("2027-01-10", "2026-11-10")).toBeNull();
    expect(reminderReached("2027-01-10", "2026-12-27")).toBe("days14");
  });
});

describe("addToDate", () => {
  const cases: [string, { days?: number; years?: number }, string][] = [
    ["2026-06-30", { years: 2 }, "2028-06-30"],
    // The leap day has no counterpart two years on: the review date must not overshoot two
    // years, so it is the last day of February (as PostgreSQL's `date + interval '2 years'`).
    ["2028-02-29", { years: 2 }, "2030-02-28"],
    ["2028-02-29", { years: 4 }, "2032-02-29"],
    ["2028-03-01", { days: -1 }, "2028-02-29"],
    ["2027-03-01", { days: -1 }, "2027-02-28"],
    ["2026-12-31", { days: 1 }, "2027-01-01"],
    ["2028-06-30", { days: -60 }, "2028-05-01"],
  ];
  it.each(cases)("%s + %o = %s", (date, amount, expected) => {
    expect(addToDate(date, amount)).toBe(expected);
  });
});

describe("stockholmDate", () => {
  const cases: [string, string][] = [
    // Summer time (UTC+2): half past midnight on 1 July in Stockholm.
    ["2026-06-30T23:30:00Z", "2026-07-01"],
    ["2026-06-30T21:59:59Z", "2026-06-30"],
    ["2026-06-30T22:00:00Z", "2026-07-01"],
    // Winter time (UTC+1).
    ["2026-12-31T22:30:00Z", "2026-12-31"],
    ["2026-12-31T23:30:00Z", "2027-01-01"],
  ];
  it.each(cases)("%s is %s in Stockholm", (instant, expected) => {
    expect(stockholmDate(new Date(instant))).toBe(expected);
  });
});

describe("canonicalAgreementText", () => {
  const base = (): AgreementDocument => ({
    agreementId: "7b0f9a52-1c1e-4e57-9f5e-0d6b3c1f2a10",
    versionNumber: 1,
    title: "Samverkansöverenskommelse Norrstrand",
    district: { id: DISTRICT, name: "Norrstrands stadsdelsförvaltning" },
    schools: [
      { id: SCHOOL_A, name: "Åsskolan", schoolUnitCode: "12345678", operatorType: "municipal" },
      {
        id: SCHOOL_B,
        name: "Ekbackeskolan",
        schoolUnitCode: "87654321",
        operatorType: "independent",
      },
    ],
    introduction: "Skolan och socialtjänsten samverkar.\n\nÖverenskommelsen gäller tills vidare.",
    sections: [
      { heading: "Syfte", body: "Att tidigt upptäcka barn som behöver stöd.\nSå går det till." },
      { heading: "Ansvar", body: "Rektor ansvarar för skolans del.\n\nEnhetschefen för sin." },
    ],
    meetings: [{ name: "Samverkansmöte", frequency: "två gånger per termin" }],
    contactRoles: [{ role: "Kontaktperson", responsibility: "tar emot frågor från skolan" }],
    template: { id: "t1", revisionNumber: 1 },
  });
  const canonical = canonicalAgreementText(base());

  it("is the same for \\r\\n and \\n line ends", () => {
    const doc = base();
    doc.introduction = doc.introduction.replace(/\n/g, "\r\n");
    doc.sections[0]!.body = doc.sections[0]!.body.replace(/\n/g, "\r\n");
    doc.sections[1]!.body = doc.sections[1]!.body.replace(/\n/g, "\r\n");
    expect(canonicalAgreementText(doc)).toBe(canonical);
  });

  it("is the same with trailing spaces on lines", () => {
    const doc = base();
    doc.title = `${doc.title}  `;
    doc.sections[0]!.body = "Att tidigt upptäcka barn som behöver stöd.   \nSå går det till.\t ";
    doc.sections[1]!.heading = "Ansvar ";
    expect(canonicalAgreementText(doc)).toBe(canonical);
  });

  it("is the same for a decomposed (NFD) and a composed (NFC) å", () => {
    const doc = base();
    const nfd = "Åsskolan".normalize("NFD");
    expect(nfd).not.toBe("Åsskolan");
    doc.schools[0]!.name = nfd;
    doc.sections[1]!.body = doc.sections[1]!.body.normalize("NFD");
    doc.title = "Samverkansöverenskommelse Norrstrand".normalize("NFD");
    expect(canonicalAgreementText(doc)).toBe(canonical);
  });

  it("is the same whatever the order of the schools", () => {
    const doc = base();
    doc.schools.reverse();
    expect(canonicalAgreementText(doc)).toBe(canonical);
  });

  it("differs when one character of a section body changes", () => {
    const doc = base();
    doc.sections[1]!.body = doc.sections[1]!.body.replace("skolans", "skolan");
    expect(canonicalAgreementText(doc)).not.toBe(canonical);
    const other = base();
    other.sections[0]!.body = other.sections[0]!.body.replace("stöd.", "stöd!");
    expect(canonicalAgreementText(other)).not.toBe(canonical);
  });
});

describe("nestedFormValues", () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it("makes arrays of indexed sections, in order", () => {
    const values = nestedFormValues(
      form([
        ["title", "Överenskommelse"],
        ["sections.0.heading", "Syfte"],
        ["sections.0.body", "Text ett"],
        ["sections.1.heading", "Ansvar"],
        ["sections.1.body", "Text två"],
        ["meetings.0.name", "Samverkansmöte"],
        ["meetings.0.frequency", "varje termin"],
      ]),
    );
    expect(values).toEqual({
      title: "Överenskommelse",
      sections: [
        { heading: "Syfte", body: "Text ett" },
        { heading: "Ansvar", body: "Text två" },
      ],
      meetings: [{ name: "Samverkansmöte", frequency: "varje termin" }],
    });
  });

  it("puts index 10 after 9", () => {
    const entries: [string, string][] = [];
    for (let i = 0; i <= 11; i++) {
      entries.push([`sections.${i}.heading`, `Rubrik ${i}`], [`sections.${i}.body`, `Text ${i}`]);
    }
    const values = nestedFormValues(form(entries)) as {
      sections: { heading: string; body: string }[];
    };
    expect(values.sections.map((s) => s.heading)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Rubrik ${i}`),
    );
    expect(values.sections[9]).toEqual({ heading: "Rubrik 9", body: "Text 9" });
    expect(values.sections[10]).toEqual({ heading: "Rubrik 10", body: "Text 10" });
  });

  it("orders by index, not by the order the fields came in", () => {
    const values = nestedFormValues(
      form([
        ["sections.10.heading", "Tio"],
        ["sections.2.heading", "Två"],
        ["sections.9.heading", "Nio"],
      ]),
    ) as { sections: { heading: string }[] };
    expect(values.sections.map((s) => s.heading)).toEqual(["Två", "Nio", "Tio"]);
  });

  it("makes the named checkbox lists arrays", () => {
    const values = nestedFormValues(
      form([
        ["templateId", "t1"],
        ["schoolIds", SCHOOL_A],
        ["schoolIds", SCHOOL_B],
      ]),
      ["schoolIds"],
    );
    expect(values).toEqual({ templateId: "t1", schoolIds: [SCHOOL_A, SCHOOL_B] });
  });

  it("a list with one box ticked is still a list", () => {
    expect(nestedFormValues(form([["schoolIds", SCHOOL_A]]), ["schoolIds"])).toEqual({
      schoolIds: [SCHOOL_A],
    });
  });

  it("a list with nothing ticked is []", () => {
    expect(nestedFormValues(form([["templateId", "t1"]]), ["schoolIds"])).toEqual({
      templateId: "t1",
      schoolIds: [],
    });
  });

  it("ignores names that would reach Object.prototype", () => {
    const values = nestedFormValues(
      form([
        ["__proto__.polluted", "ja"],
        ["constructor.prototype.polluted", "ja"],
        ["title", "Titel"],
      ]),
    );
    expect(values).toEqual({ title: "Titel" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a name not given as a list keeps its first value", () => {
    expect(
      nestedFormValues(
        form([
          ["title", "Första"],
          ["title", "Andra"],
        ]),
      ),
    ).toEqual({ title: "Första" });
  });
});
