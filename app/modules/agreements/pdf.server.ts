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
 * The standard fonts only cover WinAnsi; rather than embedding a font file we map anything else
 * to a close WinAnsi character or "?", because a signed agreement must always be renderable,
 * whatever a user typed.
 */
import { PDFDocument, PageSizes, StandardFonts, rgb } from "pdf-lib";
import type { PDFFont, PDFPage, RGB } from "pdf-lib";
import type { OperatorType } from "../../../db/schema";
import { normaliseText, paragraphs } from "./document";
import type { SignedAgreementPdfInput } from "./document";

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const TOP = PAGE_HEIGHT - MARGIN;
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

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

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

/** Characters outside WinAnsi that have a sensible WinAnsi stand-in. */
const REPLACEMENTS: Record<string, string> = {
  "\u2010": "-", // hyphen
  "\u2011": "-", // non-breaking hyphen
  "\u2012": "\u2013", // figure dash
  "\u2015": "\u2014", // horizontal bar
  "\u2212": "-", // minus sign
  "\u2032": "'", // prime
  "\u2033": '"', // double prime
  "\u201f": "\u201c", // double high-reversed-9 quotation mark
  "\u201b": "\u2018", // single high-reversed-9 quotation mark
  "\u2024": ".", // one dot leader
  "\u2043": "-", // hyphen bullet
  "\u2219": "\u00b7", // bullet operator
};

/** Invisible characters (soft hyphen, zero-width and joiner characters, variation selectors). */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x200b, 0x200f],
  [0x2060, 0x2064],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0x1f3fb, 0x1f3ff], // emoji skin tones
];
/** Spaces that must not break a line; the rest of Unicode's spaces become a plain space. */
const NO_BREAK_SPACE = /^[\u00a0\u2007\u202f]$/u;

/**
 * Maps text to what the WinAnsi standard fonts can draw. Never throws: each character is kept,
 * replaced by a stand-in, decomposed to its base letters (ő → o, ﬁ → fi), or printed as "?".
 */
function winAnsiMapper(supported: ReadonlySet<number>): (text: string) => string {
  const cache = new Map<string, string>();
  const encodable = (s: string) => [...s].every((c) => supported.has(c.codePointAt(0)!));

  const mapChar = (c: string): string => {
    // WinAnsi has a soft hyphen, but the standard fonts would draw it as a visible one.
    const code = c.codePointAt(0)!;
    if (INVISIBLE.some(([from, to]) => code >= from && code <= to)) return "";
    if (NO_BREAK_SPACE.test(c)) return "\u00a0";
    if (/^\s$/u.test(c)) return " ";
    if (/^\p{Cc}$/u.test(c)) return "";
    if (supported.has(code)) return c;
    const replacement = REPLACEMENTS[c];
    if (replacement !== undefined) return replacement;
    if (/^\p{M}$/u.test(c)) return "";
    const decomposed = c.normalize("NFKD").replace(/\p{M}/gu, "");
    if (decomposed !== "" && encodable(decomposed)) return decomposed;
    return "?";
  };

  return (text) => {
    let out = "";
    for (const c of text.normalize("NFC")) {
      let mapped = cache.get(c);
      if (mapped === undefined) {
        mapped = mapChar(c);
        cache.set(c, mapped);
      }
      out += mapped;
    }
    return out;
  };
}

/**
 * Breaks already-mapped text into lines no wider than `width`, at plain spaces; a word wider
 * than a whole line (a long address, say) is broken between characters.
 */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ").filter(Boolean)) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== "") lines.push(current);
    current = "";
    if (fits(word)) {
      current = word;
      continue;
    }
    for (const c of word) {
      if (current !== "" && !fits(current + c)) {
        lines.push(current);
        current = "";
      }
      current += c;
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}

interface TextStyle {
  font: PDFFont;
  size: number;
  leading: number;
  color?: RGB;
}

/** A top-down flow of text over as many A4 pages as it needs. */
class Flow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  /** Top of the next line box. */
  private y = TOP;

  constructor(
    private readonly doc: PDFDocument,
    private readonly toWinAnsi: (text: string) => string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = TOP;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y - height < MARGIN && this.y < TOP) this.newPage();
  }

  /** Vertical space, dropped at the top of a page so pages do not start with a gap. */
  gap(height: number): void {
    if (this.y < TOP) this.y -= height;
  }

  lines(text: string, style: TextStyle, indent = 0): string[] {
    return wrap(this.toWinAnsi(text), style.font, style.size, CONTENT_WIDTH - indent);
  }

  drawLine(line: string, style: TextStyle, indent = 0): void {
    this.ensure(style.leading);
    // The baseline sits so that capitals fill roughly the top of the line box.
    this.page.drawText(line, {
      x: MARGIN + indent,
      y: this.y - style.size,
      size: style.size,
      font: style.font,
      color: style.color ?? BLACK,
    });
    this.y -= style.leading;
  }

  text(text: string, style: TextStyle, indent = 0): void {
    for (const line of this.lines(text, style, indent)) this.drawLine(line, style, indent);
  }

  /** A bulleted item with a hanging indent. */
  bullet(text: string, style: TextStyle): void {
    const lines = this.lines(text, style, BULLET_INDENT);
    lines.forEach((line, i) => {
      this.ensure(style.leading);
      if (i === 0) {
        this.page.drawText("\u2022", {
          x: MARGIN + 2,
          y: this.y - style.size,
          size: style.size,
          font: style.font,
          color: style.color ?? BLACK,
        });
      }
      this.drawLine(line, style, BULLET_INDENT);
    });
  }

  /** A heading kept on the same page as at least the first two lines after it. */
  heading(text: string, style: TextStyle, follow: TextStyle): void {
    this.gap(HEADING_GAP);
    const lines = this.lines(text, style);
    this.ensure(lines.length * style.leading + 2 * follow.leading);
    for (const line of lines) this.drawLine(line, style);
    this.y -= 3;
  }

  /** Lines drawn together on one page (a signature, say), unless taller than a page. */
  block(entries: { text: string; style: TextStyle }[]): void {
    const wrapped = entries.map((e) => ({ lines: this.lines(e.text, e.style), style: e.style }));
    const height = wrapped.reduce((sum, e) => sum + e.lines.length * e.style.leading, 0);
    this.ensure(height);
    for (const e of wrapped) for (const line of e.lines) this.drawLine(line, e.style);
  }
}

