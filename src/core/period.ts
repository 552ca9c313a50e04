/** Periods are calendar months in UTC, stored as `YYYY-MM`. */
export type Period = string;

export function periodOf(at: number): Period {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instant the period ends and the next one starts (the reset time), in epoch ms. */
export function periodEnd(period: Period): number {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return Date.UTC(year, month, 1);
}

export function periodStart(period: Period): number {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return Date.UTC(year, month - 1, 1);
}

/** Whole seconds until the reset, at least 1: what `Retry-After` says on a refusal. */
export function secondsUntilReset(period: Period, now: number): number {
  return Math.max(1, Math.ceil((periodEnd(period) - now) / 1000));
}

export const isPeriod = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
