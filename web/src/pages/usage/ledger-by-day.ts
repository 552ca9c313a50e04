import type { LedgerEntry } from '../../types.js';

export interface DayTotals {
  /** ISO date, "2026-11-03". */
  day: string;
  charged: number;
  /** Refunds and negative adjustments, as a positive number. */
  refunded: number;
}

/** One row per day of the period ("2026-11"), days without entries included, in UTC like the ledger. */
export function ledgerByDay(entries: readonly LedgerEntry[], period: string): DayTotals[] {
  const [year = 1970, month = 1] = period.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const days: DayTotals[] = Array.from({ length: daysInMonth }, (_, index) => ({
    day: `${period}-${String(index + 1).padStart(2, '0')}`,
    charged: 0,
    refunded: 0,
  }));
  for (const entry of entries) {
    const date = new Date(entry.created_at);
    if (Number.isNaN(date.getTime())) continue;
    const index = date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month ? date.getUTCDate() - 1 : -1;
    const totals = days[index];
    if (!totals) continue;
    if (entry.amount >= 0) totals.charged += entry.amount;
    else totals.refunded += -entry.amount;
  }
  return days;
}
