// A hand-rolled bar chart: charges rise above the axis, refunds hang below it.
// SVG geometry is set through attributes, so the strict CSP needs no inline styles.
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { formatDay, formatNumber } from '../../lib/format.js';
import type { DayTotals } from './ledger-by-day.js';

// Drawn in CSS pixels at the figure's own width, so labels keep their size on a phone
// instead of shrinking with a scaled-down viewBox.
const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 280;
const PAD = { top: 16, right: 8, bottom: 28, left: 44 };

export function LedgerChart({ days, meter }: { days: DayTotals[]; meter: string }) {
  const titleId = useId();
  const descId = useId();
  const figure = useRef<HTMLElement>(null);
  const width = useWidth(figure);
  const height = Math.round(Math.min(240, Math.max(160, width / 3)));
  const maxUp = Math.max(1, ...days.map((d) => d.charged));
  const maxDown = Math.max(0, ...days.map((d) => d.refunded));
  const plotHeight = height - PAD.top - PAD.bottom;
  const scale = plotHeight / (maxUp + maxDown);
  const axisY = PAD.top + maxUp * scale;
  const slot = (width - PAD.left - PAD.right) / Math.max(days.length, 1);
  const barWidth = Math.max(2, slot * 0.7);
  const totalCharged = days.reduce((sum, d) => sum + d.charged, 0);
  const totalRefunded = days.reduce((sum, d) => sum + d.refunded, 0);
  const labelEvery = days.length > 16 || slot < 24 ? 5 : 1;

  return (
    <figure className="chart" ref={figure}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="chart-svg">
        <title id={titleId}>{`Ledger of ${meter} by day`}</title>
        <desc id={descId}>
          {`${formatNumber(totalCharged)} charged and ${formatNumber(totalRefunded)} refunded over ${days.length} days.`}
        </desc>
        {/* Gridlines at whole numbers only: a half line at 0.5 would be labelled "1" too. */}
        {[maxUp, maxUp / 2].filter(Number.isInteger).map((value) => (
          <g key={value}>
            <line x1={PAD.left} x2={width - PAD.right} y1={axisY - value * scale} y2={axisY - value * scale} className="chart-grid" />
            <text x={PAD.left - 6} y={axisY - value * scale + 4} textAnchor="end" className="chart-label">
              {formatNumber(Math.round(value))}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={width - PAD.right} y1={axisY} y2={axisY} className="chart-axis" />
        {days.map((d, index) => {
          const x = PAD.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={d.day}>
              {d.charged > 0 && (
                <rect x={x} y={axisY - d.charged * scale} width={barWidth} height={d.charged * scale} className="chart-charge">
                  <title>{`${formatDay(d.day)}: ${formatNumber(d.charged)} charged`}</title>
                </rect>
              )}
              {d.refunded > 0 && (
                <rect x={x} y={axisY} width={barWidth} height={d.refunded * scale} className="chart-refund">
                  <title>{`${formatDay(d.day)}: ${formatNumber(d.refunded)} refunded`}</title>
                </rect>
              )}
              {index % labelEvery === 0 && (
                <text x={x + barWidth / 2} y={height - 8} textAnchor="middle" className="chart-label">
                  {Number(d.day.slice(8))}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-charge" aria-hidden="true" /> Charges ({formatNumber(totalCharged)})
        <span className="legend-refund" aria-hidden="true" /> Refunds ({formatNumber(totalRefunded)})
      </figcaption>
      <details className="chart-table">
        <summary>Show the numbers</summary>
        <table>
          <caption className="visually-hidden">{`Ledger of ${meter} by day`}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Charged</th>
              <th scope="col">Refunded</th>
            </tr>
          </thead>
          <tbody>
            {days
              .filter((d) => d.charged > 0 || d.refunded > 0)
              .map((d) => (
                <tr key={d.day}>
                  <th scope="row">{formatDay(d.day)}</th>
                  <td>{formatNumber(d.charged)}</td>
                  <td>{formatNumber(d.refunded)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The element's content width, followed as it changes (the default where ResizeObserver is missing). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.max(MIN_WIDTH, measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
