import { describe, expect, it } from "vitest";
import {
  renderSchoolCardPdf,
  schoolCardPdfFileName,
  type SchoolCardPdfInput,
} from "~/modules/school-cards/pdf.server";
import { readPdf } from "../helpers/pdf-text";

const SUBMITTED_AT = new Date("2026-10-01T08:15:00Z");

function input(overrides: Partial<SchoolCardPdfInput> = {}): SchoolCardPdfInput {
  return {
    childName: "Signe Lövgren",
    maskedIdentityNumber: "20090101-XXXX",
    schoolName: "Åsskolan",
    districtName: "Norrstrands stadsdelsförvaltning",
    requestedByName: "Karl Handläggare",
    term: "HT2026",
    categories: ["attendance", "results", "wellbeing"],
    status: "returned",
    statusLabel: "Inskickat",
    submittedAt: SUBMITTED_AT,
    answers: {
      attendance: {
        presentPercent: 92.5,
        unexcusedAbsence: { amount: 12, unit: "hours" },
        absencePeriods: [{ from: "2026-09-01", to: "2026-09-05", reason: "Sjuk" }],
      },
      knowledge: {
        subjects: [
          { subject: "SV", goals: "reached", grade: "C" },
          { subject: "MA", goals: "notReached", grade: "F" },
          { subject: "EN", goals: "reached", grade: "B" },
          { subject: "other", name: "Slöjd", goals: "notAssessed" },
        ],
        swimming: "canSwim",
        educationalAssessment: "notNeeded",
      },
      // Not covered by the categories: never printed.
      studentHealth: { measures: "Hemlig insats" },
      wellbeing: { score: 4, comment: "Har vänner i klassen.", strengths: "Nyfiken och glad." },
      schoolView: { concerns: "Ingen oro" },
      childsVoice: { view: "Jag gillar rasterna." },
      carersView: {},
      filledBy: { name: "Maja Mentor", role: "Mentor" },
    },
    ...overrides,
  };
}

async function load(bytes: Uint8Array) {
  const { doc, pages } = await readPdf(bytes);
  return { doc, pages, text: pages.map((p) => p.text).join("\n") };
}

describe("renderSchoolCardPdf", () => {
  it("prints the card with its headings and answers in Swedish", async () => {
    const bytes = await renderSchoolCardPdf(input());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const { text } = await load(bytes);
    for (const expected of [
      "Skolkort",
      "Signe Lövgren, 20090101-XXXX",
      "Åsskolan",
      "HT2026",
      "Norrstrands stadsdelsförvaltning",
      "Karl Handläggare",
      "2026-10-01 10:15",
      "Närvaro",
      "92,5 %",
      "12 timmar",
      "Kunskaper och resultat",
      "Uppnår kunskapskraven. Betyg: C",
      "Uppnår inte kunskapskraven. Betyg: F",
      "Slöjd",
      "Kan simma",
      "Trivsel och kamratrelationer",
      "4 – Trivs ganska bra",
      "Barnets röst",
      "Jag gillar rasterna.",
      "Ifyllt av",
      "Maja Mentor",
      "Skolkort HT2026 – sida 1 av",
    ]) {
      expect(text).toContain(expected);
    }
    // Sections outside the categories are not printed, whatever the answers hold.
    expect(text).not.toContain("Elevhälsa");
    expect(text).not.toContain("Hemlig insats");
    expect(text).not.toContain("Stöd i skolan");
  });

  it("keeps the child's name and number out of the metadata and file name", async () => {
    const { doc } = await load(await renderSchoolCardPdf(input()));
    const metadata = [
      doc.getTitle(),
      doc.getSubject(),
      doc.getAuthor(),
      doc.getKeywords(),
      doc.getCreator(),
      doc.getProducer(),
    ].join(" ");
    expect(doc.getTitle()).toBe("Skolkort HT2026");
    expect(doc.getAuthor()).toBeUndefined();
    expect(metadata).not.toContain("Signe");
    expect(metadata).not.toContain("Lövgren");
    expect(metadata).not.toContain("20090101");
    expect(schoolCardPdfFileName("HT2026")).toBe("skolkort-HT2026.pdf");
  });

  it("renders the same card to the same bytes, and refuses a card not yet returned", async () => {
    const a = await renderSchoolCardPdf(input());
    const b = await renderSchoolCardPdf(input());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    await expect(
      renderSchoolCardPdf(input({ status: "inProgress", statusLabel: "Påbörjat" })),
    ).rejects.toThrow(RangeError);
  });

  it("prints names and answers in any script as typed, with the school's line breaks, over pages", async () => {
    const long = "Eleven berättar om sin vardag och sina kamrater på rasterna. ".repeat(120).trim();
    const { pages, text, doc } = await load(
      await renderSchoolCardPdf(
        input({
          childName: "Zoë Ångström-Ibrahim",
          answers: {
            ...input().answers,
            wellbeing: { score: 4, comment: "Trivs 😊 och säger e\u0301 så här", strengths: long },
            childsVoice: { view: "Rad ett\nRad två\n\nHon säger مرحبا och שלום" },
          },
        }),
      ),
    );
    const lines = pages.flatMap((p) => p.lines);
    expect(text).toContain("Zoë Ångström-Ibrahim, 20090101-XXXX");
    expect(text).toContain("Trivs 😊 och säger é så här");
    expect(lines).toContain(
      `Hon säger ${[..."مرحبا"].reverse().join("")} och ${[..."שלום"].reverse().join("")}`,
    );
    expect(text).not.toMatch(/[?\ufffd]/);
    expect(pages.flatMap((p) => p.drawn).filter((d) => d.notdef)).toEqual([]);
    // The line breaks the school typed are kept.
    const at = lines.indexOf("Rad ett");
    expect(lines.slice(at, at + 2)).toEqual(["Rad ett", "Rad två"]);
    // The long answer is wrapped within the page and goes on over the next page.
    expect(pages.length).toBeGreaterThan(1);
    const wrapped = lines.filter((l) => l.startsWith("Eleven berättar") || l.includes("rasterna."));
    expect(wrapped.length).toBeGreaterThan(20);
    for (const d of pages.flatMap((p) => p.drawn)) expect(d.x).toBeLessThan(595 - 56);
    // None of it in the metadata.
    expect([doc.getTitle(), doc.getSubject(), doc.getAuthor()].join(" ")).not.toMatch(
      /Zoë|Ångström|Ibrahim|20090101/,
    );
  });
});
