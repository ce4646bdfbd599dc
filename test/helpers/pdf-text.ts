/**
 * What a PDF of ours shows, read back in-process with pdf-lib (no pdftotext): every text
 * operation's string, decoded through its font's ToUnicode map (embedded fonts, two-byte glyph
 * ids) or WinAnsi (standard fonts), with the font it was drawn in and where. Operations on the
 * same baseline are joined left to right into one line, so a line set in several fonts (Latin,
 * then Arabic, then an emoji) reads as one string, in visual order.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  decodePDFRawStream,
} from "pdf-lib";
import type { PDFPage } from "pdf-lib";

export interface DrawnText {
  text: string;
  /** The font's BaseFont without pdf-lib's random suffix, e.g. "NotoSansArabic-Regular". */
  font: string;
  x: number;
  y: number;
  size: number;
  /** Glyph id 0 (.notdef, an empty box) drawn: a character the font did not have. */
  notdef: boolean;
}

export interface PageText {
  drawn: DrawnText[];
  /** The page's lines, top to bottom, each the strings on one baseline, left to right. */
  lines: string[];
  text: string;
}

const winAnsi = new TextDecoder("windows-1252");

function utf16be(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** A ToUnicode CMap's bfchar and bfrange entries as glyph id → text. */
function parseCMap(source: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      map.set(parseInt(m[1]!, 16), utf16be(m[2]!));
    }
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const [from, to, first] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), m[3]!];
      for (let gid = from; gid <= to; gid++) {
        const last = parseInt(first.slice(-4), 16) + (gid - from);
        map.set(gid, utf16be(first.slice(0, -4) + last.toString(16).padStart(4, "0")));
      }
    }
  }
  return map;
}

function streamText(doc: PDFDocument, object: unknown): string {
  const stream = object instanceof PDFRef ? doc.context.lookup(object) : object;
  if (!(stream instanceof PDFRawStream)) return "";
  return Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
}

interface FontReader {
  name: string;
  decode(hex: string): { text: string; notdef: boolean };
}

function fontReader(doc: PDFDocument, dict: PDFDict): FontReader {
  const baseFont = dict.lookup(PDFName.of("BaseFont"), PDFName).decodeText();
  const name = baseFont.replace(/-\d+$/, "");
  const toUnicode = dict.get(PDFName.of("ToUnicode"));
  if (!toUnicode) {
    return {
      name,
      decode: (hex) => ({ text: winAnsi.decode(Buffer.from(hex, "hex")), notdef: false }),
    };
  }
  const cmap = parseCMap(streamText(doc, toUnicode));
  return {
    name,
    decode: (hex) => {
      let text = "";
      let notdef = false;
      for (let i = 0; i + 4 <= hex.length; i += 4) {
        const gid = parseInt(hex.slice(i, i + 4), 16);
        if (gid === 0) notdef = true;
        text += cmap.get(gid) ?? "";
      }
      return { text, notdef };
    },
  };
}

export function pageText(doc: PDFDocument, page: PDFPage): PageText {
  const fonts = new Map<string, FontReader>();
  const fontDict = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
  for (const [key, ref] of fontDict?.entries() ?? []) {
    const dict = doc.context.lookup(ref, PDFDict);
    fonts.set(key.decodeText(), fontReader(doc, dict));
  }
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  const drawn: DrawnText[] = [];
  let font: FontReader | undefined;
  let size = 0;
  let [x, y] = [0, 0];
  const operator =
    /\/(\S+)\s+([-\d.]+)\s+Tf|([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+Tm|<([0-9A-Fa-f]*)>\s*Tj/g;
  for (const stream of streams) {
    for (const m of streamText(doc, stream).matchAll(operator)) {
      if (m[1] !== undefined) [font, size] = [fonts.get(m[1]), Number(m[2])];
      else if (m[3] !== undefined) [x, y] = [Number(m[7]), Number(m[8])];
      else if (m[9] !== undefined && font) {
        drawn.push({ ...font.decode(m[9]), font: font.name, x, y, size });
      }
    }
  }
  // A line's pieces share a baseline, but for marks (an accent, Arabic dots) placed above or
  // below it: a piece within half its size of a line's baseline belongs to that line.
  const grouped: { y: number; pieces: DrawnText[] }[] = [];
  for (const d of drawn) {
    const line = grouped.find((l) => Math.abs(l.y - d.y) < d.size / 2);
    if (line) line.pieces.push(d);
    else grouped.push({ y: d.y, pieces: [d] });
  }
  const lines = grouped
    .sort((a, b) => b.y - a.y)
    .map((l) =>
      l.pieces
        .sort((a, b) => a.x - b.x)
        .map((d) => d.text)
        .join(""),
    );
  return { drawn, lines, text: lines.join("\n") };
}

export async function readPdf(bytes: Uint8Array) {
  // Without updateMetadata: false, loading would overwrite the producer and dates.
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = doc.getPages().map((page) => pageText(doc, page));
  return { doc, pages, texts: pages.map((p) => p.text) };
}
