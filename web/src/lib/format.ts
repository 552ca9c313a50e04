const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const number = new Intl.NumberFormat();
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dayMonth.format(date);
}

export function formatNumber(value: number): string {
  return number.format(value);
}

/** "in 5 minutes", "2 hours ago". */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const target = new Date(iso).getTime();
  if (Number.isNaN(target)) return iso;
  const seconds = Math.round((target - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

/** A length of time, short: "42 s", "3 min", "2 h 5 min", "3 d 4 h". Negative counts as zero. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small === 0 ? `${formatNumber(big)} ${bigUnit}` : `${formatNumber(big)} ${bigUnit} ${formatNumber(small)} ${smallUnit}`;
  if (seconds < 60) return `${seconds} s`;
  if (minutes < 60) return `${minutes} min`;
  if (hours < 24) return two(hours, 'h', minutes % 60, 'min');
  return two(days, 'd', hours % 24, 'h');
}

/** Whole days until `iso`, rounded up, never negative. */
export function daysUntil(iso: string, now = Date.now()): number {
  const ms = new Date(iso).getTime() - now;
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.ceil(ms / 86_400_000));
}

export function plural(count: number, singular: string, many = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : many}`;
}

/** A short human form of a JSON value from the server (an item's input, result or error). */
export function summarize(value: unknown, max = 160): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return truncate(value, max);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.message === 'string') return truncate(record.message, max);
    const values = Object.values(record);
    if (values.length === 1 && typeof values[0] === 'string') return truncate(values[0], max);
  }
  return truncate(JSON.stringify(value), max);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Human words for snake_case identifiers: "partially_completed" → "partially completed". */
export function words(identifier: string): string {
  return identifier.replace(/_/g, ' ');
}

/**
 * The text of an HTML fragment (a product description from the catalog), for showing as text.
 * DOMParser builds an inert document: nothing in it runs or loads, and nothing of it is inserted.
 */
export function plainText(html: string | null | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const hidden of doc.body.querySelectorAll('script, style, template, noscript')) hidden.remove();
  for (const block of doc.body.querySelectorAll('p, div, li, br, h1, h2, h3, h4, h5, h6, tr')) block.append(' ');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}
