/**
 * The fonts our PDFs draw with (issue 14): Noto, from the @fontsource packages, so that what a
 * person typed prints as typed instead of as "?": Latin (with Swedish and every other European
 * letter), Greek and Cyrillic from Noto Sans, Arabic and Hebrew from their own Noto families,
 * arrows, check marks and other symbols from Noto Sans Symbols 2, emoji from the monochrome Noto
 * Emoji. Each character is drawn in the first of these that has a glyph for it.
 *
 * Fontsource splits each family into files per Unicode range ("latin", "cyrillic", …) and lists
 * the ranges in the package's unicode.json; a file is read only when a character in its range is
 * first needed, then kept for the life of the process, as is the choice of font per character.
 *
 * The files are WOFF. They are unpacked here to plain TrueType, with every glyph padded to four
 * bytes: pdf-lib's subsetter (fontkit's TTFSubset) copies glyphs byte for byte and writes short
 * `loca` offsets, which count in two-byte steps, so a glyph of odd length (Noto Sans Arabic and
 * Noto Emoji have them) shifted every glyph after it and the embedded font was unreadable.
 * Unpacking once also spares fontkit from inflating the whole `glyf` table for every glyph.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import type { Font, Glyph } from "@pdf-lib/fontkit";

export type Weight = 400 | 700;

/** One font file, loaded: its TrueType bytes (to embed) and fontkit's parse (to measure). */
export interface FontFile {
  /** Unique per file: the key the embedded font is cached under in one document. */
  key: string;
  bytes: Uint8Array;
  font: Font;
}

interface Family {
  pkg: string;
  /** File-name prefix inside the package's files/ folder. */
  prefix: string;
  /** The unicode.json subsets used, in order; `null`: one file for every character. */
  subsets: string[] | null;
  weights: readonly Weight[];
}

const FAMILIES: readonly Family[] = [
  {
    pkg: "@fontsource/noto-sans",
    prefix: "noto-sans",
    subsets: [
      "latin",
      "latin-ext",
      "vietnamese",
      "cyrillic",
      "cyrillic-ext",
      "greek",
      "greek-ext",
      "devanagari",
    ],
    weights: [400, 700],
  },
  {
    pkg: "@fontsource/noto-sans-arabic",
    prefix: "noto-sans-arabic",
    subsets: ["arabic"],
    weights: [400, 700],
  },
  {
    pkg: "@fontsource/noto-sans-hebrew",
    prefix: "noto-sans-hebrew",
    subsets: ["hebrew"],
    weights: [400, 700],
  },
  {
    pkg: "@fontsource/noto-sans-symbols-2",
    prefix: "noto-sans-symbols-2",
    subsets: ["symbols", "math", "braille"],
    weights: [400],
  },
  // The "emoji" file is the whole font (the numbered subsets split ZWJ sequences apart).
  { pkg: "@fontsource/noto-emoji", prefix: "noto-emoji", subsets: null, weights: [400, 700] },
];

const require = createRequire(import.meta.url);

type Range = readonly [from: number, to: number];

/** "U+0000-00FF,U+0131" → [[0x0, 0xff], [0x131, 0x131]]. */
function parseRanges(spec: string): Range[] {
  return spec.split(",").map((part) => {
    const [from = "", to] = part.trim().replace(/^U\+/i, "").split("-");
    return [parseInt(from, 16), parseInt(to ?? from, 16)] as const;
  });
}

const rangesCache = new Map<string, Record<string, Range[]>>();
function rangesOf(pkg: string): Record<string, Range[]> {
  let ranges = rangesCache.get(pkg);
  if (!ranges) {
    const spec = JSON.parse(readFileSync(require.resolve(`${pkg}/unicode.json`), "utf8")) as Record<
      string,
      string
    >;
    ranges = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, parseRanges(v)]));
    rangesCache.set(pkg, ranges);
  }
  return ranges;
}

/**
 * Glyph positioning (kerning, mark placement) is switched off when shaping: pdf-lib draws each
 * glyph at its own advance and ignores positions anyway, and positioning took most of the time.
 * Substitution (Arabic letter forms, ligatures) stays on.
 */
