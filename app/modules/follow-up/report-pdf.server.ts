/**
 * "Samverkansrapport <år>": the year's follow-up as a PDF for the committee (nämnden), built from
 * the same figures as the page (followUpPage) so that the two never differ: a short text per
 * area, the charts, and every table's rows, with the small-number rule as on the page. Set by
 * ~/lib/pdf-layout.server like the portal's other PDFs; no child is named in it.
 */
import { rgb, type PDFPage } from "pdf-lib";
import { formatDateTime } from "~/lib/dates";
import {
  BODY_STYLE,
  BOLD_STYLE,
  CONTENT_WIDTH,
  HEADING_STYLE,
  PdfFlow,
  SUBTITLE_STYLE,
  TITLE_STYLE,
  createPdfDocument,
  setPdfMetadata,
  type TextStyle,
} from "~/lib/pdf-layout.server";
import type { BarChart, LineChart } from "~/lib/charts.server";
import { FIGURE_NAMES } from "./figure-names";
import type { FigureTable, FollowUpPage } from "./tables.server";

const SMALL: TextStyle = { font: "regular", size: 8.5, leading: 11 };
const SERIES_COLOURS = [rgb(0.043, 0.31, 0.443), rgb(0.541, 0.231, 0)];
const GRID = rgb(0.78, 0.8, 0.82);

/** A table's total by column label, as the page shows it ("–" when it cannot be shown). */
function totalOf(table: FigureTable | undefined, label: string): string {
  if (!table?.total) return "–";
  return table.total[table.columns.findIndex((c) => c.label === label)] ?? "–";
}

/** A sentence or two per area, from the totals the page shows. */
function summaries(page: FollowUpPage): Record<string, string> {
  const t = (id: string) => page.tables.find((table) => table.id === id);
  const cards = t("skolkort");
  const reports = t("anmalningar");
  const talks = t("moten-och-konsultation");
  const consent = t("samtycke");
  const agreements = t("overenskommelser");
  const share = (value: string, what: string) =>
    value === "–"
      ? `Andelen ${what} kan inte visas för perioden.`
      : `Andelen ${what} var ${value}.`;
  return {
    skolkort:
      `Socialtjänsten begärde ${totalOf(cards, "Begärda")} skolkort. ` +
      `${totalOf(cards, "Återlämnade")} lämnades in, ${totalOf(cards, "I tid")} av dem i tid. ` +
      share(totalOf(cards, "Andel i tid"), "inlämnade i tid") +
      ` Mediantiden från begäran till inlämning var ${totalOf(cards, FIGURE_NAMES.cardTurnaround)} dagar.`,
    anmalningar:
      `${totalOf(reports, "Inkomna")} orosanmälningar kom in. ` +
      share(totalOf(reports, "Andel bekräftade i tid"), "som bekräftades senast nästa arbetsdag") +
      ` Återkoppling begärdes i ${totalOf(reports, "Återkoppling begärd")} fall och lämnades i tid i ` +
      `${totalOf(reports, "Återkoppling i tid")}.`,
    "moten-och-konsultation":
      `Skolorna ställde ${totalOf(talks, "Konsultationer")} konsultationsfrågor, varav ` +
      `${totalOf(talks, "Besvarade")} besvarades; mediantiden till svar var ` +
      `${totalOf(talks, "Median arbetsdagar till svar")} arbetsdagar. ` +
      `${totalOf(talks, "Anmälningsmöten föreslagna")} anmälningsmöten föreslogs och ` +
      `${totalOf(talks, "Anmälningsmöten hållna")} hölls.`,
    samtycke:
      `${totalOf(consent, "Samtyckeslänkar")} samtyckeslänkar skickades; ` +
      `${totalOf(consent, "Samtycke")} besvarades med samtycke och ${totalOf(consent, "Nej")} med nej.`,
    overenskommelser:
      `${totalOf(agreements, "Aktiv överenskommelse")} av ${totalOf(agreements, "Skolor")} skolor har ` +
      `en aktiv överenskommelse; ${totalOf(agreements, "Dags för revision")} behöver revideras.`,
    utveckling:
      "Andelen skolkort som lämnades in i tid och andelen anmälningar som bekräftades senast nästa arbetsdag, termin för termin.",
  };
}

function drawLineChart(flow: PdfFlow, chart: LineChart) {
  const scale = CONTENT_WIDTH / chart.width;
  const height = chart.height * scale;
  flow.drawing(height + 8, (page: PDFPage, left: number, top: number) => {
    // SVG's y grows downwards from the chart's top; the page's upwards from its bottom.
    const x = (v: number) => left + v * scale;
    const y = (v: number) => top - v * scale;
    for (const tick of chart.yTicks) {
      page.drawLine({
        start: { x: x(chart.plot.left), y: y(tick.at) },
        end: { x: x(chart.plot.right), y: y(tick.at) },
        thickness: 0.5,
        color: GRID,
      });
      flow.drawAt(page, tick.label, SMALL, x(0), y(tick.at) - 3);
    }
    for (const tick of chart.xTicks) {
      flow.drawAt(page, tick.label, SMALL, x(tick.at) - 14, y(chart.plot.bottom + 20));
    }
    chart.series.forEach((series, i) => {
      const color = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
      if (series.path) {
        page.drawSvgPath(series.path, {
          x: left,
          y: top,
          scale,
          borderColor: color,
          borderWidth: 2 / scale,
          borderDashArray: i === 1 ? [6 / scale, 4 / scale] : undefined,
        });
      }
      for (const point of series.points) {
        page.drawCircle({ x: x(point.x), y: y(point.y), size: 2.5, color });
      }
    });
  });
  for (const [i, series] of chart.series.entries()) {
    flow.text(`${i === 0 ? "Heldragen linje" : "Streckad linje"}: ${series.name}`, SMALL);
  }
}

