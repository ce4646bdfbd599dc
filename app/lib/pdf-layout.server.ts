/**
 * Text on A4 pages for our PDFs (the signed agreement, the school card): wrapped to the page's
 * width, over as many pages as it needs, with the line breaks the writer typed kept, in fonts
 * that cover what people type (./pdf-fonts.server: Swedish and other European letters,
 * combining accents, Arabic and Hebrew, symbols, emoji). Both documents also take their type,
 * their metadata and their page footers from here, so they look alike and neither repeats the
 * other.
 *
 * How a line is drawn:
 * - Each character gets the first font that has it. A character no font has is replaced as a
 *   last resort: an invisible or combining one is left out, one with a compatibility
 *   decomposition is printed as that (ﬁ → fi), anything else as U+FFFD "�".
 * - Right-to-left text is ordered with the Unicode bidirectional algorithm (bidi-js): the
 *   paragraph's direction comes from its first strong letter, a right-to-left paragraph is set
 *   flush right, and runs are drawn in visual order. fontkit shapes Arabic (joined letter forms)
 *   and reverses a right-to-left run itself, so such a run is handed to it in logical order.
 * - Layout is synchronous and only records what to draw; `finish()` (which `save()` calls) then
 *   embeds the fonts that were used (subset to the glyphs drawn, so the file stays small) and
 *   draws. The same input gives the same bytes: nothing here reads a clock or draws at random.
 */
import bidiFactory from "bidi-js";
import { PDFDocument, PDFFont, PageSizes, rgb } from "pdf-lib";
import type { PDFPage, RGB } from "pdf-lib";
import type { Glyph, GlyphRun } from "@pdf-lib/fontkit";
import { cleanText } from "./clean-text";
import {
  FEATURES,
  RIGHT_TO_LEFT,
  fontFor,
  glyphText,
  pdfFontkit,
  type FontFile,
  type Weight,
} from "./pdf-fonts.server";

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter("sv", { granularity: "grapheme" });

export const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 56;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const TOP = PAGE_HEIGHT - MARGIN;

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

/** Our Unicode fonts by weight, or one of pdf-lib's standard fonts (WinAnsi only). */
type TextFont = "regular" | "bold" | PDFFont;

export interface TextStyle {
  font: TextFont;
  size: number;
  leading: number;
  color?: RGB;
}

/** The type both documents are set in: a title and the line under it, headings, body text. */
export const TITLE_STYLE: TextStyle = { font: "bold", size: 20, leading: 25 };
export const HEADING_STYLE: TextStyle = { font: "bold", size: 12.5, leading: 17 };
export const BODY_STYLE: TextStyle = { font: "regular", size: 10.5, leading: 15 };
export const BOLD_STYLE: TextStyle = { ...BODY_STYLE, font: "bold" };
export const SUBTITLE_STYLE: TextStyle = { ...BODY_STYLE, size: 11, color: GREY };

const FOOTER_STYLE: TextStyle = { font: "regular", size: 8, leading: 0, color: GREY };
const FOOTER_BASELINE = 30;

/**
 * A new, empty document. pdf-lib would otherwise stamp the current time and its own name in it,
 * and the same input must give the same bytes.
 */
export function createPdfDocument(): Promise<PDFDocument> {
  return PDFDocument.create({ updateMetadata: false });
}

/**
 * The document's title, subject and language, and its dates: the document's own (when it was
 * signed or sent), left out when there is none, never the clock's.
 */
export function setPdfMetadata(
  doc: PDFDocument,
  metadata: { title: string; subject: string; date: Date | null },
): void {
  doc.setTitle(metadata.title);
  doc.setSubject(metadata.subject);
  doc.setCreator("Samverkansportalen");
  doc.setProducer("Samverkansportalen");
  if (metadata.date) {
    doc.setCreationDate(metadata.date);
    doc.setModificationDate(metadata.date);
  }
  doc.setLanguage("sv-SE");
}

/** Characters that belong to the one before them: combining marks, joiners, selectors, tags. */
const ATTACHING_RANGES: readonly (readonly [number, number])[] = [
  [0x200c, 0x200d], // zero-width non-joiner and joiner
  [0xfe00, 0xfe0f], // variation selectors
  [0xe0020, 0xe007f], // tags (flags of regions)
  [0xe0100, 0xe01ef], // variation selectors supplement
  [0x1f3fb, 0x1f3ff], // emoji skin tones
];
const isAttaching = (c: string, code: number) =>
  /^\p{M}$/u.test(c) || ATTACHING_RANGES.some(([from, to]) => code >= from && code <= to);
