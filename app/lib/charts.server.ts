/**
 * Charts drawn on the server (the follow-up's, a child's attendance over terms): d3's scales and
 * shapes turn figures into SVG coordinates and paths here, and the page only places them
 * (~/components/ui/ShareCharts.tsx), as the yearly report's PDF does. No chart code reaches the
 * browser; every chart is followed on its page by a table of its figures.
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";

const WIDTH = 640;
const PERCENT = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 });
const MARGIN = { top: 16, right: 24, bottom: 40, left: 48 };

export interface ChartTick {
  at: number;
  label: string;
}

export interface LineSeries {
  name: string;
  /** Which of the page's series styles (colour and dash) it takes: 0, 1, … */
  style: number;
  path: string;
  points: { x: number; y: number; label: string }[];
}

export interface LineChart {
  kind: "line";
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  series: LineSeries[];
}

/**
 * Shares in per cent over terms; a term without a share (nothing to compute it from, or too few
 * to show) leaves a gap in its line.
 */
export function shareLineChart(
  labels: string[],
  series: { name: string; values: (number | null)[] }[],
): LineChart {
  const height = 260;
  const plot = {
    left: MARGIN.left,
    right: WIDTH - MARGIN.right,
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const x = scalePoint<string>().domain(labels).range([plot.left, plot.right]).padding(0.3);
  const y = scaleLinear().domain([0, 100]).range([plot.bottom, plot.top]);
  const draw = line<{ label: string; value: number | null }>()
    .defined((d) => d.value !== null)
    .x((d) => x(d.label)!)
    .y((d) => y(d.value ?? 0));
  return {
    kind: "line",
    width: WIDTH,
    height,
    plot,
    xTicks: labels.map((label) => ({ at: x(label)!, label })),
    yTicks: y.ticks(5).map((v) => ({ at: y(v), label: `${v} %` })),
    series: series.map((s, index) => {
      const data = labels.map((label, i) => ({ label, value: s.values[i] ?? null }));
      return {
        name: s.name,
        style: index,
        path: draw(data) ?? "",
        points: data
          .filter((d) => d.value !== null)
          .map((d) => ({
            x: x(d.label)!,
            y: y(d.value!),
            label: `${d.label}: ${PERCENT.format(d.value!)} %`,
          })),
      };
    }),
  };
}

export interface BarChart {
  kind: "bar";
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: ChartTick[];
  bars: { name: string; y: number; height: number; width: number; value: string }[];
}

/** Shares in per cent, one horizontal bar per organisation; those without a share are left out. */
export function shareBarChart(items: { name: string; value: number | null }[]): BarChart {
  const shown = items.filter((i) => i.value !== null);
  const band = 28;
  const left = 200;
  const height = MARGIN.top + shown.length * band + MARGIN.bottom;
  const plot = {
    left,
    right: WIDTH - MARGIN.right - 40,
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const y = scaleBand<string>()
    .domain(shown.map((_, i) => String(i)))
    .range([plot.top, plot.bottom])
    .padding(0.25);
  const x = scaleLinear().domain([0, 100]).range([plot.left, plot.right]);
  return {
    kind: "bar",
    width: WIDTH,
    height,
    plot,
    xTicks: x.ticks(5).map((v) => ({ at: x(v), label: `${v} %` })),
    bars: shown.map((item, i) => ({
      name: item.name,
      y: y(String(i))!,
      height: y.bandwidth(),
      width: x(item.value!) - plot.left,
      value: `${PERCENT.format(item.value!)} %`,
    })),
  };
}
