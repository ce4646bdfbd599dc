/**
 * Follow-up of the cooperation (uppföljning, issue 18): the module's one face. The page and its
 * CSV files ask here for the figures of a period, as tiles, tables and charts, each figure with
 * the one sentence that says how it is computed. The figures come from figures.server.ts (and
 * the agreements module's own), the small-number rule from policy.ts; a filter outside what the
 * actor may see is NotFoundError, never an empty page that says the figures exist.
 */
import type { Actor } from "~/auth/session.server";
import { spreadsheetCsv } from "~/lib/csv.server";
import { formatCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { UUID } from "~/lib/uuid";
import { agreementFigures, signingTimes } from "~/modules/agreements/agreements.server";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";
import { db } from "~db/client.server";
import { shareBarChart, shareLineChart, type BarChart, type LineChart } from "~/lib/charts.server";
import {
  cardFigures,
  consentFigures,
  contactFigures,
  contactPersonFigures,
  emptyReportRow,
  meetingFigures,
  reportFigures,
  trend,
  type CardFigureRow,
  type ConsentFigureRow,
  type ContactFigureRow,
  type Grouping,
  type ReportFigureRow,
} from "./figures.server";
import {
  parsePeriod,
  periodChoices,
  previousPeriod,
  termOf,
  yearPeriod,
  type Period,
} from "./period";
import { renderYearlyReportPdf } from "./report-pdf.server";
import {
  followUpScope,
  isOwnOrganisation,
  shownCount,
  shownShare,
  totalsAreOwn,
  type FollowUpNarrowing,
  type FollowUpScope,
} from "./policy";

export { FOLLOW_UP_ROLES } from "./policy";
export type { Period } from "./period";

export interface FollowUpFilter {
  period: Period;
  narrowing: FollowUpNarrowing;
}

/** What the filter form shows back: the choices and what was typed, kept when it was wrong. */
export interface FilterForm {
  periodCode: string;
  from: string;
  to: string;
  error: { field: "fran" | "till"; message: string } | null;
  periods: { code: string; label: string }[];
  districts: { id: string; name: string }[];
  schools: { id: string; name: string }[];
}

function requireScope(actor: Actor): FollowUpScope {
  const scope = followUpScope(actor.membership);
  if (!scope) throw new NotFoundError();
  return scope;
}

/**
 * The period and narrowing an address asks for. A district or school the actor may not see
 * (another district, another school, or no such organisation) is NotFoundError.
 */
export async function parseFollowUpFilter(
  actor: Actor,
  url: URL,
  now: Date,
): Promise<{ filter: FollowUpFilter; form: FilterForm }> {
  const scope = requireScope(actor);
  const today = stockholmDate(now);
  const params = url.searchParams;
  const parsed = parsePeriod(params, today);
  const operator = params.get("huvudman") ?? "";
  const narrowing: FollowUpNarrowing = {
    districtId: (params.get("forvaltning") ?? "").toLowerCase(),
    schoolId: (params.get("skola") ?? "").toLowerCase(),
    operatorType: operator === "municipal" || operator === "independent" ? operator : "",
  };
  await requireNarrowingInScope(scope, narrowing);
  const [districts, schools] = await Promise.all([
    scope.kind === "municipality" ? organisationsOfKind("district", null) : Promise.resolve([]),
    scope.kind === "district"
      ? organisationsOfKind("school", scope.districtId)
      : scope.kind === "municipality" && narrowing.districtId
        ? organisationsOfKind("school", narrowing.districtId)
        : Promise.resolve([]),
  ]);
  return {
    filter: { period: parsed.period, narrowing },
    form: {
      periodCode: parsed.error ? "egen" : parsed.period.code,
      from: parsed.from,
      to: parsed.to,
      error: parsed.error,
      periods: periodChoices(today).map((p) => ({ code: p.code, label: p.label })),
      districts,
      schools,
    },
  };
}

async function requireNarrowingInScope(scope: FollowUpScope, narrowing: FollowUpNarrowing) {
  const { districtId, schoolId } = narrowing;
  if ((districtId && !UUID.test(districtId)) || (schoolId && !UUID.test(schoolId))) {
    throw new NotFoundError();
  }
  if (scope.kind === "school") {
    if (districtId || (schoolId && schoolId !== scope.schoolId)) throw new NotFoundError();
    return;
  }
  if (scope.kind === "district" && districtId && districtId !== scope.districtId) {
    throw new NotFoundError();
  }
  if (districtId) {
    const district = await db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", districtId)
      .where("kind", "=", "district")
      .executeTakeFirst();
    if (!district) throw new NotFoundError();
  }
  if (schoolId) {
    const inDistrict = scope.kind === "district" ? scope.districtId : districtId || null;
    const school = await db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", schoolId)
      .where("kind", "=", "school")
      .$if(inDistrict !== null, (q) => q.where("districtId", "=", inDistrict!))
      .executeTakeFirst();
    if (!school) throw new NotFoundError();
  }
}

async function organisationsOfKind(kind: "district" | "school", districtId: string | null) {
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", kind)
    .where("deactivatedAt", "is", null)
    .$if(districtId !== null, (q) => q.where("districtId", "=", districtId!))
    .orderBy((eb) => eb.fn("lower", ["name"]))
    .execute();
}

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

export interface FollowUpPage {
  scope: FollowUpScope["kind"];
  period: Period;
  previous: Period;
  asOf: string;
  minCount: number;
  tiles: Tile[];
  trendChart: LineChart;
  barChart: { caption: string; chart: BarChart } | null;
  tables: FigureTable[];
  withoutContact: { name: string; since: string }[] | null;
}

interface Context {
  scope: FollowUpScope;
  narrowing: FollowUpNarrowing;
  grouping: Exclude<Grouping, "all">;
  minCount: number;
  names: Map<string, string>;
  ownTotals: boolean;
}

/** Districts as rows for those who see the municipality, schools once narrowed to a district. */
function groupingOf(scope: FollowUpScope, narrowing: FollowUpNarrowing) {
  return scope.kind === "municipality" && !narrowing.districtId && !narrowing.schoolId
    ? "district"
    : "school";
}

const count = (ctx: Context, own: boolean, value: number) =>
  shownCount(value, own, ctx.minCount).text;
const share = (ctx: Context, own: boolean, part: number, whole: number) =>
  shownShare(part, whole, own, ctx.minCount) ?? "–";
const days = (ctx: Context, own: boolean, value: number | null, base: number) =>
  value === null || (!own && base < ctx.minCount)
    ? "–"
    : new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 }).format(value);

