/**
 * Demo children, consents and a legal basis (issue 5), called by seedDemo inside its transaction.
 * Maria Nyström (handlaggare@demo.test) follows five children in Norrstrand, one in each state the
 * consent gate knows; Kerstin Falk, the district's other caseworker, follows one, so that the
 * district manager's list shows two caseworkers.
 *
 * - Wilma Bergström, familjehem: consent active this school year: guardian 1 and Wilma by digital
 *   link, guardian 2 on a signed paper form (the scan is a small generated PDF).
 * - Elias Johansson, HVB: consent expired: one paper form signed by both guardians and Elias last
 *   school year, valid to the 30 June that has passed.
 * - Liam Eriksson, no placement: no consent; a link to guardian 1 is waiting for an answer. A
 *   legal basis (the school's duty to inform an opened investigation) with its secrecy assessment
 *   lets the school report to social services meanwhile.
 * - Ebba Lundqvist, protected identity, skyddat boende: guardian 1 has sole custody; she and Ebba
 *   consented orally at a meeting (no link: a protected child never gets e-mails).
 * - Hugo Nilsson, jourhem: both guardians consented by link, Hugo orally, and Hugo has since
 *   revoked his own consent.
 * - Maja Karlsson (Kerstin Falk's), familjehem: no consent yet.
 *
 * Only official test identity numbers (Skatteverket's list, test/fixtures/testpersonnummer.csv),
 * and none that a test types. That slice of the list holds births in 2008–2009 only, so every
 * child is 17 today and the child's own consent is needed too (from 15, policy.ts); each consent
 * set therefore includes the child's, which keeps the states the same after their 18th birthday.
 *
 * Dates are relative to today (Europe/Stockholm): "this school year" ends on the 30 June that
 * `consentDefaultValidTo` names, and last school year's consent ended the 30 June before. The
 * rows go in as the consent module writes them, with the audit events it would write (actor name,
 * organisation and role as the membership has them), so that the log extract has content.
 *
 * Idempotent: a child is made, with everything about it, only when its district has no child with
 * that identity number.
 */
import type { Transaction } from "kysely";
import { createHash } from "node:crypto";
import { PDFDocument, PageSizes, StandardFonts } from "pdf-lib";
import { newToken } from "../../app/auth/tokens.server";
import { addToDate, stockholmDate } from "../../app/lib/dates";
import { parsePersonalIdentityNumber } from "../../app/lib/personal-identity-number";
import {
  CONSENT_GIVER_LABELS,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_CATEGORY_LABELS,
  consentDefaultValidTo,
  type ConsentGiver,
  type DisclosureCategory,
  type LegalBasisCode,
} from "../../app/modules/consent/policy";
import type { Database, PlacementType } from "../../db/schema";

type Trx = Transaction<Database>;

const NORRSTRAND = "Norrstrands stadsdelsförvaltning";
const CONSENT_LINK_VALID_DAYS = 14;

/** A moment in Europe/Stockholm: a calendar day and a wall-clock time. */
interface Moment {
  day: string;
  time: string;
}

interface DemoLink {
  givenBy: ConsentGiver;
  email: string;
  categories: readonly DisclosureCategory[];
  validFrom: string;
  validTo: string;
  sent: Moment;
  /** Given through the link: the consent is recorded from the answer, as answerConsentLink does. */
  answer?: { name: string; at: Moment; clientAddress: string; userAgent: string };
  revoked?: Moment;
}

interface DemoRecordedConsent {
  givenBy: ConsentGiver;
  giverName: string;
  method: "signedPaper" | "oral";
  obtainedOn: string;
  recorded: Moment;
  categories: readonly DisclosureCategory[];
  validFrom: string;
  validTo: string;
  /** For signed paper: the form's file name; consents naming the same file share one scan. */
  form?: string;
  revoked?: Moment;
}

interface DemoLegalBasis {
  basisCode: LegalBasisCode;
  categories: readonly DisclosureCategory[];
  secrecyAssessment: string;
  validTo: string | null;
  recorded: Moment;
}

