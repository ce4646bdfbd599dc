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
import { PDFDocument, StandardFonts } from "pdf-lib";
import {
  CONTENT_WIDTH,
  GREY,
  MARGIN,
  PAGE_WIDTH,
  PdfFlow,
  type TextStyle,
} from "~/lib/pdf-layout.server";
import type { OperatorType } from "~db/schema";
import { normaliseText, paragraphsWithLineBreaks } from "./document";
import type { SignedAgreementPdfInput } from "./document";

const FOOTER_BASELINE = 30;

const BODY_SIZE = 10.5;
const BODY_LEADING = 15;
const PARAGRAPH_GAP = 6;
const HEADING_SIZE = 12.5;
const HEADING_LEADING = 17;
const HEADING_GAP = 14;
const TITLE_SIZE = 20;
const TITLE_LEADING = 25;
const FOOTER_SIZE = 8;
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
  const { document: agreement, documentHash, activatedAt, reviewDate, signatures } = input;
  const t = normaliseText;

  // No automatic metadata: pdf-lib would otherwise stamp the current time and its own name.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const mono = doc.embedStandardFont(StandardFonts.Courier);

  const title = t(agreement.title);
  doc.setTitle(title);
  doc.setSubject("Samverkansöverenskommelse");
  doc.setCreator("Samverkansportalen");
  doc.setProducer("Samverkansportalen");
  doc.setCreationDate(activatedAt);
  doc.setModificationDate(activatedAt);
  doc.setLanguage("sv-SE");

  const body: TextStyle = { font: "regular", size: BODY_SIZE, leading: BODY_LEADING };
  const bodyBold: TextStyle = { ...body, font: "bold" };
  const heading: TextStyle = { font: "bold", size: HEADING_SIZE, leading: HEADING_LEADING };
  const flow = new PdfFlow(doc);
  const paragraph = (text: string) => {
    flow.text(text, body);
    flow.gap(PARAGRAPH_GAP);
  };

  flow.text(title, { font: "bold", size: TITLE_SIZE, leading: TITLE_LEADING });
  flow.gap(2);
  flow.text(`Version ${agreement.versionNumber}`, { ...body, size: 11, color: GREY });

  flow.heading("Parter", heading, body, HEADING_GAP);
  flow.text(`Stadsdelsförvaltning: ${t(agreement.district.name)}`, body);
  if (agreement.schools.length > 0) {
    flow.gap(PARAGRAPH_GAP);
    flow.text(agreement.schools.length === 1 ? "Skola:" : "Skolor:", body);
    const schools = [...agreement.schools].sort((a, b) =>
      a.schoolUnitCode < b.schoolUnitCode ? -1 : a.schoolUnitCode > b.schoolUnitCode ? 1 : 0,
    );
    for (const school of schools) {
      flow.bullet(
        `${t(school.name)}, skolenhetskod ${school.schoolUnitCode}, ${OPERATOR_LABELS[school.operatorType]}`,
        body,
        BULLET_INDENT,
      );
    }
  }

  const introduction = paragraphsWithLineBreaks(agreement.introduction);
  if (introduction.length > 0) {
    flow.gap(HEADING_GAP);
    introduction.forEach(paragraph);
  }

  for (const section of agreement.sections) {
    flow.heading(t(section.heading), heading, body, HEADING_GAP);
    paragraphsWithLineBreaks(section.body).forEach(paragraph);
  }

  if (agreement.meetings.length > 0) {
    flow.heading("Möten", heading, body, HEADING_GAP);
    for (const meeting of agreement.meetings) {
      flow.bullet(`${t(meeting.name)} \u2013 ${t(meeting.frequency)}`, body, BULLET_INDENT);
    }
  }

  if (agreement.contactRoles.length > 0) {
    flow.heading("Kontaktroller", heading, body, HEADING_GAP);
    for (const role of agreement.contactRoles) {
      flow.bullet(`${t(role.role)}: ${t(role.responsibility)}`, body, BULLET_INDENT);
    }
  }

  // The signature page always starts on a page of its own, so it is the last page(s).
  flow.newPage();
  flow.text("Underskrifter", { font: "bold", size: 16, leading: 22 });
  flow.gap(4);
  paragraph(SIGNATURE_STATEMENT);
  for (const signature of signatures) {
    flow.gap(10);
    flow.block([
      { text: t(signature.signerName), style: bodyBold },
      // A title that only repeats the role ("Rektor", "Rektor") is printed once.
      ...(signature.signerTitle &&
      signature.signerTitle.trim().toLocaleLowerCase("sv") !==
        signature.roleLabel.trim().toLocaleLowerCase("sv")
        ? [{ text: t(signature.signerTitle), style: body }]
        : []),
      { text: t(signature.roleLabel), style: body },
      { text: t(signature.organisationName), style: body },
      { text: `Undertecknad ${dateTimeFormat.format(signature.signedAt)}`, style: body },
    ]);
  }

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
  flow.ensure(3 * body.leading + hashLines.length * mono10.leading);
  flow.block([
    { text: `Aktiv från: ${dateFormat.format(activatedAt)}`, style: body },
    { text: `Nästa revision: ${reviewDate ?? "ej satt"}`, style: body },
    { text: "Kontrollsumma (SHA-256):", style: body },
  ]);
  // Drawn unwrapped, line by line, so the hash is never broken at an arbitrary point.
  for (const line of hashLines) flow.text(line, mono10);

  // Page numbers need the page count, so footers are drawn once the flow is done.
  const footerStyle: TextStyle = { font: "regular", size: FOOTER_SIZE, leading: 0, color: GREY };
  const shortHash = `Kontrollsumma ${documentHash.slice(0, 16)}`;
  const shortHashWidth = flow.widthOf(shortHash, footerStyle);
  flow.pages.forEach((page, i) => {
    const footer = `Samverkansöverenskommelse \u2013 version ${agreement.versionNumber} \u2013 sida ${i + 1} av ${flow.pages.length}`;
    flow.drawAt(page, footer, footerStyle, MARGIN, FOOTER_BASELINE);
    flow.drawAt(
      page,
      shortHash,
      footerStyle,
      PAGE_WIDTH - MARGIN - shortHashWidth,
      FOOTER_BASELINE,
    );
  });

  await flow.finish();
  return doc.save({ useObjectStreams: false });
}
