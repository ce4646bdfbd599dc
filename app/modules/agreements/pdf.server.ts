/**
 * The signed agreement as a PDF: the archived copy of an active version that the parties keep,
 * with every signature and the document hash that /verifiera checks. This module owns only the
 * layout; what is signed and how it is hashed lives in ./document.
 *
 * The rendering is deterministic (no clock, no randomness, dates taken from the input) so that
 * the same signed version always gives the same bytes, and a stored PDF's SHA-256 can be
 * reproduced. The text is printed in the canonical form (normalised, schools in school-unit-code
 * order) so the PDF reads exactly as the text that was hashed.
 *
 * The text is set by ~/lib/pdf-layout.server in Noto fonts that cover what people type (Swedish,
 * other European letters and accents, Arabic and Hebrew, symbols, emoji), and keeps the
 * paragraphs and line breaks of the agreement's text. Only the hash is in Courier: it is hex.
 */
import { StandardFonts, type PDFFont } from "pdf-lib";
import {
  BODY_STYLE,
  BOLD_STYLE,
  CONTENT_WIDTH,
  HEADING_STYLE,
  PdfFlow,
  SUBTITLE_STYLE,
  TITLE_STYLE,
  createPdfDocument,
  setPdfMetadata,
  type TextStyle,
} from "~/lib/pdf-layout.server";
import type { OperatorType } from "~db/schema";
import { normaliseText, paragraphsWithLineBreaks } from "./document";
import type {
  AgreementDocument,
  AgreementSignatureLine,
  SignedAgreementPdfInput,
} from "./document";

/** What the writer typed is printed in the canonical form that was hashed. */
const t = normaliseText;

const PARAGRAPH_GAP = 6;
const HEADING_GAP = 14;
const BULLET_INDENT = 14;

const OPERATOR_LABELS: Record<OperatorType, string> = {
  municipal: "kommunal",
  independent: "fristående",
};

const SIGNATURE_STATEMENT =
  "Denna version är undertecknad elektroniskt i Samverkansportalen av nedanstående. " +
  "Dokumentets kontrollsumma (SHA-256) beräknas på versionens text i kanonisk form och kan " +
  "kontrolleras på /verifiera.";

const dateTimeFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
  timeStyle: "short",
});
const dateFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
});

export async function renderAgreementPdf(input: SignedAgreementPdfInput): Promise<Uint8Array> {
  const { document: agreement, documentHash, activatedAt } = input;
  const doc = await createPdfDocument();
  // Courier before the metadata: the order numbers the file's objects, and a signed version
  // must render to the very bytes whose SHA-256 was stored.
  const mono = doc.embedStandardFont(StandardFonts.Courier);
  setPdfMetadata(doc, {
    title: t(agreement.title),
    subject: "Samverkansöverenskommelse",
    date: activatedAt,
  });
  const flow = new PdfFlow(doc);

  drawAgreementText(flow, agreement);
  // The signature page always starts on a page of its own, so it is the last page(s).
  flow.newPage();
  drawSignatures(flow, input.signatures);
  drawDatesAndHash(flow, input, mono);

  flow.footers(
    (page, count) =>
      `Samverkansöverenskommelse \u2013 version ${agreement.versionNumber} \u2013 sida ${page} av ${count}`,
    `Kontrollsumma ${documentHash.slice(0, 16)}`,
  );
  return flow.save();
}

function paragraph(flow: PdfFlow, text: string) {
  flow.text(text, BODY_STYLE);
  flow.gap(PARAGRAPH_GAP);
}

