/**
 * An agreement version as a document: what is signed, and its canonical serialisation. The
 * SHA-256 of `canonicalAgreementText` is the document hash every signer signs, printed on the
 * PDF's signature page and accepted by /verifiera. Pure (no Node APIs), shared by the server,
 * the PDF and the browser.
 *
 * The canonical form is JSON with a fixed key order, every string in Unicode NFC with "\n" line
 * ends and no trailing spaces, and the schools ordered by school-unit code, so the same content
 * always gives the same bytes, whichever browser or database produced it.
 */
import type {
  AgreementContactRole,
  AgreementMeeting,
  AgreementSection,
  OperatorType,
} from "~db/schema";

interface AgreementDocumentSchool {
  id: string;
  name: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
}

/** Exactly what a signer signs. */
export interface AgreementDocument {
  agreementId: string;
  versionNumber: number;
  title: string;
  district: { id: string; name: string };
  schools: AgreementDocumentSchool[];
  introduction: string;
  sections: AgreementSection[];
  meetings: AgreementMeeting[];
  contactRoles: AgreementContactRole[];
  template: { id: string; revisionNumber: number };
}

/** One signature as printed on the signature page and shown by /verifiera. */
export interface AgreementSignatureLine {
  signerName: string;
  signerTitle: string | null;
  roleLabel: string;
  organisationName: string;
  signedAt: Date;
}

/** What the signed PDF holds: the document, its hash and every signature. */
export interface SignedAgreementPdfInput {
  document: AgreementDocument;
  documentHash: string;
  activatedAt: Date;
  reviewDate: string | null;
  signatures: AgreementSignatureLine[];
}

export function normaliseText(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n")
    .trim();
}

export function canonicalAgreementText(doc: AgreementDocument): string {
  const t = normaliseText;
  const schools = [...doc.schools].sort((a, b) =>
    a.schoolUnitCode < b.schoolUnitCode ? -1 : a.schoolUnitCode > b.schoolUnitCode ? 1 : 0,
  );
  return JSON.stringify({
    format: "samverkansportalen/agreement/1",
    agreementId: doc.agreementId,
    versionNumber: doc.versionNumber,
    title: t(doc.title),
    district: { id: doc.district.id, name: t(doc.district.name) },
    schools: schools.map((s) => ({
      id: s.id,
      name: t(s.name),
      schoolUnitCode: s.schoolUnitCode,
      operatorType: s.operatorType,
    })),
    introduction: t(doc.introduction),
    sections: doc.sections.map((s) => ({ heading: t(s.heading), body: t(s.body) })),
    meetings: doc.meetings.map((m) => ({ name: t(m.name), frequency: t(m.frequency) })),
    contactRoles: doc.contactRoles.map((c) => ({
      role: t(c.role),
      responsibility: t(c.responsibility),
    })),
    template: { id: doc.template.id, revisionNumber: doc.template.revisionNumber },
  });
}

/** Paragraphs of a section body: separated by one or more blank lines. */
export function paragraphs(body: string): string[] {
  return normaliseText(body)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean);
}

/**
 * Paragraphs as the writer broke them, for print: separated by one or more blank lines, each
 * keeping its single line breaks (a list typed line by line stays a list).
 */
export function paragraphsWithLineBreaks(body: string): string[] {
  return normaliseText(body)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