export async function renderAgreementPdf(input: SignedAgreementPdfInput): Promise<Uint8Array> {
  const { document: agreement, documentHash, activatedAt, reviewDate, signatures } = input;
  const t = normaliseText;

  // No automatic metadata: pdf-lib would otherwise stamp the current time and its own name.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const toWinAnsi = winAnsiMapper(new Set(regular.getCharacterSet()));

  const title = t(agreement.title);
  doc.setTitle(title);
  doc.setSubject("Samverkansöverenskommelse");
  doc.setCreator("Samverkansportalen");
  doc.setProducer("Samverkansportalen");
  doc.setCreationDate(activatedAt);
  doc.setModificationDate(activatedAt);
  doc.setLanguage("sv-SE");

  const body: TextStyle = { font: regular, size: BODY_SIZE, leading: BODY_LEADING };
  const bodyBold: TextStyle = { ...body, font: bold };
  const heading: TextStyle = { font: bold, size: HEADING_SIZE, leading: HEADING_LEADING };
  const flow = new Flow(doc, toWinAnsi);
  const paragraph = (text: string) => {
    flow.text(text, body);
    flow.gap(PARAGRAPH_GAP);
  };

  flow.text(title, { font: bold, size: TITLE_SIZE, leading: TITLE_LEADING });
  flow.gap(2);
  flow.text(`Version ${agreement.versionNumber}`, { ...body, size: 11, color: GREY });

  flow.heading("Parter", heading, body);
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
      );
    }
  }

  const introduction = paragraphs(agreement.introduction);
  if (introduction.length > 0) {
    flow.gap(HEADING_GAP);
    introduction.forEach(paragraph);
  }

  for (const section of agreement.sections) {
    flow.heading(t(section.heading), heading, body);
    paragraphs(section.body).forEach(paragraph);
  }

  if (agreement.meetings.length > 0) {
    flow.heading("Möten", heading, body);
    for (const meeting of agreement.meetings) {
      flow.bullet(`${t(meeting.name)} \u2013 ${t(meeting.frequency)}`, body);
    }
  }

  if (agreement.contactRoles.length > 0) {
    flow.heading("Kontaktroller", heading, body);
    for (const role of agreement.contactRoles) {
      flow.bullet(`${t(role.role)}: ${t(role.responsibility)}`, body);
    }
  }

  // The signature page always starts on a page of its own, so it is the last page(s).
  flow.newPage();
  flow.text("Underskrifter", { font: bold, size: 16, leading: 22 });
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
  const hash = toWinAnsi(documentHash);
  const hashLines =
    mono.widthOfTextAtSize(hash, mono10.size) <= CONTENT_WIDTH
      ? [hash]
      : [hash.slice(0, Math.ceil(hash.length / 2)), hash.slice(Math.ceil(hash.length / 2))];
  flow.gap(18);
  // The dates and the hash belong together: keep them on one page.
  flow.ensure(3 * body.leading + hashLines.length * mono10.leading);
  flow.block([
    { text: `Aktiv från: ${dateFormat.format(activatedAt)}`, style: body },
    { text: `Nästa revision: ${reviewDate ?? "ej satt"}`, style: body },
    { text: "Kontrollsumma (SHA-256):", style: body },
  ]);
  // Drawn unwrapped, line by line, so the hash is never broken at an arbitrary point.
  for (const line of hashLines) flow.drawLine(line, mono10);

  // Page numbers need the page count, so footers are drawn once the flow is done.
  const shortHash = toWinAnsi(`Kontrollsumma ${documentHash.slice(0, 16)}`);
  const shortHashWidth = regular.widthOfTextAtSize(shortHash, FOOTER_SIZE);
  flow.pages.forEach((page, i) => {
    const footer = toWinAnsi(
      `Samverkansöverenskommelse \u2013 version ${agreement.versionNumber} \u2013 sida ${i + 1} av ${flow.pages.length}`,
    );
    const footerStyle = { size: FOOTER_SIZE, color: GREY, y: FOOTER_BASELINE, font: regular };
    page.drawText(footer, { ...footerStyle, x: MARGIN });
    page.drawText(shortHash, { ...footerStyle, x: PAGE_WIDTH - MARGIN - shortHashWidth });
  });

  return doc.save({ useObjectStreams: false });
}
