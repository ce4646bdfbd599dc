/**
 * A returned or accepted school card as a PDF for the case file (issue 6): the child, the school,
 * the term, who asked and when the school answered, then every section the basis for disclosure
 * covered, in Swedish with the same labels as the screen (sections.ts), and who filled it in.
 *
 * Never on it: the placement, any address. The PDF's metadata (title, subject) says only that it
 * is a school card and for which term, so a file list or a viewer's title bar shows no child's
 * name or number; the name and masked number are printed on the page only.
 *
 * Layout follows the agreements PDF (agreements/pdf.server.ts), set by ~/lib/pdf-layout.server:
 * A4, Noto fonts that cover what a school types (accents, Arabic and Hebrew names, emoji), the
 * school's paragraphs and line breaks kept and long answers wrapped over as many pages as needed,
 * page numbers in the footer. No clock: the same card gives the same bytes.
 */
import {
  BODY_STYLE,
  BOLD_STYLE,
  HEADING_STYLE,
  PdfFlow,
  SUBTITLE_STYLE,
  TITLE_STYLE,
  createPdfDocument,
  setPdfMetadata,
} from "~/lib/pdf-layout.server";
import { formatCalendarDate, formatDateTime } from "~/lib/dates";
import type { SchoolCardDraft } from "./schema";
import {
  ABSENCE_UNIT_LABELS,
  EDUCATIONAL_ASSESSMENT_LABELS,
  GOAL_OUTCOME_LABELS,
  SUBJECT_LABELS,
  SWIMMING_ABILITY_LABELS,
  WELLBEING_SCALE_LABELS,
  sectionsFor,
  type SchoolCardSectionCode,
} from "./sections";
import type { CardView } from "./school-cards.server";

/** What the PDF needs of a card (CardView has it all). */
export type SchoolCardPdfInput = Pick<
  CardView,
  | "childName"
  | "maskedIdentityNumber"
  | "schoolName"
  | "districtName"
  | "requestedByName"
  | "term"
  | "categories"
  | "status"
  | "statusLabel"
  | "answers"
  | "submittedAt"
>;

const LABEL_INDENT = 14;

const NOT_GIVEN = "Inte ifyllt";
const percent = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 });

type Row = [label: string, value: string];

function label<T extends string | number>(labels: Record<T, string>, value: T | undefined) {
  return value === undefined ? NOT_GIVEN : (labels[value] ?? NOT_GIVEN);
}

function textOf(value: string | undefined) {
  return value?.trim() ? value.trim() : NOT_GIVEN;
}

function yesWith(given: boolean | undefined, more = "") {
  if (given === undefined) return NOT_GIVEN;
  return given ? `Ja${more}` : "Nej";
}

