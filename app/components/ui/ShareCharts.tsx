/**
 * Charts as SVG (the follow-up's, a child's attendance), from coordinates the server worked out
 * (~/lib/charts.server.ts): the browser gets no chart code. Each chart is an image with a name and a short description; the
 * table that follows it on the page holds the same figures for screen readers and for anyone
 * who prefers numbers.
 */
import type { BarChart, LineChart } from "~/lib/charts.server";

export function ShareLineChart({
  chart,
  id,
  title,
}: {
  chart: LineChart;
  id: string;
  title: string;
}) {
  const { plot } = chart;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        className="chart__svg"
      >
        <desc id={`${id}-desc`}>
          {chart.series
            .map((s) => `${s.name}: ${s.points.map((p) => p.label).join(", ") || "inga siffror"}`)
            .join(". ")}
        </desc>
        {chart.yTicks.map((t) => (
          <g key={t.label}>
            <line x1={plot.left} x2={plot.right} y1={t.at} y2={t.at} className="chart__grid" />
            <text x={plot.left - 8} y={t.at} className="chart__tick" textAnchor="end" dy="0.32em">
              {t.label}
            </text>
          </g>
        ))}
        {chart.xTicks.map((t) => (
          <text
            key={t.label}
            x={t.at}
            y={plot.bottom + 24}
            className="chart__tick"
            textAnchor="middle"
          >
            {t.label}
          </text>
        ))}
        {chart.series.map((s) => (
          <g key={s.name} className={`chart__series chart__series--${s.style}`}>
            <path d={s.path} className="chart__line" />
            {s.points.map((p) => (
              <circle key={p.label} cx={p.x} cy={p.y} r={4} className="chart__point" />
            ))}
          </g>
        ))}
      </svg>
      <ul className="chart__legend">
        {chart.series.map((s) => (
          <li key={s.name} className={`chart__series--${s.style}`}>
            <span className="chart__swatch" aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function ShareBarChart({
  chart,
  id,
  title,
}: {
  chart: BarChart;
  id: string;
  title: string;
}) {
  const { plot } = chart;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      {chart.bars.length === 0 ? (
        <p className="muted">Det finns för få siffror att visa i ett diagram för perioden.</p>
      ) : (
        <svg
          viewBox={`0 0 ${chart.width} ${chart.height}`}
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          className="chart__svg"
        >
          <desc id={`${id}-desc`}>{chart.bars.map((b) => `${b.name}: ${b.value}`).join(", ")}</desc>
          {chart.xTicks.map((t) => (
            <g key={t.label}>
              <line x1={t.at} x2={t.at} y1={plot.top} y2={plot.bottom} className="chart__grid" />
              <text x={t.at} y={plot.bottom + 20} className="chart__tick" textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
          {chart.bars.map((b) => (
            <g key={b.name}>
              <text
                x={plot.left - 8}
                y={b.y + b.height / 2}
                className="chart__tick"
                textAnchor="end"
                dy="0.32em"
              >
                {b.name.length > 28 ? `${b.name.slice(0, 27)}…` : b.name}
              </text>
              <rect
                x={plot.left}
                y={b.y}
                width={Math.max(b.width, 1)}
                height={b.height}
                className="chart__bar"
              />
              <text
                x={plot.left + b.width + 6}
                y={b.y + b.height / 2}
                className="chart__tick"
                dy="0.32em"
              >
                {b.value}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
