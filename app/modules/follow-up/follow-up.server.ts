/**
 * Follow-up of the cooperation (uppföljning, issue 18): the module's one face. The page and its
 * CSV files ask here for the figures of a period, as tiles, tables and charts, each figure with
 * the one sentence that says how it is computed. The figures come from figures.server.ts (and
 * the agreements module's own), the words and the small-number rule from tables.server.ts and
 * policy.ts, the filter from filter.server.ts; a filter outside what the actor may see is
 * NotFoundError, never an empty page that says the figures exist.
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
import { shareBarChart, shareLineChart } from "~/lib/charts.server";
import { requireScope, type FollowUpFilter } from "./filter.server";
import {
  contactPersonFigures,
  emptyReportRow,
  meetingFigures,
  type CardFigureRow,
  type ReportFigureRow,
} from "./figures.server";
import { figureSource } from "./rollup.server";
import { FIGURE_NAMES } from "./figure-names";
import { previousPeriod, termOf, yearPeriod } from "./period";
import { renderYearlyReportPdf } from "./report-pdf.server";
import { totalsAreOwn, type FollowUpNarrowing, type FollowUpScope } from "./policy";
import {
  AGREEMENT_COLUMNS,
  CARD_COLUMNS,
  CONSENT_COLUMNS,
  CONTACT_COLUMNS,
  REPORT_COLUMNS,
  cardCells,
  changeInDays,
  consentCells,
  contactCells,
  count,
  days,
  emptyCards,
  emptyConsents,
  emptyContacts,
  reportCells,
  share,
  shareOf,
  shareTile,
  sum,
  tableRows,
  type Context,
  type FigureTable,
  type FollowUpPage,
  type Tile,
} from "./tables.server";

export { FOLLOW_UP_ROLES } from "./policy";
export { refreshFollowUpFigures, startFollowUpCountJob } from "./rollup.server";
export { parseFollowUpFilter, type FollowUpFilter } from "./filter.server";
export type { FigureTable, FollowUpPage } from "./tables.server";

/** Districts as rows for those who see the municipality, schools once narrowed to a district. */
function groupingOf(scope: FollowUpScope, narrowing: FollowUpNarrowing) {
  return scope.kind === "municipality" && !narrowing.districtId && !narrowing.schoolId
    ? "district"
    : "school";
}

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
  const source = await figureSource(scope, narrowing, [period, previous], lastTerm, now);
  const agreementFilter = {
    districtId: narrowing.districtId,
    schoolId: narrowing.schoolId,
    operatorType: narrowing.operatorType,
  };

  const [
    current,
    before,
    trendPoints,
    agreements,
    signing,
    contactPersons,
    cooperationMeetings,
    cooperationMeetingTotal,
  ] = await Promise.all([
    source.figures(period, grouping, managers),
    source.totals(previous),
    source.trend(lastTerm),
    managers ? agreementFigures(actor, today, agreementFilter, grouping) : Promise.resolve([]),
    managers ? signingTimes(actor, period, agreementFilter) : Promise.resolve(null),
    managers ? contactPersonFigures(scope, narrowing, today) : Promise.resolve(null),
    meetingFigures(scope, narrowing, period, grouping),
    meetingFigures(scope, narrowing, period, "all"),
  ]);
  const { cards, cardTotal, reports, reportTotal, contacts, contactTotal } = current;
  // Consent is for those who lead: a principal's page has no consent table.
  const consents = managers ? current.consents : [];
  const consentTotal = managers ? current.consentTotal : [];
  const { cards: cardBefore, reports: reportBefore, contacts: contactBefore } = before;

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
      { label: FIGURE_NAMES.meetingsHeld, explanation: "Hållna delat med planerade." },
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
      label: FIGURE_NAMES.cardsOnTime,
      now: cardShare(cardTotal),
      before: cardShare(cardBefore),
      previous,
      explanation: CARD_COLUMNS[3]!.explanation,
      link: { to: "/skolkort", label: "Till skolkorten" },
    }),
    shareTile({
      id: "bekraftade-i-tid",
      label: FIGURE_NAMES.acknowledgedOnTime,
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
      label: FIGURE_NAMES.feedbackInTime,
      now: feedbackShare(reportTotal),
      before: feedbackShare(reportBefore),
      previous,
      explanation:
        "Återkoppling som lämnades i tid, delat med alla anmälningar där anmälaren bad om återkoppling.",
      link: null,
    }),
    {
      id: "konsultation-svarstid",
      label: FIGURE_NAMES.consultationAnswer,
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
        change: `${contactPersons.changesThisYear} ${contactPersons.changesThisYear === 1 ? "byte" : "byten"} av kontaktperson i år`,
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
    { name: FIGURE_NAMES.cardsOnTime, values: trendShares("returnedOnTime", "due") },
    {
      name: FIGURE_NAMES.acknowledgedOnTime,
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
    asOf: source.asOf.toISOString(),
    counted: source.counted,
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