/** Invisible characters that are not attaching: soft hyphen, zero-width space, bidi controls… */
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\u00ad]$/u;
/** Spaces that must not break a line; every other space becomes a plain one. */
const NO_BREAK_SPACE = /^[\u00a0\u2007\u202f]$/u;
const SPACE = /^\s$/u;
const SKIN_TONE = /^[\u{1f3fb}-\u{1f3ff}]$/u;

/** One line of the writer's text (between "\n"), resolved to characters and their fonts. */
interface Paragraph {
  text: string;
  /** Per UTF-16 code unit: its font; null when the style's font is a standard font. */
  fonts: (FontFile | null)[];
  levels: ReturnType<typeof bidi.getEmbeddingLevels>;
  rtl: boolean;
  /** Grapheme clusters as [start, end) code-unit ranges. */
  clusters: [number, number][];
  /** Per UTF-16 code unit: the index of its cluster. */
  clusterOf: number[];
}

/** A wrapped line: a range of a paragraph. An empty range is a blank line. */
export interface Line {
  paragraph: Paragraph;
  start: number;
  end: number;
}

function resolveUnicode(line: string, weight: Weight): Pick<Paragraph, "text" | "fonts"> {
  let text = "";
  const fonts: (FontFile | null)[] = [];
  let previous: FontFile | null = null;
  const push = (c: string, font: FontFile) => {
    text += c;
    for (let i = 0; i < c.length; i++) fonts.push(font);
    previous = font;
  };
  for (const c of line) {
    const code = c.codePointAt(0)!;
    const attaching = isAttaching(c, code);
    if (!attaching && IGNORABLE.test(c)) continue;
    if (SPACE.test(c) && !NO_BREAK_SPACE.test(c)) {
      push(" ", fontFor(0x20, weight)!);
      continue;
    }
    const last = previous as FontFile | null;
    // A monochrome emoji has no skin tone: the modifier would print as a swatch of its own.
    if (SKIN_TONE.test(c) && last) continue;
    if (attaching && last?.font.hasGlyphForCodePoint(code)) {
      push(c, last);
      continue;
    }
    const font = fontFor(code, weight);
    if (font) {
      push(c, font);
      continue;
    }
    // Last resorts, for a character none of our fonts has.
    if (attaching) continue;
    const parts = [...c.normalize("NFKD")].filter((p) => !/^\p{M}$/u.test(p));
    const partFonts = parts.map((p) => fontFor(p.codePointAt(0)!, weight));
    if (parts.length > 0 && partFonts.every((f) => f !== null)) {
      parts.forEach((p, i) => push(p, partFonts[i]!));
      continue;
    }
    push("\ufffd", fontFor(0xfffd, weight)!);
  }
  return { text, fonts };
}

function resolveStandard(line: string, font: PDFFont): Pick<Paragraph, "text" | "fonts"> {
  const supported = new Set(font.getCharacterSet());
  let text = "";
  for (const c of line) {
    if (IGNORABLE.test(c)) continue;
    text += SPACE.test(c) ? " " : supported.has(c.codePointAt(0)!) ? c : "?";
  }
  return { text, fonts: Array.from({ length: text.length }, () => null) };
}

function paragraphOf(line: string, font: TextFont): Paragraph {
  const resolved =
    typeof font === "string"
      ? resolveUnicode(line, font === "bold" ? 700 : 400)
      : resolveStandard(line, font);
  // Most text has no right-to-left character: it is all one left-to-right run.
  const levels = RIGHT_TO_LEFT.test(resolved.text)
    ? bidi.getEmbeddingLevels(resolved.text)
    : { levels: new Uint8Array(resolved.text.length), paragraphs: [] };
  // Below U+0300 (no combining marks, no surrogates; control characters are gone by now)
  // every character is a cluster of its own.
  const clusters = /^[\u0020-\u02ff]*$/.test(resolved.text)
    ? Array.from(resolved.text, (_, i): [number, number] => [i, i + 1])
    : [...graphemes.segment(resolved.text)].map((s): [number, number] => [
        s.index,
        s.index + s.segment.length,
      ]);
  const clusterOf = new Array<number>(resolved.text.length);
  clusters.forEach(([s, e], i) => clusterOf.fill(i, s, e));
  const rtl = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
  return { ...resolved, levels, rtl, clusters, clusterOf };
}

/** Advance widths in font units, per font and text: the same words recur on every line. */
const advances = new WeakMap<FontFile, Map<string, number>>();

