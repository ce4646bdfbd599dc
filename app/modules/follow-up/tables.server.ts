/**
 * The follow-up's tables and tiles as a person reads them: each column's label and the one
 * sentence that says how it is computed, and the cells of a row of figures with the
 * small-number rule applied (policy.ts). Plain functions of figures already counted in SQL.
 */
import type {
  CardFigureRow,
  ConsentFigureRow,
  ContactFigureRow,
  Grouping,
  ReportFigureRow,
} from "./figures.server";
import type { BarChart, LineChart } from "~/lib/charts.server";
import type { Period } from "./period";
import {
  isOwnOrganisation,
  shownCount,
  shownShare,
  type FollowUpNarrowing,
  type FollowUpScope,
} from "./policy";
import { FIGURE_NAMES } from "./figure-names";

export interface Tile {
  id: string;
  label: string;
  value: string;
  /** Against the period before, in words ("+4 procentenheter mot VT 2026"); null when unknown. */
  change: string | null;
  explanation: string;
  link: { to: string; label: string } | null;
}

export interface FigureTable {
  /** The table's name in the CSV's address: skolkort, anmalningar, … */
  id: string;
  caption: string;
  /** The first column's heading: Skola, Stadsdelsförvaltning, Termin. */
  rowHeading: string;
  columns: { label: string; explanation: string }[];
  rows: { name: string; cells: string[] }[];
  total: string[] | null;
  /** Said under the table when a row follows the small-number rule. */
  masked: boolean;
}

/** Everything the follow-up page shows, as the page, its CSV files and the yearly report read it. */
export interface FollowUpPage {
  scope: FollowUpScope["kind"];
  period: Period;
  previous: Period;
  asOf: string;
  /** From the night's count (rollup.server.ts), not counted at the request. */
  counted: boolean;
  minCount: number;
  tiles: Tile[];
  trendChart: LineChart;
  barChart: { caption: string; chart: BarChart } | null;
  tables: FigureTable[];
  withoutContact: { name: string; since: string }[] | null;
}

export interface Context {
  scope: FollowUpScope;
  narrowing: FollowUpNarrowing;
  grouping: Exclude<Grouping, "all">;
  minCount: number;
  names: Map<string, string>;
  ownTotals: boolean;
}

export const count = (ctx: Context, own: boolean, value: number) =>
  shownCount(value, own, ctx.minCount).text;
export const share = (ctx: Context, own: boolean, part: number, whole: number) =>
  shownShare(part, whole, own, ctx.minCount) ?? "–";
export const days = (ctx: Context, own: boolean, value: number | null, base: number) =>
  value === null || (!own && base < ctx.minCount)
    ? "–"
    : new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 }).format(value);

export function tableRows<R extends { groupId: string }>(
  ctx: Context,
  rows: R[],
  cells: (row: R, own: boolean) => string[],
): { rows: FigureTable["rows"]; masked: boolean } {
  let masked = false;
  const shown = rows
    .map((row) => {
      const own = isOwnOrganisation(ctx.scope, row.groupId);
      const values = cells(row, own);
      if (values.some((v) => v.startsWith("färre än") || v === "–")) masked ||= !own;
      return { name: ctx.names.get(row.groupId) ?? "Okänd", cells: values };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "sv"));
  return { rows: shown, masked };
}

export const CARD_COLUMNS = [
  { label: "Begärda", explanation: "Skolkort som socialtjänsten begärde under perioden." },
  { label: "Återlämnade", explanation: "Av de begärda: skolkort som skolan har lämnat in." },
  {
    label: "I tid",
    explanation: "Av de begärda: skolkort som lämnades in senast sista svarsdagen.",
  },
  {
    label: "Andel i tid",
    explanation:
      "Skolkort som lämnades in i tid, delat med de som har passerat sista svarsdagen eller är inlämnade (stoppade räknas inte).",
  },
  {
    label: FIGURE_NAMES.cardTurnaround,
    explanation: "Mediantiden i dagar från begäran till inlämning, för inlämnade skolkort.",
  },
  {
    label: "Komplettering begärd",
    explanation: "Skolkort där handläggaren bad skolan komplettera.",
  },
  {
    label: "Stoppade",
    explanation: "Skolkort som stoppades för att samtycket eller den rättsliga grunden upphörde.",
  },
];

export function cardCells(ctx: Context, r: CardFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.requested),
    count(ctx, own, r.returned),
    count(ctx, own, r.returnedOnTime),
    share(ctx, own, r.returnedOnTime, r.due),
    days(ctx, own, r.medianDays, r.returned),
    count(ctx, own, r.completionAsked),
    count(ctx, own, r.stopped),
  ];
}

export const REPORT_COLUMNS = [
  {
    label: "Inkomna",
    explanation:
      "Orosanmälningar som kom in till stadsdelsförvaltningen under perioden, direkt eller vidarebefordrade dit.",
  },
  {
    label: "Bekräftade i tid",
    explanation:
      "Anmälningar som bekräftades senast nästa arbetsdag efter att de kom in (helgdagar räknas inte).",
  },
  {
    label: "Andel bekräftade i tid",
    explanation: "Anmälningar bekräftade i tid, delat med alla inkomna.",
  },
  {
    label: "Beslut inom 14 dagar",
    explanation:
      "Anmälningar där beslut om att inleda utredning eller inte fattades inom 14 dagar (SoL 20 kap. 2 §), flyttat till nästa arbetsdag när dagen är en helgdag.",
  },
  {
    label: "Återkoppling begärd",
    explanation: "Anmälningar där anmälaren bad om återkoppling.",
  },
  {
    label: "Återkoppling i tid",
    explanation:
      "Återkoppling som lämnades senast en vecka efter beslutet, eller genast när begäran kom efter beslutet eller en utredning redan pågick (SoL 19 kap. 6 §).",
  },
  {
    label: "Återkoppling lämnas inte",
    explanation: "Anmälningar där mottagningen bedömde att återkoppling inte var lämplig.",
  },
  {
    label: "Vidarebefordrade",
    explanation: "Anmälningar som förvaltningen skickade vidare till en annan förvaltning.",
  },
];