/** What the gate says about consent for the current school, for the district → school direction. */
export type DemoConsentState = "active" | "expired" | "missing" | "revoked";

export interface DemoChild {
  firstName: string;
  lastName: string;
  personalIdentityNumber: string;
  caseworker: string;
  district: string;
  school: string;
  placementType: PlacementType;
  protectedIdentity: boolean;
  guardians: 1 | 2;
  soleCustodian: boolean;
  consentState: DemoConsentState;
  created: Moment;
  links: DemoLink[];
  consents: DemoRecordedConsent[];
  legalBasis?: DemoLegalBasis;
}

const ALL: readonly DisclosureCategory[] = DISCLOSURE_CATEGORIES;
const PHONE_BROWSER =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1";
const DESKTOP_BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";

/**
 * The demo children as of `today` (YYYY-MM-DD, Europe/Stockholm). Everything this school year
 * happens around its start (the school year's third week, or ten days ago if that is later), so
 * every time lies in the past whatever day the seed runs.
 */
export function demoChildren(today: string): DemoChild[] {
  const thisYearEnd = consentDefaultValidTo(today);
  const endYear = Number(thisYearEnd.slice(0, 4));
  const lastYearEnd = `${endYear - 1}-06-30`;
  const back = (days: number) => addToDate(today, { days: -days });
  const termStart = `${endYear - 1}-08-20`;
  const anchor = termStart < back(10) ? termStart : back(10);
  const day = (days: number) => addToDate(anchor, { days });
  const at = (d: string, time: string): Moment => ({ day: d, time });

  const lastYearSigned = `${endYear - 2}-09-10`;
  const investigationOpened = back(9);

  return [
    {
      firstName: "Wilma",
      lastName: "Bergström",
      personalIdentityNumber: "200906032396",
      caseworker: "handlaggare@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "familjehem",
      protectedIdentity: false,
      guardians: 2,
      soleCustodian: false,
      consentState: "active",
      created: at(day(-7), "09:30"),
      links: [
        {
          givenBy: "guardian1",
          email: "anna.bergstrom@example.com",
          categories: ALL,
          validFrom: day(0),
          validTo: thisYearEnd,
          sent: at(day(0), "10:05"),
          answer: {
            name: "Anna Bergström",
            at: at(day(1), "20:14"),
            clientAddress: "198.51.100.23",
            userAgent: PHONE_BROWSER,
          },
        },
        {
          givenBy: "child",
          email: "wilma.bergstrom@example.com",
          categories: ALL,
          validFrom: day(0),
          validTo: thisYearEnd,
          sent: at(day(0), "10:07"),
          answer: {
            name: "Wilma Bergström",
            at: at(day(2), "16:41"),
            clientAddress: "198.51.100.23",
            userAgent: PHONE_BROWSER,
          },
        },
      ],
      consents: [
        {
          givenBy: "guardian2",
          giverName: "Tomas Bergström",
          method: "signedPaper",
          obtainedOn: day(3),
          recorded: at(day(3), "14:20"),
          categories: ALL,
          validFrom: day(0),
          validTo: thisYearEnd,
          form: `samtycke-vardnadshavare-2-${day(3)}.pdf`,
        },
      ],
    },
    {
      firstName: "Elias",
      lastName: "Johansson",
      personalIdentityNumber: "200906052394",
      caseworker: "handlaggare@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "hvb",
      protectedIdentity: false,
      guardians: 2,
      soleCustodian: false,
      consentState: "expired",
      created: at(`${endYear - 2}-09-01`, "10:00"),
      links: [],
      consents: (
        [
          ["guardian1", "Sofia Johansson"],
          ["guardian2", "Daniel Johansson"],
          ["child", "Elias Johansson"],
        ] as const
      ).map(([givenBy, giverName]) => ({
        givenBy,
        giverName,
        method: "signedPaper" as const,
        obtainedOn: lastYearSigned,
        recorded: at(addToDate(lastYearSigned, { days: 1 }), "13:30"),
        categories: ["attendance", "results", "supportMeasures", "wellbeing"] as const,
        validFrom: lastYearSigned,
        validTo: lastYearEnd,
        form: `samtyckesblankett-${lastYearSigned}.pdf`,
      })),
    },
    {
      firstName: "Liam",
      lastName: "Eriksson",
      personalIdentityNumber: "200906062385",
      caseworker: "handlaggare@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "none",
      protectedIdentity: false,
      guardians: 2,
      soleCustodian: false,
      consentState: "missing",
      created: at(back(12), "08:45"),
      // Sent three days ago and not answered: the page shows it as waiting.
      links: [
        {
          givenBy: "guardian1",
          email: "petra.eriksson@example.com",
          categories: ["attendance", "results", "supportMeasures", "wellbeing"],
          validFrom: back(3),
          validTo: thisYearEnd,
          sent: at(back(3), "10:15"),
        },
      ],
      consents: [],
      legalBasis: {
        basisCode: "investigationInformationDuty",
        categories: ["attendance", "results", "supportMeasures", "wellbeing"],
        secrecyAssessment:
          "Socialtjänsten har inlett en utredning om barnets behov av stöd och skydd. Skolan ska på begäran lämna alla uppgifter som kan vara av betydelse för utredningen (20 kap. 6 § socialtjänstlagen), och den skyldigheten bryter skolans sekretess (10 kap. 28 § OSL). Vi behöver uppgifter om närvaro, kunskapsresultat, stödinsatser och trivsel för att bedöma barnets situation i skolan. Uppgifter från elevhälsan begärs inte eftersom utredningen inte behöver dem. Vårdnadshavarna är informerade om utredningen och har fått en begäran om samtycke till fortsatt samverkan.",
        // An investigation is to be finished within four months.
        validTo: addToDate(investigationOpened, { days: 120 }),
        recorded: at(investigationOpened, "14:05"),
      },
    },
    {
      firstName: "Ebba",
      lastName: "Lundqvist",
      personalIdentityNumber: "200906092382",
      caseworker: "handlaggare@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "skyddatBoende",
      protectedIdentity: true,
      guardians: 1,
      soleCustodian: true,
      consentState: "active",
      created: at(day(-12), "15:50"),
      links: [],
      consents: (
        [
          ["guardian1", "Jenny Lundqvist"],
          ["child", "Ebba Lundqvist"],
        ] as const
      ).map(([givenBy, giverName]) => ({
        givenBy,
        giverName,
        method: "oral" as const,
        obtainedOn: day(5),
        recorded: at(day(5), "15:10"),
        categories: ["attendance", "results", "supportMeasures"] as const,
        validFrom: day(5),
        validTo: thisYearEnd,
      })),
    },
    {
      firstName: "Hugo",
      lastName: "Nilsson",
      personalIdentityNumber: "200906102389",
      caseworker: "handlaggare@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "jourhem",
      protectedIdentity: false,
      guardians: 2,
      soleCustodian: false,
      consentState: "revoked",
      created: at(day(-3), "11:00"),
      links: [
        {
          givenBy: "guardian1",
          email: "camilla.nilsson@example.com",
          categories: ALL,
          validFrom: day(1),
          validTo: thisYearEnd,
          sent: at(day(1), "09:10"),
          answer: {
            name: "Camilla Nilsson",
            at: at(day(1), "18:32"),
            clientAddress: "203.0.113.41",
            userAgent: DESKTOP_BROWSER,
          },
        },
        {
          givenBy: "guardian2",
          email: "fredrik.nilsson@example.com",
          categories: ALL,
          validFrom: day(1),
          validTo: thisYearEnd,
          sent: at(day(1), "09:12"),
          answer: {
            name: "Fredrik Nilsson",
            at: at(day(2), "07:55"),
            clientAddress: "203.0.113.77",
            userAgent: PHONE_BROWSER,
          },
        },
      ],
      // Hugo agreed at a meeting, and later told his caseworker he takes it back.
      consents: [
        {
          givenBy: "child",
          giverName: "Hugo Nilsson",
          method: "oral",
          obtainedOn: day(4),
          recorded: at(day(4), "13:00"),
          categories: ALL,
          validFrom: day(4),
          validTo: thisYearEnd,
          revoked: at(back(2), "11:20"),
        },
      ],
    },
    {
      firstName: "Maja",
      lastName: "Karlsson",
      personalIdentityNumber: "200905072393",
      caseworker: "skolsamordnare.norrstrand@demo.test",
      district: NORRSTRAND,
      school: "Norrstrands gymnasium",
      placementType: "familjehem",
      protectedIdentity: false,
      guardians: 2,
      soleCustodian: false,
      consentState: "missing",
      created: at(back(21), "13:40"),
      links: [],
      consents: [],
    },
  ];
}