/** Each section's answers as label–value rows, read as on the screen (SchoolCardAnswers). */
const SECTION_ROWS: Record<SchoolCardSectionCode, (answers: SchoolCardDraft) => Row[]> = {
  attendance: ({ attendance: a }) => {
    const absence = a?.unexcusedAbsence;
    const periods = (a?.absencePeriods ?? []).filter((p) => p !== undefined);
    return [
      [
        "Närvaro under terminen",
        a?.presentPercent === undefined ? NOT_GIVEN : `${percent.format(a.presentPercent)} %`,
      ],
      [
        "Ogiltig frånvaro",
        absence?.amount === undefined
          ? NOT_GIVEN
          : `${percent.format(absence.amount)} ${absence.unit ? ABSENCE_UNIT_LABELS[absence.unit] : ""}`.trim(),
      ],
      [
        "Längre frånvaroperioder",
        periods.length === 0
          ? "Inga"
          : periods
              .map(
                (p) =>
                  `${p.from ? formatCalendarDate(p.from) : NOT_GIVEN} – ${p.to ? formatCalendarDate(p.to) : NOT_GIVEN}${p.reason ? `: ${p.reason}` : ""}`,
              )
              .join("\n"),
      ],
    ];
  },
  knowledge: ({ knowledge: k }) => [
    ...(k?.subjects ?? [])
      .filter((s) => s !== undefined)
      .map((s): Row => {
        const subject =
          s.subject === "other" || s.subject === undefined
            ? s.name || NOT_GIVEN
            : SUBJECT_LABELS[s.subject];
        return [subject, `${label(GOAL_OUTCOME_LABELS, s.goals)}. Betyg: ${s.grade ?? "inget"}`];
      }),
    ["Simkunnighet", label(SWIMMING_ABILITY_LABELS, k?.swimming)],
    ["Pedagogisk bedömning", label(EDUCATIONAL_ASSESSMENT_LABELS, k?.educationalAssessment)],
  ],
  support: ({ support: s }) => [
    [
      "Extra anpassningar",
      yesWith(
        s?.extraAdaptations?.given,
        s?.extraAdaptations?.description ? `: ${s.extraAdaptations.description}` : "",
      ),
    ],
    [
      "Särskilt stöd",
      yesWith(
        s?.specialSupport?.given,
        s?.specialSupport?.actionProgrammeDate
          ? `, åtgärdsprogram ${formatCalendarDate(s.specialSupport.actionProgrammeDate)}`
          : ", inget åtgärdsprogram angivet",
      ),
    ],
    [
      "Anpassad studiegång",
      yesWith(
        s?.adjustedTimetable?.given,
        s?.adjustedTimetable?.description ? `: ${s.adjustedTimetable.description}` : "",
      ),
    ],
  ],
  studentHealth: ({ studentHealth: h }) => [["Elevhälsans insatser", textOf(h?.measures)]],
  wellbeing: ({ wellbeing: w }) => [
    ["Trivsel och kamratrelationer", label(WELLBEING_SCALE_LABELS, w?.score)],
    ["Kommentar", textOf(w?.comment)],
    ["Elevens styrkor", textOf(w?.strengths)],
  ],
  schoolView: ({ schoolView: v }) => [
    ["Skolans oro", textOf(v?.concerns)],
    ["Vad skolan vill ha av socialtjänsten", textOf(v?.wishes)],
  ],
  childsVoice: ({ childsVoice: c }) => [["Barnets syn", textOf(c?.view)]],
  carersView: ({ carersView: c }) => [["Familjehemmets eller HVB:s syn", textOf(c?.view)]],
  filledBy: ({ filledBy: f }) => [
    ["Namn", f?.name || NOT_GIVEN],
    ["Roll", f?.role || NOT_GIVEN],
  ],
};

export async function renderSchoolCardPdf(card: SchoolCardPdfInput): Promise<Uint8Array> {
  if (card.status !== "returned" && card.status !== "accepted")
    throw new RangeError("only a returned or accepted card is exported");
  const answers = card.answers as SchoolCardDraft;

  // Nothing identifying in the metadata.
  const doc = await createPdfDocument();
  setPdfMetadata(doc, {
    title: `Skolkort ${card.term}`,
    subject: "Skolkort",
    date: card.submittedAt,
  });

  const flow = new PdfFlow(doc);

  const rows = (entries: Row[]) => {
    for (const [term, value] of entries) {
      flow.ensure(2 * BODY_STYLE.leading);
      flow.text(term, BOLD_STYLE);
      flow.text(value, BODY_STYLE, LABEL_INDENT);
      flow.gap(4);
    }
  };

  flow.text("Skolkort", TITLE_STYLE);
  flow.text(`${card.term} – ${card.statusLabel}`, SUBTITLE_STYLE);
  flow.gap(10);
  rows([
    ["Barn", `${card.childName}, ${card.maskedIdentityNumber}`],
    ["Skola", card.schoolName],
    ["Termin", card.term],
    ["Stadsdelsförvaltning", card.districtName],
    ["Begärt av", card.requestedByName],
    ["Inskickat", card.submittedAt ? formatDateTime(card.submittedAt) : NOT_GIVEN],
  ]);

  for (const section of sectionsFor(card.categories)) {
    flow.gap(10);
    flow.ensure(HEADING_STYLE.leading + 3 * BODY_STYLE.leading);
    flow.text(section.heading, HEADING_STYLE);
    flow.gap(3);
    rows(SECTION_ROWS[section.code](answers));
  }

  flow.footers((page, count) => `Skolkort ${card.term} – sida ${page} av ${count}`);
  return flow.save();
}

/** A file name with no name or number in it. */
export function schoolCardPdfFileName(term: string): string {
  return `skolkort-${term.replace(/[^A-Za-z0-9]/g, "")}.pdf`;
}