export function reportCells(ctx: Context, r: ReportFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.received),
    count(ctx, own, r.acknowledgedOnTime),
    share(ctx, own, r.acknowledgedOnTime, r.received),
    count(ctx, own, r.decidedInTime),
    count(ctx, own, r.feedbackAsked),
    count(ctx, own, r.feedbackInTime),
    count(ctx, own, r.feedbackWithheld),
    count(ctx, own, r.forwarded),
  ];
}

export const CONTACT_COLUMNS = [
  {
    label: "Anmälningsmöten föreslagna",
    explanation: "Möten om en anmälan som mottagningen föreslog under perioden.",
  },
  {
    label: "Anmälningsmöten hållna",
    explanation: "Av de föreslagna: möten som skolan tackade ja till och vars tid har varit.",
  },
  {
    label: "Konsultationer",
    explanation: "Anonyma konsultationsfrågor som skolan ställde under perioden.",
  },
  {
    label: "Besvarade",
    explanation: "Konsultationsfrågor som socialtjänsten har svarat på.",
  },
  {
    label: "Median arbetsdagar till svar",
    explanation:
      "Mediantiden i arbetsdagar från frågan till socialtjänstens första svar (helgdagar räknas inte).",
  },
];

export function contactCells(ctx: Context, r: ContactFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.meetingsProposed),
    count(ctx, own, r.meetingsHeld),
    count(ctx, own, r.consultationsAsked),
    count(ctx, own, r.consultationsAnswered),
    days(ctx, own, r.medianAnswerWorkingDays, r.consultationsAnswered),
  ];
}

export const CONSENT_COLUMNS = [
  {
    label: "Samtyckeslänkar",
    explanation: "Länkar där vårdnadshavare eller barn ombads samtycka, skickade under perioden.",
  },
  { label: "Besvarade", explanation: "Länkar som har besvarats." },
  { label: "Samtycke", explanation: "Länkar som besvarades med samtycke." },
  { label: "Nej", explanation: "Länkar som besvarades med nej." },
  {
    label: "Skolkort utan grund",
    explanation:
      "Planerade skolkort som inte kunde begäras eftersom samtycke eller annan rättslig grund saknades.",
  },
];

export function consentCells(ctx: Context, r: ConsentFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.linksSent),
    count(ctx, own, r.answered),
    count(ctx, own, r.given),
    count(ctx, own, r.refused),
    count(ctx, own, r.withoutBasis),
  ];
}

export const AGREEMENT_COLUMNS = [
  { label: "Skolor", explanation: "Skolor i registret, i dag." },
  {
    label: "Aktiv överenskommelse",
    explanation: "Skolor med en överenskommelse som alla har skrivit under, i dag.",
  },
  {
    label: "Dags för revision",
    explanation: "Skolor vars aktiva överenskommelse har passerat sitt revisionsdatum.",
  },
  {
    label: "Ute för underskrift över 30 dagar",
    explanation: "Skolor vars överenskommelse skickades för underskrift för mer än 30 dagar sedan.",
  },
  {
    label: "Nekad",
    explanation: "Skolor där någon avböjde att skriva under den senaste versionen.",
  },
];

export const sum = <R>(rows: R[], key: keyof R) =>
  rows.reduce((total, row) => total + (row[key] as unknown as number), 0);

export function shareOf(part: number | undefined, whole: number | undefined): number | null {
  if (!whole || part === undefined) return null;
  return Math.round((100 * part) / whole);
}

export function shareTile(t: {
  id: string;
  label: string;
  now: number | null;
  before: number | null;
  previous: Period;
  explanation: string;
  link: Tile["link"];
}): Tile {
  return {
    id: t.id,
    label: t.label,
    value: t.now === null ? "–" : `${t.now} %`,
    change:
      t.now === null || t.before === null
        ? null
        : `${signed(t.now - t.before)} procentenheter mot ${t.previous.label}`,
    explanation: t.explanation,
    link: t.link,
  };
}

export function changeInDays(
  ctx: Context,
  now: number | null,
  before: number | null,
  previous: Period,
): string | null {
  if (now === null || before === null || !ctx.ownTotals) return null;
  const format = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 });
  return `${now - before > 0 ? "+" : now - before < 0 ? "−" : "±"}${format.format(Math.abs(now - before))} dagar mot ${previous.label}`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : "±0";
}

export function emptyCards(): CardFigureRow {
  return {
    groupId: "all",
    requested: 0,
    returned: 0,
    returnedOnTime: 0,
    due: 0,
    medianDays: null,
    completionAsked: 0,
    stopped: 0,
  };
}

export function emptyContacts(): ContactFigureRow {
  return {
    groupId: "all",
    meetingsProposed: 0,
    meetingsHeld: 0,
    consultationsAsked: 0,
    consultationsAnswered: 0,
    medianAnswerWorkingDays: null,
  };
}

export function emptyConsents(): ConsentFigureRow {
  return { groupId: "all", linksSent: 0, answered: 0, given: 0, refused: 0, withoutBasis: 0 };
}