export const FEATURES = { kern: false, mark: false, mkmk: false, dist: false };

/** The blocks of right-to-left scripts (Hebrew to Arabic Extended, their presentation forms, the
 * historic ones) and the marks and controls that start right-to-left text. */
export const RIGHT_TO_LEFT =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}\u200f\u202b\u202e\u2067]/u;

/**
 * Shapes left-to-right text word by word, each word once per process: the same words recur on
 * every line, and fontkit builds its shaping plan anew for every call. No shaping crosses a
 * space in these scripts; right-to-left text (reordered as a whole) is shaped as it comes.
 */
function memoiseLayout(font: Font): void {
  const layout = font.layout.bind(font);
  const words = new Map<string, Glyph[]>();
  const known = new Map<number, Glyph>();
  knownGlyphs.set(font, known);
  const wordGlyphs = (word: string) => {
    let glyphs = words.get(word);
    if (!glyphs) {
      glyphs = layout(word, FEATURES).glyphs;
      if (words.size > 50_000) words.clear();
      words.set(word, glyphs);
    }
    return glyphs;
  };
  font.layout = (text, features, ...rest) => {
    if (GLYPH_TEXT.test(text)) {
      const run = layout("", FEATURES);
      run.glyphs = Array.from(text, (c) => {
        const id = c.codePointAt(0)! - GLYPH_BASE;
        return known.get(id) ?? font.getGlyph(id);
      });
      return run;
    }
    if (features !== FEATURES || rest.length > 0 || RIGHT_TO_LEFT.test(text)) {
      return layout(text, features, ...rest);
    }
    const glyphs: Glyph[] = [];
    text.split(" ").forEach((word, i) => {
      if (i > 0) glyphs.push(...wordGlyphs(" "));
      if (word !== "") glyphs.push(...wordGlyphs(word));
    });
    const run = layout("", FEATURES);
    run.glyphs = glyphs;
    return run;
  };
}

/**
 * Glyphs that were shaped and placed here (a letter's dots, an accent) are drawn one by one at
 * their place. pdf-lib only draws text, so such glyphs are handed to it as text made of
 * characters of Unicode's last private-use plane, one per glyph id, which our `layout` turns back
 * into exactly those glyphs. What a person typed never contains these characters: no font of
 * ours has them, so they are replaced before they get here.
 */
const GLYPH_BASE = 0x100000;
const GLYPH_TEXT = /^[\u{100000}-\u{10fffd}]+$/u;
const knownGlyphs = new WeakMap<Font, Map<number, Glyph>>();

/** Text that pdf-lib, through our `layout`, draws as exactly these glyphs of `file`. */
export function glyphText(file: FontFile, glyphs: readonly Glyph[]): string {
  const known = knownGlyphs.get(file.font)!;
  for (const glyph of glyphs) known.set(glyph.id, glyph);
  return String.fromCodePoint(...glyphs.map((glyph) => GLYPH_BASE + glyph.id));
}

const files = new Map<string, FontFile>();
const parsed = new WeakMap<Uint8Array, Font>();
function loadFile(pkg: string, name: string): FontFile {
  let file = files.get(name);
  if (!file) {
    const bytes = woffToTrueType(readFileSync(require.resolve(`${pkg}/files/${name}`)));
    const font = fontkit.create(bytes);
    memoiseLayout(font);
    parsed.set(bytes, font);
    file = { key: name, bytes, font };
    files.set(name, file);
  }
  return file;
}

/**
 * What pdf-lib is given as its fontkit: our fonts come parsed (once per process, with the
 * memoised shaping); anything else is parsed by fontkit as usual.
 */
export const pdfFontkit: typeof fontkit = {
  ...fontkit,
  create: (bytes: Uint8Array, postscriptName?: string) =>
    parsed.get(bytes) ?? fontkit.create(bytes, postscriptName),
};