/** The agreement as it reads on the screen: title, parties, introduction, sections, lists. */
function drawAgreementText(flow: PdfFlow, agreement: AgreementDocument) {
  flow.text(t(agreement.title), TITLE_STYLE);
  flow.gap(2);
  flow.text(`Version ${agreement.versionNumber}`, SUBTITLE_STYLE);

  drawParties(flow, agreement);

  const introduction = paragraphsWithLineBreaks(agreement.introduction);
  if (introduction.length > 0) {
    flow.gap(HEADING_GAP);
    for (const text of introduction) paragraph(flow, text);
  }

  for (const section of agreement.sections) {
    flow.heading(t(section.heading), HEADING_STYLE, BODY_STYLE, HEADING_GAP);
    for (const text of paragraphsWithLineBreaks(section.body)) paragraph(flow, text);
  }

  if (agreement.meetings.length > 0) {
    flow.heading("Möten", HEADING_STYLE, BODY_STYLE, HEADING_GAP);
    for (const meeting of agreement.meetings) {
      flow.bullet(`${t(meeting.name)} \u2013 ${t(meeting.frequency)}`, BODY_STYLE, BULLET_INDENT);
    }
  }

  if (agreement.contactRoles.length > 0) {
    flow.heading("Kontaktroller", HEADING_STYLE, BODY_STYLE, HEADING_GAP);
    for (const role of agreement.contactRoles) {
      flow.bullet(`${t(role.role)}: ${t(role.responsibility)}`, BODY_STYLE, BULLET_INDENT);
    }
  }
}

/** The district and the schools, in school-unit-code order as in the hashed text. */
function drawParties(flow: PdfFlow, agreement: AgreementDocument) {
  flow.heading("Parter", HEADING_STYLE, BODY_STYLE, HEADING_GAP);
  flow.text(`Stadsdelsförvaltning: ${t(agreement.district.name)}`, BODY_STYLE);
  if (agreement.schools.length === 0) return;
  flow.gap(PARAGRAPH_GAP);
  flow.text(agreement.schools.length === 1 ? "Skola:" : "Skolor:", BODY_STYLE);
  const schools = [...agreement.schools].sort((a, b) =>
    a.schoolUnitCode < b.schoolUnitCode ? -1 : a.schoolUnitCode > b.schoolUnitCode ? 1 : 0,
  );
  for (const school of schools) {
    flow.bullet(
      `${t(school.name)}, skolenhetskod ${school.schoolUnitCode}, ${OPERATOR_LABELS[school.operatorType]}`,
      BODY_STYLE,
      BULLET_INDENT,
    );
  }
}

function drawSignatures(flow: PdfFlow, signatures: AgreementSignatureLine[]) {
  flow.text("Underskrifter", { font: "bold", size: 16, leading: 22 });
  flow.gap(4);
  paragraph(flow, SIGNATURE_STATEMENT);
  for (const signature of signatures) {
    flow.gap(10);
    flow.block([
      { text: t(signature.signerName), style: BOLD_STYLE },
      // A title that only repeats the role ("Rektor", "Rektor") is printed once.
      ...(signature.signerTitle &&
      signature.signerTitle.trim().toLocaleLowerCase("sv") !==
        signature.roleLabel.trim().toLocaleLowerCase("sv")
        ? [{ text: t(signature.signerTitle), style: BODY_STYLE }]
        : []),
      { text: t(signature.roleLabel), style: BODY_STYLE },
      { text: t(signature.organisationName), style: BODY_STYLE },
      { text: `Undertecknad ${dateTimeFormat.format(signature.signedAt)}`, style: BODY_STYLE },
    ]);
  }
}

function drawDatesAndHash(flow: PdfFlow, input: SignedAgreementPdfInput, mono: PDFFont) {
  const { documentHash, activatedAt, reviewDate } = input;
  const mono10: TextStyle = { font: mono, size: 10, leading: 14 };
  const hashLines =
    flow.widthOf(documentHash, mono10) <= CONTENT_WIDTH
      ? [documentHash]
      : [
          documentHash.slice(0, Math.ceil(documentHash.length / 2)),
          documentHash.slice(Math.ceil(documentHash.length / 2)),
        ];
  flow.gap(18);
  // The dates and the hash belong together: keep them on one page.
  flow.ensure(3 * BODY_STYLE.leading + hashLines.length * mono10.leading);
  flow.block([
    { text: `Aktiv från: ${dateFormat.format(activatedAt)}`, style: BODY_STYLE },
    { text: `Nästa revision: ${reviewDate ?? "ej satt"}`, style: BODY_STYLE },
    { text: "Kontrollsumma (SHA-256):", style: BODY_STYLE },
  ]);
  // Drawn unwrapped, line by line, so the hash is never broken at an arbitrary point.
  for (const line of hashLines) flow.text(line, mono10);
}
