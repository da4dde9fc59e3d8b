/**
 * Charts drawn on the server as SVG (decision 038): d3-scale maps values to
 * positions, d3-shape writes the paths, React writes the markup — so a chart
 * is in the HTML, readable without JavaScript. Each is an image with a
 * <title> and a <desc> that summarises it; the numbers themselves are in the
 * table the page shows beside it (screen readers read that). Colours and
 * sizes live in app/styles.css (no inline styles under the CSP).
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { area, line } from "d3-shape";

export type ChartPoint = { label: string; value: number };

type ChartText = { id: string; title: string; description: string; format: (value: number) => string };

const WIDTH = 640;

/** A trend over time (the weeks): an area under a line, with the value axis' ticks. */
export function TrendChart({ id, title, description, format, points }: ChartText & { points: ChartPoint[] }) {
  const height = 220;
  const margin = { top: 12, right: 16, bottom: 28, left: 72 };
  const x = scalePoint<number>()
    .domain(points.map((_, i) => i))
    .range([margin.left, WIDTH - margin.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...points.map((p) => p.value))])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const xOf = (_: ChartPoint, i: number) => x(i) ?? margin.left;
  const linePath = line<ChartPoint>().x(xOf).y((p) => y(p.value))(points) ?? "";
  const areaPath = area<ChartPoint>().x(xOf).y0(y(0)).y1((p) => y(p.value))(points) ?? "";
  // A label every few points, counted back from the latest, so they do not run into each other.
  const every = Math.max(1, Math.ceil(points.length / 7));
  const labelled = (i: number) => (points.length - 1 - i) % every === 0;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g className="chart-grid">
        {y.ticks(4).map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={WIDTH - margin.right} y1={y(tick)} y2={y(tick)} />
            <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
      </g>
      <path className="chart-area" d={areaPath} />
      <path className="chart-line" d={linePath} />
      <g className="chart-axis">
        {points.map((p, i) =>
          labelled(i) ? (
            <text key={p.label} x={xOf(p, i)} y={height - 8} textAnchor="middle">
              {p.label}
            </text>
          ) : null,
        )}
      </g>
    </svg>
  );
}

/** A comparison of places: horizontal bars, largest first, each named, its value at its end. */
export function BarChart({ id, title, description, format, bars }: ChartText & { bars: ChartPoint[] }) {
  const rowHeight = 22;
  const margin = { top: 4, right: 80, bottom: 4, left: 190 };
  const height = margin.top + margin.bottom + Math.max(1, bars.length) * rowHeight;
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([margin.top, height - margin.bottom])
    .padding(0.2);
  const x = scaleLinear()
    .domain([0, Math.max(1, ...bars.map((b) => b.value))])
    .range([margin.left, WIDTH - margin.right]);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((b, i) => {
        const top = y(i) ?? 0;
        const middle = top + y.bandwidth() / 2;
        return (
          <g key={`${b.label}-${i}`}>
            <text className="chart-label" x={margin.left - 6} y={middle} dy="0.32em" textAnchor="end">
              {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
            </text>
            <rect className="chart-bar" x={margin.left} y={top} width={Math.max(0, x(b.value) - margin.left)} height={y.bandwidth()} />
            <text className="chart-value" x={x(b.value) + 4} y={middle} dy="0.32em">
              {format(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
