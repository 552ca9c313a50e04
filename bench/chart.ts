// One hand-rolled SVG bar chart per figure. Bars show the ratio to the same-run baseline, not the
// raw value: the raw value of a shared, noisy machine is in the label, the comparable part is the bar.
import type { Row } from './figure.js';

const WIDTH = 820;
const LABEL_WIDTH = 300;
const VALUE_WIDTH = 200;
const ROW_HEIGHT = 30;
const TOP = 48;
const BOTTOM = 34;
const BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

const COLOURS = { baseline: '#9ca3af', plain: '#2563eb', met: '#16a34a', missed: '#dc2626' };

export function renderChart(title: string, rows: readonly Row[], emptyReason: string): string {
  if (rows.length === 0) return message(title, emptyReason);
  const ratios = rows.map((row) => (row.isBaseline ? 1 : (row.ratio ?? 0)));
  const targets = rows.map((row) => row.target?.ratio ?? 0);
  const scale = niceCeiling(Math.max(1, ...ratios, ...targets) * 1.05);
  const x = (ratio: number): number => LABEL_WIDTH + (Math.max(0, ratio) / scale) * BAR_AREA;
  const height = TOP + rows.length * ROW_HEIGHT + BOTTOM;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="600" fill="#111827">${escape(title)}</text>`,
    `<text x="12" y="38" fill="#6b7280">bar = value ÷ same-run baseline (grey bars are baselines, 1×); tick = target</text>`,
  ];
  const axisY = TOP + rows.length * ROW_HEIGHT;
  for (const tick of ticks(scale)) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${TOP}" y2="${axisY + 4}" stroke="${tick === 1 ? '#6b7280' : '#e5e7eb'}"${tick === 1 ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${tx}" y="${axisY + 18}" text-anchor="middle" fill="#6b7280">${Number(tick.toFixed(2))}×</text>`,
    );
  }
  parts.push(`<line x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH + BAR_AREA}" y1="${axisY}" y2="${axisY}" stroke="#d1d5db"/>`);
  rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const ratio = ratios[index] ?? 0;
    const colour = row.isBaseline ? COLOURS.baseline : row.target ? (row.target.met ? COLOURS.met : COLOURS.missed) : COLOURS.plain;
    const targetX = row.target?.ratio === undefined ? undefined : x(row.target.ratio);
    const textX = Math.max(x(ratio), targetX ?? 0) + 6;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 19}" text-anchor="end" fill="#111827">${escape(row.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${(x(ratio) - LABEL_WIDTH).toFixed(1)}" height="${ROW_HEIGHT - 12}" fill="${colour}" rx="2"/>`,
      `<text x="${textX.toFixed(1)}" y="${y + 19}" fill="#374151" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escape(valueText(row))}</text>`,
    );
    if (targetX !== undefined) {
      parts.push(`<line x1="${targetX.toFixed(1)}" x2="${targetX.toFixed(1)}" y1="${y + 2}" y2="${y + ROW_HEIGHT - 2}" stroke="#111827" stroke-width="2"/>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function message(title: string, reason: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="80" viewBox="0 0 ${WIDTH} 80" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="15" font-weight="600" fill="#111827">${escape(title)}</text>`,
    `<text x="12" y="50" fill="#6b7280">${escape(reason)}</text>`,
    '</svg>',
  ].join('\n') + '\n';
}

function valueText(row: Row): string {
  const value = `${formatValue(row.value)} ${row.unit}`;
  return row.isBaseline ? `${value} (baseline)` : row.ratio === undefined ? value : `${value} · ${formatRatio(row.ratio)}`;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(2).replace(/\.?0+$/, '') : ratio.toFixed(2)}×`;
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 2.5, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? 10 * power);
}

function ticks(scale: number): number[] {
  const step = niceCeiling(scale / 5);
  const result: number[] = [];
  for (let tick = 0; tick <= scale + 1e-9; tick += step) result.push(Number(tick.toFixed(6)));
  if (!result.includes(1) && scale >= 1) result.push(1);
  return result.sort((a, b) => a - b);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