/** The font files that may hold `codePoint`, in order of preference. */
function* candidates(codePoint: number, weight: Weight): Generator<FontFile> {
  for (const family of FAMILIES) {
    const w = family.weights.includes(weight) ? weight : family.weights[0]!;
    if (family.subsets === null) {
      yield loadFile(family.pkg, `${family.prefix}-emoji-${w}-normal.woff`);
      continue;
    }
    const ranges = rangesOf(family.pkg);
    for (const subset of family.subsets) {
      if (ranges[subset]?.some(([from, to]) => codePoint >= from && codePoint <= to)) {
        yield loadFile(family.pkg, `${family.prefix}-${subset}-${w}-normal.woff`);
      }
    }
  }
}

const choices: Record<Weight, Map<number, FontFile | null>> = { 400: new Map(), 700: new Map() };

/** The first font that draws `codePoint`, or null when none of ours does. */
export function fontFor(codePoint: number, weight: Weight): FontFile | null {
  const cache = choices[weight];
  let choice = cache.get(codePoint);
  if (choice === undefined) {
    choice = null;
    for (const file of candidates(codePoint, weight)) {
      if (file.font.hasGlyphForCodePoint(codePoint)) {
        choice = file;
        break;
      }
    }
    cache.set(codePoint, choice);
  }
  return choice;
}

// --- WOFF to TrueType --------------------------------------------------------------------------

function checksum(data: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
  padded.set(data);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** Unpacks a WOFF 1 file to TrueType, with glyphs padded to four bytes and long `loca` offsets. */
function woffToTrueType(woff: Uint8Array): Uint8Array {
  const input = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.getUint32(0) !== 0x774f4646) throw new Error("not a WOFF file");
  const flavor = input.getUint32(4);
  const numTables = input.getUint16(12);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < numTables; i++) {
    const at = 44 + 20 * i;
    const tag = String.fromCharCode(...woff.subarray(at, at + 4));
    const offset = input.getUint32(at + 4);
    const compLength = input.getUint32(at + 8);
    const origLength = input.getUint32(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    tables.set(tag, compLength < origLength ? new Uint8Array(inflateSync(stored)) : stored.slice());
  }

  const head = tables.get("head");
  const loca = tables.get("loca");
  const glyf = tables.get("glyf");
  const maxp = tables.get("maxp");
  if (head && loca && glyf && maxp) {
    const headView = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const numGlyphs = new DataView(maxp.buffer, maxp.byteOffset).getUint16(4);
    const longOffsets = headView.getInt16(50) === 1;
    const locaView = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
    const offsetAt = (i: number) =>
      longOffsets ? locaView.getUint32(4 * i) : locaView.getUint16(2 * i) * 2;
    const glyphs: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < numGlyphs; i++) {
      const glyph = glyf.subarray(offsetAt(i), offsetAt(i + 1));
      const padded = new Uint8Array(Math.ceil(glyph.length / 4) * 4);
      padded.set(glyph);
      glyphs.push(padded);
      total += padded.length;
    }
    const newGlyf = new Uint8Array(total);
    const newLoca = new Uint8Array(4 * (numGlyphs + 1));
    const newLocaView = new DataView(newLoca.buffer);
    let offset = 0;
    glyphs.forEach((glyph, i) => {
      newLocaView.setUint32(4 * i, offset);
      newGlyf.set(glyph, offset);
      offset += glyph.length;
    });
    newLocaView.setUint32(4 * numGlyphs, offset);
    headView.setInt16(50, 1);
    tables.set("glyf", newGlyf);
    tables.set("loca", newLoca);
  }
  if (head) new DataView(head.buffer, head.byteOffset).setUint32(8, 0);

  const tags = [...tables.keys()].sort();
  const headerLength = 12 + 16 * tags.length;
  let length = headerLength;
  for (const tag of tags) length += Math.ceil(tables.get(tag)!.length / 4) * 4;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(tags.length));
  view.setUint32(0, flavor);
  view.setUint16(4, tags.length);
  view.setUint16(6, 2 ** entrySelector * 16);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tags.length * 16 - 2 ** entrySelector * 16);
  let offset = headerLength;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const at = 12 + 16 * i;
    for (let c = 0; c < 4; c++) out[at + c] = tag.charCodeAt(c);
    view.setUint32(at + 4, checksum(data));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, data.length);
    out.set(data, offset);
    if (tag === "head") headOffset = offset;
    offset += Math.ceil(data.length / 4) * 4;
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