function unitsOf(file: FontFile, text: string): number {
  let cache = advances.get(file);
  if (!cache) advances.set(file, (cache = new Map()));
  let units = cache.get(text);
  if (units === undefined) {
    // As pdf-lib measures and draws it: the glyphs' own advances, shaped by fontkit.
    units = 0;
    for (const glyph of file.font.layout(text, FEATURES).glyphs) units += glyph.advanceWidth;
    if (cache.size > 20_000) cache.clear();
    cache.set(text, units);
  }
  return units;
}

/**
 * Text whose glyphs must be placed, not just set side by side: right-to-left scripts (Arabic
 * letters are drawn as a skeleton plus their dots as marks) and combining accents.
 */
const NEEDS_PLACING = new RegExp(`${RIGHT_TO_LEFT.source}|\\p{M}`, "u");

/** Shaped with positioning on (kerning, marks), for text that needs placing. */
const placedLayouts = new WeakMap<FontFile, Map<string, GlyphRun>>();
function placedLayout(file: FontFile, text: string): GlyphRun {
  let cache = placedLayouts.get(file);
  if (!cache) placedLayouts.set(file, (cache = new Map()));
  let run = cache.get(text);
  if (!run) {
    run = file.font.layout(text, {});
    if (cache.size > 5_000) cache.clear();
    cache.set(text, run);
  }
  return run;
}

function widthOfRun(text: string, font: FontFile | PDFFont, size: number): number {
  if (font instanceof PDFFont) return font.widthOfTextAtSize(text, size);
  let units = 0;
  if (NEEDS_PLACING.test(text)) {
    for (const position of placedLayout(font, text).positions) units += position.xAdvance;
    return (units * size) / font.font.unitsPerEm;
  }
  // Word by word, so that each word is shaped once; no shaping crosses a space.
  const words = text.split(" ");
  for (const word of words) if (word !== "") units += unitsOf(font, word);
  if (words.length > 1) units += (words.length - 1) * unitsOf(font, " ");
  return (units * size) / font.font.unitsPerEm;
}

/** A run as pieces for pdf-lib: plain text, or placed glyphs each at its offset (in points). */
function piecesOf(text: string, font: FontFile | PDFFont, size: number) {
  if (font instanceof PDFFont || !NEEDS_PLACING.test(text)) return [{ text, dx: 0, dy: 0 }];
  const scale = size / font.font.unitsPerEm;
  const run = placedLayout(font, text);
  const pieces: { text: string; dx: number; dy: number }[] = [];
  let plain: Glyph[] = [];
  let plainAt = 0;
  let pen = 0;
  const flush = () => {
    if (plain.length > 0) pieces.push({ text: glyphText(font, plain), dx: plainAt * scale, dy: 0 });
    plain = [];
  };
  run.glyphs.forEach((glyph, i) => {
    const p = run.positions[i]!;
    if (p.xOffset === 0 && p.yOffset === 0 && p.xAdvance === glyph.advanceWidth) {
      if (plain.length === 0) plainAt = pen;
      plain.push(glyph);
    } else {
      flush();
      const dx = (pen + p.xOffset) * scale;
      pieces.push({ text: glyphText(font, [glyph]), dx, dy: p.yOffset * scale });
    }
    pen += p.xAdvance;
  });
  flush();
  return pieces;
}

/** Consecutive code units of [start, end) that share a font. */
function* fontRuns(p: Paragraph, start: number, end: number) {
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (i === end || p.fonts[i] !== p.fonts[from]) {
      yield { from, to: i, font: p.fonts[from] ?? null };
      from = i;
    }
  }
}

function measure(p: Paragraph, start: number, end: number, style: TextStyle): number {
  let width = 0;
  for (const run of fontRuns(p, start, end)) {
    const font = run.font ?? (style.font as PDFFont);
    width += widthOfRun(p.text.slice(run.from, run.to), font, style.size);
  }
  return width;
}

