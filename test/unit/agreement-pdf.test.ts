import { describe, expect, it } from "vitest";
import type {
  AgreementSignatureLine,
  SignedAgreementPdfInput,
} from "~/modules/agreements/document";
import { renderAgreementPdf } from "~/modules/agreements/pdf.server";
import { readPdf } from "../helpers/pdf-text";

const HASH = "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";
const ACTIVATED_AT = new Date("2025-03-14T09:30:00Z");
const ANNA: AgreementSignatureLine = {
  signerName: "Anna Rektor",
  signerTitle: "Rektor",
  roleLabel: "Rektor",
  organisationName: "Åsskolan",
  signedAt: new Date("2025-03-13T15:05:00Z"),
};

function input(
  overrides: Partial<SignedAgreementPdfInput["document"]> = {},
): SignedAgreementPdfInput {
  return {
    document: {
      agreementId: "7b0f9a52-1c1e-4e57-9f5e-0d6b3c1f2a10",
      versionNumber: 3,
      title: "Samverkansöverenskommelse Norrstrand",
      district: { id: "d1", name: "Norrstrands stadsdelsförvaltning" },
      schools: [
        {
          id: "s2",
          name: "Ekbackeskolan",
          schoolUnitCode: "87654321",
          operatorType: "independent",
        },
        { id: "s1", name: "Åsskolan", schoolUnitCode: "12345678", operatorType: "municipal" },
      ],
      introduction:
        "Skolan och socialtjänsten samverkar kring barn och unga.\n\nÖverenskommelsen gäller tills vidare.",
      sections: [
        { heading: "Syfte", body: "Att tidigt upptäcka barn som behöver stöd." },
        { heading: "Ansvar", body: "Rektor ansvarar för skolans del.\n\nEnhetschefen för sin." },
      ],
      meetings: [{ name: "Samverkansmöte", frequency: "två gånger per termin" }],
      contactRoles: [{ role: "Kontaktperson", responsibility: "tar emot frågor från skolan" }],
      template: { id: "t1", revisionNumber: 2 },
      ...overrides,
    },
    documentHash: HASH,
    activatedAt: ACTIVATED_AT,
    reviewDate: "2027-03-14",
    signatures: [
      ANNA,
      {
        signerName: "Bo Chef",
        signerTitle: null,
        roleLabel: "Stadsdelschef",
        organisationName: "Norrstrands stadsdelsförvaltning",
        signedAt: new Date("2025-03-14T09:30:00Z"),
      },
    ],
  };
}

async function load(bytes: Uint8Array) {
  const { doc, pages, texts } = await readPdf(bytes);
  return { doc, pages, texts };
}

/** Visual order of a right-to-left word: its letters drawn from left to right. */
const drawnRightToLeft = (word: string) => [...word].reverse().join("");