function tableRows<R extends { groupId: string }>(
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

const CARD_COLUMNS = [
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
    label: "Mediantid (dagar)",
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

function cardCells(ctx: Context, r: CardFigureRow, own: boolean): string[] {
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

const REPORT_COLUMNS = [
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

function reportCells(ctx: Context, r: ReportFigureRow, own: boolean): string[] {
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

const CONTACT_COLUMNS = [
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

function contactCells(ctx: Context, r: ContactFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.meetingsProposed),
    count(ctx, own, r.meetingsHeld),
    count(ctx, own, r.consultationsAsked),
    count(ctx, own, r.consultationsAnswered),
    days(ctx, own, r.medianAnswerWorkingDays, r.consultationsAnswered),
  ];
}

const CONSENT_COLUMNS = [
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

function consentCells(ctx: Context, r: ConsentFigureRow, own: boolean): string[] {
  return [
    count(ctx, own, r.linksSent),
    count(ctx, own, r.answered),
    count(ctx, own, r.given),
    count(ctx, own, r.refused),
    count(ctx, own, r.withoutBasis),
  ];
}

const AGREEMENT_COLUMNS = [
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

const sum = <R>(rows: R[], key: keyof R) =>
  rows.reduce((total, row) => total + (row[key] as unknown as number), 0);

/** Every figure of the page, for the actor, the filter and the moment `now`. */
export async function followUpPage(
  actor: Actor,
  filter: FollowUpFilter,
  now: Date,
): Promise<FollowUpPage> {
  const scope = requireScope(actor);
  const { period, narrowing } = filter;
  const today = stockholmDate(now);
  const previous = previousPeriod(period);
  const grouping = groupingOf(scope, narrowing);
  const managers = scope.kind !== "school";
  const lastTerm = termOf(period.to < today ? period.to : today);
  const agreementFilter = {
    districtId: narrowing.districtId,
    schoolId: narrowing.schoolId,
    operatorType: narrowing.operatorType,
  };

  const [
    cards,
    cardTotal,
    cardBefore,
    reports,
    reportTotal,
    reportBefore,
    contacts,
    contactTotal,
    contactBefore,
    consents,
    consentTotal,
    trendPoints,
    agreements,
    signing,
    contactPersons,
    cooperationMeetings,
    cooperationMeetingTotal,
  ] = await Promise.all([
    cardFigures(scope, narrowing, period, today, grouping),
    cardFigures(scope, narrowing, period, today, "all"),
    cardFigures(scope, narrowing, previous, today, "all"),
    reportFigures(scope, narrowing, period, today, grouping),
    reportFigures(scope, narrowing, period, today, "all"),
    reportFigures(scope, narrowing, previous, today, "all"),
    contactFigures(scope, narrowing, period, today, now, grouping),
    contactFigures(scope, narrowing, period, today, now, "all"),
    contactFigures(scope, narrowing, previous, today, now, "all"),
    managers ? consentFigures(scope, narrowing, period, grouping) : Promise.resolve([]),
    managers ? consentFigures(scope, narrowing, period, "all") : Promise.resolve([]),
    trend(scope, narrowing, lastTerm, today),
    managers ? agreementFigures(actor, today, agreementFilter, grouping) : Promise.resolve([]),
    managers ? signingTimes(actor, period, agreementFilter) : Promise.resolve(null),
    managers ? contactPersonFigures(scope, narrowing, today) : Promise.resolve(null),
    meetingFigures(scope, narrowing, period, grouping),
    meetingFigures(scope, narrowing, period, "all"),
  ]);

  const ids = new Set<string>(
    [cards, reports, contacts, consents, agreements, cooperationMeetings].flatMap((rows) =>
      rows.map((r) => r.groupId),
    ),
  );
  const names = await namesOf([...ids]);
  const ctx: Context = {
    scope,
    narrowing,
    grouping,
    minCount: env().FOLLOW_UP_MIN_COUNT,
    names,
    ownTotals: totalsAreOwn(scope, narrowing),
  };
  const own = ctx.ownTotals;
  const rowHeading = grouping === "district" ? "Stadsdelsförvaltning" : "Skola";
  const tables: FigureTable[] = [];

  const cardRows = tableRows(ctx, cards, (r, o) => cardCells(ctx, r, o));
  tables.push({
    id: "skolkort",
    caption: `Skolkort, ${period.label}`,
    rowHeading,
    columns: CARD_COLUMNS,
    ...cardRows,
    total: cardCells(ctx, cardTotal[0] ?? emptyCards(), own),
  });
  const reportRows = tableRows(ctx, reports, (r, o) => reportCells(ctx, r, o));
  tables.push({
    id: "anmalningar",
    caption: `Orosanmälningar, ${period.label}`,
    rowHeading: grouping === "district" ? rowHeading : "Anmälande skola",
    columns: REPORT_COLUMNS,
    ...reportRows,
    total: reportCells(ctx, reportTotal[0] ?? emptyReportRow("all"), own),
  });
  const contactRows = tableRows(ctx, contacts, (r, o) => contactCells(ctx, r, o));
  tables.push({
    id: "moten-och-konsultation",
    caption: `Möten och konsultation, ${period.label}`,
    rowHeading,
    columns: CONTACT_COLUMNS,
    ...contactRows,
    total: contactCells(ctx, contactTotal[0] ?? emptyContacts(), own),
  });
  // Meetings between organisations, not about children: shown whole.
  const meetingCells = (r: { planned: number; held: number }) => [
    String(r.planned),
    String(r.held),
    shareOf(r.held, r.planned) === null ? "–" : `${shareOf(r.held, r.planned)} %`,
  ];
  tables.push({
    id: "samverkansmoten",
    caption: `Samverkansmöten, ${period.label}`,
    rowHeading,
    columns: [
      {
        label: "Planerade",
        explanation:
          "Överenskommelsens samverkansmöten med ett planerat datum under perioden (Samverkansmöten).",
      },
      { label: "Hållna", explanation: "Av de planerade: möten som registrerats som hållna." },
      { label: "Andel hållna", explanation: "Hållna delat med planerade." },
    ],
    rows: cooperationMeetings
      .map((r) => ({ name: names.get(r.groupId) ?? "Okänd", cells: meetingCells(r) }))
      .sort((a, b) => a.name.localeCompare(b.name, "sv")),
    total: meetingCells(cooperationMeetingTotal[0] ?? { planned: 0, held: 0 }),
    masked: false,
  });
  if (managers) {
    const consentRows = tableRows(ctx, consents, (r, o) => consentCells(ctx, r, o));
    tables.push({
      id: "samtycke",
      caption: `Samtycke, ${period.label}`,
      rowHeading,
      columns: CONSENT_COLUMNS,
      ...consentRows,
      total: consentCells(ctx, consentTotal[0] ?? emptyConsents(), own),
    });
    // Schools, not children: the agreements' counts are shown whole.
    const agreementRows = agreements
      .map((r) => ({
        name: `${names.get(r.groupId) ?? "Okänd"} (${OPERATOR_TYPE_LABELS[r.operatorType].toLowerCase()})`,
        cells: [r.schools, r.active, r.revisionDue, r.signingOver30Days, r.declined].map(String),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "sv"));
    tables.push({
      id: "overenskommelser",
      caption: "Överenskommelser i dag",
      rowHeading: grouping === "district" ? "Stadsdelsförvaltning (huvudman)" : "Skola (huvudman)",
      columns: AGREEMENT_COLUMNS,
      rows: agreementRows,
      total: (["schools", "active", "revisionDue", "signingOver30Days", "declined"] as const).map(
        (key) => String(sum(agreements, key)),
      ),
      masked: false,
    });
  }

  // The tiles count the whole page: shown whole when it is the viewer's own, else by the rule.
  const shown = (part: number | undefined, whole: number | undefined) =>
    own || (whole ?? 0) >= ctx.minCount ? shareOf(part, whole) : null;
  const cardShare = (rows: CardFigureRow[]) => shown(rows[0]?.returnedOnTime, rows[0]?.due);
  const ackShare = (rows: ReportFigureRow[]) =>
    shown(rows[0]?.acknowledgedOnTime, rows[0]?.received);
  const feedbackShare = (rows: ReportFigureRow[]) =>
    shown(rows[0]?.feedbackInTime, rows[0]?.feedbackAsked);
  const role = actor.membership.role;
  const tiles: Tile[] = [
    shareTile({
      id: "skolkort-i-tid",
      label: "Skolkort inlämnade i tid",
      now: cardShare(cardTotal),
      before: cardShare(cardBefore),
      previous,
      explanation: CARD_COLUMNS[3]!.explanation,
      link: { to: "/skolkort", label: "Till skolkorten" },
    }),
    shareTile({
      id: "bekraftade-i-tid",
      label: "Anmälningar bekräftade senast nästa arbetsdag",
      now: ackShare(reportTotal),
      before: ackShare(reportBefore),
      previous,
      explanation: REPORT_COLUMNS[2]!.explanation,
      link:
        role === "districtManager"
          ? { to: "/mottagning/anmalningar", label: "Till anmälningarna" }
          : role === "principal"
            ? { to: "/orosanmalan", label: "Till skolans anmälningar" }
            : null,
    }),
    shareTile({
      id: "aterkoppling-i-tid",
      label: "Återkoppling i tid",
      now: feedbackShare(reportTotal),
      before: feedbackShare(reportBefore),
      previous,
      explanation:
        "Återkoppling som lämnades i tid, delat med alla anmälningar där anmälaren bad om återkoppling.",
      link: null,
    }),
    {
      id: "konsultation-svarstid",
      label: "Median arbetsdagar till svar på konsultation",
      value: days(
        ctx,
        own,
        contactTotal[0]?.medianAnswerWorkingDays ?? null,
        contactTotal[0]?.consultationsAnswered ?? 0,
      ),
      change: changeInDays(
        ctx,
        contactTotal[0]?.medianAnswerWorkingDays ?? null,
        contactBefore[0]?.medianAnswerWorkingDays ?? null,
        previous,
      ),
      explanation: CONTACT_COLUMNS[4]!.explanation,
      link:
        role === "principal" || role === "districtManager"
          ? { to: "/konsultation", label: "Till konsultationerna" }
          : null,
    },
  ];
  if (managers && contactPersons) {
    const schools = sum(agreements, "schools");
    tiles.push(
      {
        id: "aktiva-overenskommelser",
        label: "Skolor med aktiv överenskommelse",
        value: `${sum(agreements, "active")} av ${schools}`,
        change: null,
        explanation: AGREEMENT_COLUMNS[1]!.explanation,
        link: { to: "/overenskommelser/oversikt", label: "Till översikten" },
      },
      {
        id: "utan-kontaktperson",
        label: "Skolor utan kontaktperson",
        value: String(contactPersons.without.length),
        change: `${contactPersons.changesThisYear} byten av kontaktperson i år`,
        explanation:
          "Skolor som i dag saknar en kontaktperson hos socialtjänsten; byten räknas under kalenderåret.",
        link:
          role === "districtManager"
            ? { to: "/ledning/kontaktpersoner", label: "Till kontaktpersonerna" }
            : null,
      },
    );
    if (signing && signing.activated > 0) {
      tiles.push({
        id: "tid-till-underskrift",
        label: "Mediantid från utskick till sista underskrift",
        value: `${new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 }).format(signing.medianDays ?? 0)} dagar`,
        change: `${signing.activated} versioner blev aktiva under perioden`,
        explanation:
          "Mediantiden i dagar från att en version skickades för underskrift tills den sista underskriften kom, för versioner som blev aktiva under perioden.",
        link: null,
      });
    }
  }

  const trendLabels = trendPoints.map((p) => p.term.replace(/^(HT|VT)/, "$1 "));
  const trendShares = (part: "returnedOnTime" | "acknowledgedOnTime", whole: "due" | "received") =>
    trendPoints.map((p) => (own || p[whole] >= ctx.minCount ? shareOf(p[part], p[whole]) : null));
  const trendChart = shareLineChart(trendLabels, [
    { name: "Skolkort inlämnade i tid", values: trendShares("returnedOnTime", "due") },
    {
      name: "Anmälningar bekräftade senast nästa arbetsdag",
      values: trendShares("acknowledgedOnTime", "received"),
    },
  ]);
  tables.unshift({
    id: "utveckling",
    caption: "Utvecklingen de senaste sex terminerna",
    rowHeading: "Termin",
    columns: [
      { label: "Skolkort att lämna", explanation: CARD_COLUMNS[3]!.explanation },
      { label: "Skolkort i tid", explanation: CARD_COLUMNS[2]!.explanation },
      {
        label: "Andel skolkort i tid",
        explanation: "Skolkort i tid delat med skolkort att lämna.",
      },
      { label: "Inkomna anmälningar", explanation: REPORT_COLUMNS[0]!.explanation },
      { label: "Bekräftade i tid", explanation: REPORT_COLUMNS[1]!.explanation },
      { label: "Andel bekräftade i tid", explanation: REPORT_COLUMNS[2]!.explanation },
    ],
    rows: trendPoints.map((p, i) => ({
      name: trendLabels[i]!,
      cells: [
        count(ctx, own, p.due),
        count(ctx, own, p.returnedOnTime),
        share(ctx, own, p.returnedOnTime, p.due),
        count(ctx, own, p.received),
        count(ctx, own, p.acknowledgedOnTime),
        share(ctx, own, p.acknowledgedOnTime, p.received),
      ],
    })),
    total: null,
    masked: !own,
  });

  // The spread between organisations: reports acknowledged in time per district, or cards
  // returned in time per school.
  const barChart =
    grouping === "district"
      ? {
          caption: `Andel anmälningar bekräftade i tid per stadsdelsförvaltning, ${period.label}`,
          chart: shareBarChart(
            reports
              .map((r) => ({
                name: names.get(r.groupId) ?? "Okänd",
                value:
                  r.received >= ctx.minCount ? shareOf(r.acknowledgedOnTime, r.received) : null,
              }))
              .sort((a, b) => a.name.localeCompare(b.name, "sv")),
          ),
        }
      : scope.kind !== "school"
        ? {
            caption: `Andel skolkort inlämnade i tid per skola, ${period.label}`,
            chart: shareBarChart(
              cards
                .map((r) => ({
                  name: names.get(r.groupId) ?? "Okänd",
                  value: r.due >= ctx.minCount ? shareOf(r.returnedOnTime, r.due) : null,
                }))
                .sort((a, b) => a.name.localeCompare(b.name, "sv")),
            ),
          }
        : null;

  return {
    scope: scope.kind,
    period,
    previous,
    asOf: now.toISOString(),
    minCount: ctx.minCount,
    tiles,
    trendChart,
    barChart,
    tables,
    withoutContact: contactPersons
      ? contactPersons.without.map((s) => ({
          name: s.schoolName,
          since: s.since
            ? `sedan ${formatCalendarDate(stockholmDate(s.since))}`
            : "har aldrig haft någon",
        }))
      : null,
  };
}

/** One table of the page as CSV, masked as on the page; null when the page has no such table. */
export async function followUpCsv(
  actor: Actor,
  filter: FollowUpFilter,
  now: Date,
  tableId: string,
): Promise<{ csv: string; fileName: string } | null> {
  const page = await followUpPage(actor, filter, now);
  const table = page.tables.find((t) => t.id === tableId);
  if (!table) return null;
  const rows = [
    [table.rowHeading, ...table.columns.map((c) => c.label)],
    ...table.rows.map((r) => [r.name, ...r.cells]),
    ...(table.total ? [["Totalt", ...table.total]] : []),
  ];
  return {
    csv: spreadsheetCsv(rows),
    fileName: `uppfoljning-${table.id}-${page.period.code === "egen" ? `${page.period.from}-${page.period.to}` : page.period.code}.csv`,
  };
}

/**
 * "Samverkansrapport <år>" for the committee: the calendar year's figures, narrowed as the page
 * was, as a PDF. A year before 2000 or after this one is NotFoundError.
 */
export async function followUpYearlyReport(
  actor: Actor,
  filter: FollowUpFilter,
  year: number,
  now: Date,
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const thisYear = Number(stockholmDate(now).slice(0, 4));
  if (!Number.isInteger(year) || year < 2000 || year > thisYear) throw new NotFoundError();
  const page = await followUpPage(actor, { ...filter, period: yearPeriod(year) }, now);
  return {
    pdf: await renderYearlyReportPdf(page, actor.membership.organisationName, year),
    fileName: `samverkansrapport-${year}.pdf`,
  };
}

async function namesOf(ids: string[]): Promise<Map<string, string>> {
  const real = ids.filter((id) => UUID.test(id));
  if (real.length === 0) return new Map();
  const rows = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "in", real)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function shareOf(part: number | undefined, whole: number | undefined): number | null {
  if (!whole || part === undefined) return null;
  return Math.round((100 * part) / whole);
}

function shareTile(t: {
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

function changeInDays(
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

function emptyCards(): CardFigureRow {
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

function emptyContacts(): ContactFigureRow {
  return {
    groupId: "all",
    meetingsProposed: 0,
    meetingsHeld: 0,
    consultationsAsked: 0,
    consultationsAnswered: 0,
    medianAnswerWorkingDays: null,
  };
}

function emptyConsents(): ConsentFigureRow {
  return { groupId: "all", linksSent: 0, answered: 0, given: 0, refused: 0, withoutBasis: 0 };
}