/** Breaks a paragraph into lines no wider than `width`, at spaces, or inside a too-long word. */
function wrap(p: Paragraph, style: TextStyle, width: number): Line[] {
  const lines: Line[] = [];
  let current: { start: number; end: number; width: number } | null = null;
  const push = () => {
    if (current) lines.push({ paragraph: p, start: current.start, end: current.end });
    current = null;
  };
  for (const match of p.text.matchAll(/[^ ]+/g)) {
    const [start, end] = [match.index, match.index + match[0].length];
    const wordWidth = measure(p, start, end, style);
    if (current) {
      const line: { start: number; end: number; width: number } = current;
      const joined = line.width + measure(p, line.end, start, style) + wordWidth;
      if (joined <= width) {
        current = { start: line.start, end, width: joined };
        continue;
      }
      push();
    }
    if (wordWidth <= width) {
      current = { start, end, width: wordWidth };
      continue;
    }
    // A word wider than a line (a long address, say) is broken between characters.
    for (const [from, to] of p.clusters.filter(([s]) => s >= start && s < end)) {
      const clusterWidth = measure(p, from, to, style);
      if (current) {
        const line: { start: number; end: number; width: number } = current;
        if (line.width + clusterWidth <= width) {
          current = { start: line.start, end: to, width: line.width + clusterWidth };
          continue;
        }
        push();
      }
      current = { start: from, end: to, width: clusterWidth };
    }
  }
  push();
  return lines.length > 0 ? lines : [{ paragraph: p, start: 0, end: 0 }];
}

interface DrawOp {
  page: PDFPage;
  text: string;
  font: FontFile | PDFFont;
  x: number;
  y: number;
  size: number;
  color: RGB;
}

/** The runs of a line in visual order, each as the text to hand to pdf-lib, with its width. */
function visualRuns(line: Line, style: TextStyle) {
  const p = line.paragraph;
  if (line.end <= line.start) return [];
  // bidi-js returns every index of the paragraph, with only this line's range reordered.
  const order =
    p.levels.paragraphs.length === 0
      ? Array.from({ length: line.end - line.start }, (_, i) => line.start + i)
      : bidi
          .getReorderedIndices(p.text, p.levels, line.start, line.end - 1)
          .slice(line.start, line.end);
  const visual: number[] = [];
  for (const unit of order) {
    const cluster = p.clusterOf[unit]!;
    if (visual.at(-1) !== cluster) visual.push(cluster);
  }

  const runs: { text: string; font: FontFile | PDFFont; width: number }[] = [];
  let group: number[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const [s] = p.clusters[group[0]!]!;
    const font = p.fonts[s] ?? (style.font as PDFFont);
    const rtl = p.levels.levels[s]! % 2 === 1;
    const textOf = (clusters: number[]) =>
      clusters.map((c) => p.text.slice(...p.clusters[c]!)).join("");
    let text = textOf(group);
    if (rtl) {
      const logical = textOf([...group].reverse());
      if (!(font instanceof PDFFont) && font.font.layout(logical, FEATURES).direction === "rtl") {
        // fontkit shapes it (joined Arabic letters) and reverses it into visual order.
        text = logical;
      } else {
        text = [...text].map((c) => bidi.getMirroredCharacter(c) ?? c).join("");
      }
    }
    runs.push({ text, font, width: widthOfRun(text, font, style.size) });
    group = [];
  };
  for (const cluster of visual) {
    const [s] = p.clusters[cluster]!;
    const first = group[0] === undefined ? undefined : p.clusters[group[0]]![0];
    if (
      first !== undefined &&
      (p.fonts[s] !== p.fonts[first] || p.levels.levels[s]! % 2 !== p.levels.levels[first]! % 2)
    ) {
      flush();
    }
    group.push(cluster);
  }
  flush();
  return runs;
}