describe("renderAgreementPdf", () => {
  it("renders A4 pages with the agreement first and the signatures on the last page", async () => {
    const bytes = await renderAgreementPdf(input());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const { doc, texts } = await load(bytes);
    expect(texts.length).toBe(2);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect(Math.round(width)).toBe(595);
    expect(Math.round(height)).toBe(842);

    const [first = "", last = ""] = texts;
    expect(first).toContain("Samverkansöverenskommelse Norrstrand");
    expect(first).toContain("Version 3");
    expect(first).toContain("Stadsdelsförvaltning: Norrstrands stadsdelsförvaltning");
    // Schools in school-unit-code order, as in the canonical text.
    expect(first.indexOf("Åsskolan, skolenhetskod 12345678, kommunal")).toBeGreaterThan(-1);
    expect(first.indexOf("Ekbackeskolan, skolenhetskod 87654321, fristående")).toBeGreaterThan(
      first.indexOf("Åsskolan"),
    );
    expect(first).toContain("Ansvar");
    expect(first).toContain("Samverkansmöte – två gånger per termin");
    expect(first).toContain("Kontaktperson: tar emot frågor från skolan");
    expect(first).toContain("Samverkansöverenskommelse – version 3 – sida 1 av 2");
    expect(first).toContain(`Kontrollsumma ${HASH.slice(0, 16)}`);
    expect(first).not.toContain("Underskrifter");

    expect(last).toContain("Underskrifter");
    expect(last).toContain("Samverkansöverenskommelse – version 3 – sida 2 av 2");
    expect(last).toContain(HASH);
    expect(last).toContain("Anna Rektor");
    expect(last).toContain("Bo Chef");
    expect(last).toContain("Undertecknad 2025-03-13 16:05");
    expect(last).toContain("Aktiv från: 2025-03-14");
    expect(last).toContain("Nästa revision: 2027-03-14");
  });

  it("breaks long agreements over more pages, with the signature page still last", async () => {
    const body = Array.from(
      { length: 4 },
      (_, p) =>
        `Stycke ${p + 1}. ` +
        "Skolan och socialtjänsten träffas och följer upp arbetet. ".repeat(12),
    ).join("\n\n");
    const sections = Array.from({ length: 40 }, (_, i) => ({ heading: `Avsnitt ${i + 1}`, body }));
    const { texts } = await load(await renderAgreementPdf(input({ sections })));

    expect(texts.length).toBeGreaterThan(10);
    const n = texts.length;
    texts.forEach((text, i) => expect(text).toContain(`sida ${i + 1} av ${n}`));
    expect(texts[n - 1]).toContain("Underskrifter");
    expect(texts[n - 1]).toContain(HASH);
    expect(texts.slice(0, -1).join("\n")).toContain("Avsnitt 40");
    expect(texts.slice(0, -1).join("\n")).not.toContain("Underskrifter");
    // Wrapped lines are shorter than a paragraph: a 700-character paragraph takes several.
    expect(texts[1]?.split("\n").length).toBeGreaterThan(30);
  });

  it("omits meetings and contact roles when there are none, and prints an unset review", async () => {
    const pdf = await renderAgreementPdf({
      ...input({ meetings: [], contactRoles: [] }),
      reviewDate: null,
    });
    const { texts } = await load(pdf);
    expect(texts[0]).not.toContain("Möten");
    expect(texts[0]).not.toContain("Kontaktroller");
    expect(texts.at(-1)).toContain("Nästa revision: ej satt");
  });

  it("renders the same input to the same bytes, and other input to other bytes", async () => {
    const a = await renderAgreementPdf(input());
    const b = await renderAgreementPdf(input());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

    const other = input();
    other.signatures = [
      { ...ANNA, signedAt: new Date("2025-03-13T15:06:00Z") },
      ...other.signatures.slice(1),
    ];
    const c = await renderAgreementPdf(other);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it("prints Swedish letters, accents, symbols and emoji as typed, and breaks an unbreakable word", async () => {
    const odd = "åäö ÅÄÖ e\u0301 “citat” ‘enkla’ – — ✓ 👍🏽 ő ﬁ x\u2212y a\u00adb\u200bc";
    const longWord = "https://example.org/" + "a".repeat(300);
    const pdf = await renderAgreementPdf({
      ...input({
        title: `Överenskommelse ${odd}`,
        introduction: `${odd}\n\n${longWord}`,
        sections: [{ heading: `Rubrik ${odd}`, body: odd }],
        meetings: [{ name: "Möte ✓", frequency: "varje vecka 🗓️" }],
      }),
      signatures: [{ ...ANNA, signerName: "Örjan Ängsbäck 😀" }],
    });
    const { doc, pages, texts } = await load(pdf);
    const all = texts.join("\n");
    // e + U+0301 is printed as é; the skin tone a monochrome emoji cannot show, and the
    // invisible soft hyphen and zero-width space, are left out; ﬁ is printed as fi.
    expect(all).toContain("åäö ÅÄÖ é “citat” ‘enkla’ – — ✓ 👍 ő fi x\u2212y abc");
    expect(all).toContain("Möte ✓ – varje vecka 🗓");
    expect(texts.at(-1)).toContain("Örjan Ängsbäck 😀");
    expect(all).not.toMatch(/[?\ufffd]/);
    expect(pages.flatMap((p) => p.drawn).filter((d) => d.notdef)).toEqual([]);
    // The unbreakable word is broken rather than drawn past the margin.
    expect(all).toContain("https://example.org/aaaa");
    expect(all).not.toContain("a".repeat(300));
    // The title in the metadata is Unicode and keeps the original characters.
    expect(doc.getTitle()).toBe(`Överenskommelse ${odd}`.normalize("NFC"));
  });

  it("prints Arabic and Hebrew right to left in their own fonts, emoji in the emoji font, nothing as ?", async () => {
    const pdf = await renderAgreementPdf(
      input({
        introduction: "Välkommen: مرحبا och שלום 😊\n\nמשפט\n\nمرحبا",
        sections: [{ heading: "Syfte", body: "Å ä ö e\u0301." }],
      }),
    );
    const { pages, texts } = await load(pdf);
    const first = pages[0]!;
    // In a left-to-right line the Arabic and Hebrew words read right to left.
    expect(first.lines).toContain(
      `Välkommen: ${drawnRightToLeft("مرحبا")} och ${drawnRightToLeft("שלום")} 😊`,
    );
    expect(first.lines).toContain("Å ä ö é.");
    expect(texts.join("\n")).not.toMatch(/[?\ufffd]/);
    expect(first.drawn.filter((d) => d.notdef)).toEqual([]);
    const fontOf = (text: string) => first.drawn.find((d) => d.text.includes(text))?.font;
    expect(fontOf("ם")).toBe("NotoSansHebrew-Regular");
    expect(fontOf("😊")).toBe("NotoEmoji-Regular");
    expect(fontOf("Välkommen")).toBe("NotoSans-Regular");
    expect(first.drawn.some((d) => d.font === "NotoSansArabic-Regular")).toBe(true);
    // A paragraph that is all right-to-left is set flush right.
    expect(first.lines).toContain(drawnRightToLeft("משפט"));
    const leftmost = first.drawn.find((d) => d.text.startsWith("ט"));
    expect(leftmost?.x).toBeGreaterThan(300);
  });

  it("keeps the agreement's paragraphs and line breaks, wrapping long lines within the page", async () => {
    const long = "Skolan och socialtjänsten följer upp arbetet varje termin. ".repeat(6).trim();
    const pdf = await renderAgreementPdf(
      input({
        introduction: "Rad ett\nRad två\n\nNytt stycke",
        sections: [{ heading: "Ansvar", body: `Punkt ett\nPunkt två\n${long}\n\nSista stycket` }],
      }),
    );
    const { pages } = await load(pdf);
    const lines = pages[0]!.lines;
    const at = (line: string) => lines.indexOf(line);
    // Each line break typed is a line of its own, in order, not run together with the next.
    for (const line of [
      "Rad ett",
      "Rad två",
      "Nytt stycke",
      "Punkt ett",
      "Punkt två",
      "Sista stycket",
    ]) {
      expect(lines).toContain(line);
    }
    expect(at("Rad två")).toBe(at("Rad ett") + 1);
    expect(at("Punkt två")).toBe(at("Punkt ett") + 1);
    // The long line is wrapped: more lines than were typed, each within the page's width.
    const wrapped = lines.slice(at("Punkt två") + 1, at("Sista stycket"));
    expect(wrapped.length).toBeGreaterThan(2);
    expect(wrapped.join(" ")).toBe(long);
    const drawn = pages[0]!.drawn;
    for (const d of drawn) expect(d.x).toBeGreaterThanOrEqual(56);
  });

  it("sets exactly the metadata it means to, with dates from the activation", async () => {
    const { doc } = await load(await renderAgreementPdf(input()));
    expect(doc.getTitle()).toBe("Samverkansöverenskommelse Norrstrand");
    expect(doc.getSubject()).toBe("Samverkansöverenskommelse");
    expect(doc.getCreator()).toBe("Samverkansportalen");
    expect(doc.getProducer()).toBe("Samverkansportalen");
    expect(doc.getCreationDate()?.getTime()).toBe(ACTIVATED_AT.getTime());
    expect(doc.getModificationDate()?.getTime()).toBe(ACTIVATED_AT.getTime());
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.getKeywords()).toBeUndefined();
  });
});