function drawBarChart(flow: PdfFlow, chart: BarChart) {
  if (chart.bars.length === 0) return;
  const scale = CONTENT_WIDTH / chart.width;
  flow.drawing(chart.height * scale + 8, (page: PDFPage, left: number, top: number) => {
    const x = (v: number) => left + v * scale;
    const y = (v: number) => top - v * scale;
    for (const tick of chart.xTicks) {
      page.drawLine({
        start: { x: x(tick.at), y: y(chart.plot.top) },
        end: { x: x(tick.at), y: y(chart.plot.bottom) },
        thickness: 0.5,
        color: GRID,
      });
      flow.drawAt(page, tick.label, SMALL, x(tick.at) - 8, y(chart.plot.bottom + 16));
    }
    for (const bar of chart.bars) {
      page.drawRectangle({
        x: x(chart.plot.left),
        y: y(bar.y + bar.height),
        width: Math.max(bar.width, 1) * scale,
        height: bar.height * scale,
        color: SERIES_COLOURS[0],
      });
      const name = bar.name.length > 30 ? `${bar.name.slice(0, 29)}…` : bar.name;
      flow.drawAt(page, name, SMALL, x(0), y(bar.y + bar.height / 2) - 3);
      flow.drawAt(
        page,
        bar.value,
        SMALL,
        x(chart.plot.left + bar.width) + 4,
        y(bar.y + bar.height / 2) - 3,
      );
    }
  });
}

function drawTable(flow: PdfFlow, table: FigureTable) {
  const rows = [...table.rows, ...(table.total ? [{ name: "Totalt", cells: table.total }] : [])];
  if (rows.length === 0) {
    flow.text("Inget att räkna under perioden.", BODY_STYLE);
    return;
  }
  for (const row of rows) {
    flow.ensure(BODY_STYLE.leading + SMALL.leading * 2);
    flow.text(row.name, BOLD_STYLE);
    flow.text(
      row.cells.map((cell, i) => `${table.columns[i]!.label}: ${cell}`).join(" · "),
      SMALL,
      12,
    );
    flow.gap(3);
  }
  if (table.masked) {
    flow.text(
      "Antal under gränsen för små tal visas som ”färre än …” och andelar av för få visas inte (–), så att ingen siffra pekar ut ett barn.",
      SMALL,
    );
  }
}

/** The committee's yearly report of the page's figures for a year. */
export async function renderYearlyReportPdf(
  page: FollowUpPage,
  organisationName: string,
  year: number,
): Promise<Uint8Array> {
  const doc = await createPdfDocument();
  const title = `Samverkansrapport ${year}`;
  setPdfMetadata(doc, { title, subject: "Uppföljning av samverkan", date: new Date(page.asOf) });
  const flow = new PdfFlow(doc);
  const texts = summaries(page);

  flow.text(title, TITLE_STYLE);
  flow.text(
    `${organisationName}. Uppföljning av samverkan mellan skola och socialtjänst, ${page.period.from} – ${page.period.to}. Siffrorna gäller ${formatDateTime(page.asOf)}.`,
    SUBTITLE_STYLE,
  );
  flow.gap(8);
  flow.heading("I korthet", HEADING_STYLE, BODY_STYLE, 6);
  for (const tile of page.tiles) {
    flow.bullet(
      `${tile.label}: ${tile.value}${tile.change ? ` (${tile.change})` : ""}`,
      BODY_STYLE,
      12,
    );
  }

  flow.heading("Utveckling", HEADING_STYLE, BODY_STYLE, 12);
  flow.text(texts.utveckling!, BODY_STYLE);
  flow.gap(4);
  drawLineChart(flow, page.trendChart);
  const trend = page.tables.find((t) => t.id === "utveckling");
  if (trend) drawTable(flow, trend);

  if (page.barChart && page.barChart.chart.bars.length > 0) {
    flow.heading("Skillnader", HEADING_STYLE, BODY_STYLE, 12);
    flow.text(page.barChart.caption, BODY_STYLE);
    flow.gap(4);
    drawBarChart(flow, page.barChart.chart);
  }

  for (const table of page.tables.filter((t) => t.id !== "utveckling")) {
    flow.heading(table.caption, HEADING_STYLE, BODY_STYLE, 12);
    if (texts[table.id]) {
      flow.text(texts[table.id]!, BODY_STYLE);
      flow.gap(4);
    }
    drawTable(flow, table);
  }
  if (page.withoutContact) {
    flow.heading("Skolor utan kontaktperson", HEADING_STYLE, BODY_STYLE, 12);
    if (page.withoutContact.length === 0)
      flow.text("Alla skolor har en kontaktperson.", BODY_STYLE);
    for (const school of page.withoutContact) {
      flow.bullet(`${school.name}, ${school.since}`, BODY_STYLE, 12);
    }
  }

  flow.footers((n, count) => `${title} – sida ${n} av ${count}`);
  return flow.save();
}
