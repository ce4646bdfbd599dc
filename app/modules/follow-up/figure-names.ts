/**
 * The names of the figures a cooperation agreement's follow-up section asks for (issue 18: "the
 * agreement template's follow-up section names the figures it expects; the page delivers exactly
 * those, by those names"). The follow-up page's tiles and columns take their labels from here,
 * and the model agreement's text (scripts/seed/agreement-template-text.ts) lists the same
 * strings, so a principal reading the agreement finds each figure under its name on the page.
 */
export const FIGURE_NAMES = {
  cardsOnTime: "Skolkort inlämnade i tid",
  cardTurnaround: "Mediantid till inlämning (dagar)",
  acknowledgedOnTime: "Anmälningar bekräftade senast nästa arbetsdag",
  feedbackInTime: "Återkoppling i tid",
  consultationAnswer: "Median arbetsdagar till svar på konsultation",
  meetingsHeld: "Andel hållna samverkansmöten",
} as const;

/** In the order the agreement names them. */
export const AGREEMENT_FIGURES: readonly string[] = [
  FIGURE_NAMES.acknowledgedOnTime,
  FIGURE_NAMES.feedbackInTime,
  FIGURE_NAMES.cardsOnTime,
  FIGURE_NAMES.cardTurnaround,
  FIGURE_NAMES.consultationAnswer,
  FIGURE_NAMES.meetingsHeld,
];