export async function seedChildren(trx: Trx, now: Date = new Date()): Promise<void> {
  const today = stockholmDate(now);
  for (const child of demoChildren(today)) {
    if (!parsePersonalIdentityNumber(child.personalIdentityNumber, now).ok) {
      throw new Error(`Demo children: ${child.firstName} has an invalid identity number`);
    }
    await seedChild(trx, child);
  }
}

async function seedChild(trx: Trx, child: DemoChild): Promise<void> {
  const district = await trx
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "district")
    .where("name", "=", child.district)
    .executeTakeFirstOrThrow();
  const existing = await trx
    .selectFrom("children")
    .select("id")
    .where("districtId", "=", district.id)
    .where("personalIdentityNumber", "=", child.personalIdentityNumber)
    .executeTakeFirst();
  if (existing) return;

  const school = await trx
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "school")
    .where("name", "=", child.school)
    .where("districtId", "=", district.id)
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  if (!school) throw new Error(`Demo children: no active school ${child.school}`);
  const caseworker = await trx
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(["u.id", "u.name", "m.role"])
    .where("u.email", "=", child.caseworker)
    .where("m.organisationId", "=", district.id)
    .where("m.role", "=", "caseworker")
    .where("m.endedAt", "is", null)
    .executeTakeFirst();
  if (!caseworker) throw new Error(`Demo children: ${child.caseworker} is no caseworker here`);

  const created = stockholmMoment(child.created);
  const { id: childId } = await trx
    .insertInto("children")
    .values({
      firstName: child.firstName,
      lastName: child.lastName,
      personalIdentityNumber: child.personalIdentityNumber,
      schoolId: school.id,
      districtId: district.id,
      caseworkerUserId: caseworker.id,
      placementType: child.placementType,
      protectedIdentity: child.protectedIdentity,
      guardians: child.guardians,
      soleCustodian: child.soleCustodian,
      createdBy: caseworker.id,
      createdAt: created,
      updatedAt: created,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const actor = caseworker;

  async function audit(
    occurredAt: Date,
    event: {
      action: "create" | "update";
      recordType: string;
      recordId: string;
      purpose: string;
      details: Record<string, unknown>;
    },
    guardian?: string,
  ) {
    await trx
      .insertInto("auditEvents")
      .values({
        occurredAt,
        ...(guardian
          ? {
              actorUserId: null,
              actorName: guardian,
              actorOrganisationId: null,
              actorOrganisationName: "Via samtyckeslänk",
              actorRole: "guardian" as const,
            }
          : {
              actorUserId: actor.id,
              actorName: actor.name,
              actorOrganisationId: district.id,
              actorOrganisationName: district.name,
              actorRole: actor.role,
            }),
        action: event.action,
        recordType: event.recordType,
        recordId: event.recordId,
        childId,
        purpose: event.purpose,
        details: JSON.stringify(event.details),
      })
      .execute();
  }

  await audit(created, {
    action: "create",
    recordType: "child",
    recordId: childId,
    purpose: "Registrera barn",
    details: { protectedIdentity: child.protectedIdentity },
  });

  async function revoke(consentId: string, moment: Moment | undefined) {
    if (!moment) return;
    const revokedAt = stockholmMoment(moment);
    await trx
      .updateTable("consents")
      .set({ revokedAt, revokedBy: actor.id })
      .where("id", "=", consentId)
      .execute();
    await audit(revokedAt, {
      action: "update",
      recordType: "consent",
      recordId: consentId,
      purpose: "Återkalla samtycke",
      details: { revoked: true },
    });
  }

  if (child.protectedIdentity && child.links.length > 0) {
    throw new Error("Demo children: a protected-identity child never gets a consent link");
  }
  for (const link of child.links) {
    const sentAt = stockholmMoment(link.sent);
    const answeredAt = link.answer ? stockholmMoment(link.answer.at) : null;
    const request = await trx
      .insertInto("consentRequests")
      .values({
        childId,
        givenBy: link.givenBy,
        recipientEmail: link.email,
        // The token was in the e-mail and is gone: only its hash is ever kept.
        tokenHash: newToken().hash,
        categories: [...link.categories],
        districtId: district.id,
        schoolId: school.id,
        validFrom: link.validFrom,
        validTo: link.validTo,
        sentBy: caseworker.id,
        sentAt,
        expiresAt: new Date(sentAt.getTime() + CONSENT_LINK_VALID_DAYS * 24 * 60 * 60 * 1000),
        answeredAt,
        answer: link.answer ? "given" : null,
        answerName: link.answer?.name ?? null,
        answerIp: link.answer?.clientAddress ?? null,
        answerUserAgent: link.answer?.userAgent ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(sentAt, {
      action: "create",
      recordType: "consentRequest",
      recordId: request.id,
      purpose: "Skicka samtyckeslänk",
      details: {
        givenBy: link.givenBy,
        categories: link.categories,
        schoolId: school.id,
        validFrom: link.validFrom,
        validTo: link.validTo,
      },
    });
    if (!link.answer || !answeredAt) continue;
    const consent = await trx
      .insertInto("consents")
      .values({
        childId,
        givenBy: link.givenBy,
        giverName: link.answer.name,
        categories: [...link.categories],
        districtId: district.id,
        schoolId: school.id,
        validFrom: link.validFrom,
        validTo: link.validTo,
        method: "digitalLink",
        obtainedOn: link.answer.at.day,
        recordedBy: caseworker.id,
        recordedAt: answeredAt,
        consentRequestId: request.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(
      answeredAt,
      {
        action: "create",
        recordType: "consent",
        recordId: consent.id,
        purpose: "Samtycke lämnat via länk",
        details: {
          answer: "given",
          consentRequestId: request.id,
          clientAddress: link.answer.clientAddress,
        },
      },
      link.answer.name,
    );
    await revoke(consent.id, link.revoked);
  }

  const documents = new Map<string, string>();
  for (const given of child.consents) {
    const recordedAt = stockholmMoment(given.recorded);
    let documentId: string | null = null;
    if (given.method === "signedPaper") {
      if (!given.form) throw new Error("Demo children: a signed paper consent needs its form");
      documentId = documents.get(given.form) ?? null;
      if (!documentId) {
        const signers = child.consents.filter((c) => c.form === given.form);
        const content = Buffer.from(await consentFormPdf(child, given, signers, recordedAt));
        const document = await trx
          .insertInto("consentDocuments")
          .values({
            childId,
            fileName: given.form,
            mediaType: "application/pdf",
            byteSize: content.byteLength,
            sha256: createHash("sha256").update(content).digest("hex"),
            content,
            uploadedBy: caseworker.id,
            uploadedAt: recordedAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        documentId = document.id;
        documents.set(given.form, documentId);
      }
    }
    const consent = await trx
      .insertInto("consents")
      .values({
        childId,
        givenBy: given.givenBy,
        giverName: given.giverName,
        categories: [...given.categories],
        districtId: district.id,
        schoolId: school.id,
        validFrom: given.validFrom,
        validTo: given.validTo,
        method: given.method,
        obtainedOn: given.obtainedOn,
        recordedBy: caseworker.id,
        recordedAt,
        documentId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(recordedAt, {
      action: "create",
      recordType: "consent",
      recordId: consent.id,
      purpose: "Registrera samtycke",
      details: {
        method: given.method,
        givenBy: given.givenBy,
        categories: given.categories,
        schoolId: school.id,
        validFrom: given.validFrom,
        validTo: given.validTo,
        documentId,
      },
    });
    await revoke(consent.id, given.revoked);
  }

  if (child.legalBasis) {
    const basis = child.legalBasis;
    const recordedAt = stockholmMoment(basis.recorded);
    const row = await trx
      .insertInto("legalBases")
      .values({
        childId,
        basisCode: basis.basisCode,
        categories: [...basis.categories],
        districtId: district.id,
        schoolId: school.id,
        direction: "schoolToSocialServices",
        secrecyAssessment: basis.secrecyAssessment,
        validTo: basis.validTo,
        recordedBy: caseworker.id,
        recordedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(recordedAt, {
      action: "create",
      recordType: "legalBasis",
      recordId: row.id,
      purpose: "Registrera rättslig grund med sekretessprövning",
      details: {
        basisCode: basis.basisCode,
        categories: basis.categories,
        schoolId: school.id,
        validTo: basis.validTo,
      },
    });
  }
}

/** The instant a wall-clock time in Europe/Stockholm stands for. */
function stockholmMoment({ day, time }: Moment): Date {
  const asUtc = new Date(`${day}T${time}:00Z`);
  const zone = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Stockholm",
    timeZoneName: "longOffset",
  })
    .formatToParts(asUtc)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zone ?? "");
  const offsetMinutes = match
    ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
    : 0;
  return new Date(asUtc.getTime() - offsetMinutes * 60 * 1000);
}

/**
 * The "scan" of a signed consent form: a one-page PDF saying what the form said. The child is
 * named in the text, as on the paper, but never in the metadata, and the identity number not at
 * all.
 */
async function consentFormPdf(
  child: DemoChild,
  form: DemoRecordedConsent,
  signers: DemoRecordedConsent[],
  scannedAt: Date,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle("Samtycke till informationsutbyte");
  doc.setCreator("Samverkansportalen (demodata)");
  doc.setProducer("Samverkansportalen (demodata)");
  doc.setCreationDate(scannedAt);
  doc.setModificationDate(scannedAt);
  doc.setLanguage("sv-SE");
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage(PageSizes.A4);
  let y = 780;
  const line = (text: string, options: { bold?: boolean; size?: number; gap?: number } = {}) => {
    const size = options.size ?? 11;
    page.drawText(text, { x: 60, y, size, font: options.bold ? bold : regular });
    y -= options.gap ?? size + 7;
  };

  line("Samtycke till att uppgifter lämnas mellan skola och socialtjänst", {
    bold: true,
    size: 15,
    gap: 30,
  });
  line(`Barn: ${child.firstName} ${child.lastName}`);
  line(`Mellan: ${child.district} och ${child.school}`);
  line("Uppgifter om:", { gap: 16 });
  for (const category of form.categories) line(`  – ${DISCLOSURE_CATEGORY_LABELS[category]}`);
  line(`Gäller från och med ${form.validFrom} till och med ${form.validTo}.`, { gap: 26 });
  line("Syftet är att skolan och socialtjänsten ska kunna samarbeta kring barnets skolgång.", {
    size: 10,
  });
  line("Samtycket kan när som helst återkallas hos handläggaren på socialtjänsten.", {
    size: 10,
    gap: 36,
  });
  for (const signer of signers) {
    line(`${signer.giverName} (${CONSENT_GIVER_LABELS[signer.givenBy]})`, { bold: true });
    line(`Underskrift lämnad ${signer.obtainedOn}`, { gap: 28 });
  }
  y = 60;
  line("Demodokument i Samverkansportalen. Alla uppgifter är påhittade.", { size: 8 });
  return doc.save();
}