/** A top-down flow of text over as many A4 pages as it needs. */
export class PdfFlow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  /** Top of the next line box. */
  private y = TOP;
  private readonly ops: DrawOp[] = [];

  constructor(private readonly doc: PDFDocument) {
    doc.registerFontkit(pdfFontkit);
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

  /** The text's lines at this style: one or more per line the writer typed, blank ones kept. */
  lines(text: string, style: TextStyle, indent = 0): Line[] {
    return cleanText(text)
      .normalize("NFC")
      .split("\n")
      .flatMap((line) => wrap(paragraphOf(line, style.font), style, CONTENT_WIDTH - indent));
  }

  /** Width of a one-line text (a footer, say). */
  widthOf(text: string, style: TextStyle): number {
    const p = paragraphOf(cleanText(text).replace(/\n/g, " ").normalize("NFC"), style.font);
    return measure(p, 0, p.text.length, style);
  }

  drawLine(line: Line, style: TextStyle, indent = 0): void {
    this.ensure(style.leading);
    // The baseline sits so that capitals fill roughly the top of the line box.
    this.place(
      this.page,
      line,
      style,
      MARGIN + indent,
      this.y - style.size,
      CONTENT_WIDTH - indent,
    );
    this.y -= style.leading;
  }

  /** One unwrapped line at a fixed place (footers), left-aligned at `x`. */
  drawAt(page: PDFPage, text: string, style: TextStyle, x: number, y: number): void {
    const p = paragraphOf(cleanText(text).replace(/\n/g, " ").normalize("NFC"), style.font);
    this.place(page, { paragraph: p, start: 0, end: p.text.length }, style, x, y, null);
  }

  private place(
    page: PDFPage,
    line: Line,
    style: TextStyle,
    x: number,
    y: number,
    width: number | null,
  ): void {
    const runs = visualRuns(line, style);
    const total = runs.reduce((sum, run) => sum + run.width, 0);
    // A right-to-left paragraph is set flush right.
    let at = width !== null && line.paragraph.rtl ? x + width - total : x;
    for (const run of runs) {
      for (const piece of piecesOf(run.text, run.font, style.size)) {
        const op = { page, text: piece.text, font: run.font, size: style.size };
        this.ops.push({ ...op, x: at + piece.dx, y: y + piece.dy, color: style.color ?? BLACK });
      }
      at += run.width;
    }
  }

  text(text: string, style: TextStyle, indent = 0): void {
    for (const line of this.lines(text, style, indent)) this.drawLine(line, style, indent);
  }

  /** A bulleted item with a hanging indent. */
  bullet(text: string, style: TextStyle, indent: number): void {
    this.lines(text, style, indent).forEach((line, i) => {
      this.ensure(style.leading);
      if (i === 0) this.drawAt(this.page, "\u2022", style, MARGIN + 2, this.y - style.size);
      this.drawLine(line, style, indent);
    });
  }

  /** A heading kept on the same page as at least the first two lines after it. */
  heading(text: string, style: TextStyle, follow: TextStyle, gapBefore: number): void {
    this.gap(gapBefore);
    const lines = this.lines(text, style);
    this.ensure(lines.length * style.leading + 2 * follow.leading);
    for (const line of lines) this.drawLine(line, style);
    this.y -= 3;
  }

  /**
   * A drawing `height` points tall (a chart), kept on one page: `draw` gets the page and the
   * drawing's top-left corner in the page's coordinates (y grows upwards), and draws its text
   * with `drawAt` so that it is set in the same fonts.
   */
  drawing(height: number, draw: (page: PDFPage, left: number, top: number) => void): void {
    this.ensure(height);
    draw(this.page, MARGIN, this.y);
    this.y -= height;
  }

  /** Lines drawn together on one page (a signature, say), unless taller than a page. */
  block(entries: { text: string; style: TextStyle }[]): void {
    const wrapped = entries.map((e) => ({ lines: this.lines(e.text, e.style), style: e.style }));
    const height = wrapped.reduce((sum, e) => sum + e.lines.length * e.style.leading, 0);
    this.ensure(height);
    for (const e of wrapped) for (const line of e.lines) this.drawLine(line, e.style);
  }

  /**
   * A footer on every page, drawn once the flow is done since it needs the page count: `left`
   * (given the page's number and the count) at the left margin, `right` flush right.
   */
  footers(left: (page: number, count: number) => string, right?: string): void {
    const rightWidth = right === undefined ? 0 : this.widthOf(right, FOOTER_STYLE);
    this.pages.forEach((page, i) => {
      this.drawAt(page, left(i + 1, this.pages.length), FOOTER_STYLE, MARGIN, FOOTER_BASELINE);
      if (right !== undefined) {
        const x = PAGE_WIDTH - MARGIN - rightWidth;
        this.drawAt(page, right, FOOTER_STYLE, x, FOOTER_BASELINE);
      }
    });
  }

  /** Draws what the flow holds and returns the file's bytes. */
  async save(): Promise<Uint8Array> {
    await this.finish();
    return this.doc.save({ useObjectStreams: false });
  }

  /** Embeds the fonts used, subset to the glyphs drawn, in the order first used, and draws. */
  async finish(): Promise<void> {
    const embedded = new Map<string, PDFFont>();
    for (const op of this.ops) {
      let font: PDFFont;
      if (op.font instanceof PDFFont) {
        font = op.font;
      } else {
        const file = op.font;
        font =
          embedded.get(file.key) ??
          (await this.doc.embedFont(file.bytes, { subset: true, features: FEATURES }));
        embedded.set(file.key, font);
      }
      op.page.drawText(op.text, { x: op.x, y: op.y, size: op.size, font, color: op.color });
    }
    this.ops.length = 0;
  }
}
