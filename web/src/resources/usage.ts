import type { Api } from '../api.js';
import type { LedgerEntry, Page, Usage } from '../types.js';

export function getUsage(api: Api, signal?: AbortSignal): Promise<Usage> {
  return api.get('/v1/usage', signal ? { signal } : {});
}

const HISTORY_PAGE = 100;
const HISTORY_MAX_PAGES = 20;

/** Every ledger entry of one meter in a period ("2026-11"), following cursors up to a bound. */
export async function listPeriodLedger(
  api: Api,
  meter: string,
  period: string,
  signal?: AbortSignal,
): Promise<{ entries: LedgerEntry[]; truncated: boolean }> {
  const { from, to } = periodRange(period);
  const entries: LedgerEntry[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
    const result: Page<LedgerEntry> = await api.get('/v1/usage/history', {
      query: { meter, from, to, limit: HISTORY_PAGE, cursor },
      ...(signal ? { signal } : {}),
    });
    entries.push(...result.data.filter((entry) => entry.period === period || entry.created_at.startsWith(period)));
    cursor = result.next_cursor;
    if (!cursor) return { entries, truncated: false };
  }
  return { entries, truncated: true };
}

/** First day of the period and first day of the next one, as ISO dates. */
export function periodRange(period: string): { from: string; to: string } {
  const [year = 1970, month = 1] = period.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { from: `${period}-01`, to: `${next}-01` };
}

/** A tenant's meters as an admin key sees them: the same route, speaking for the tenant with X-Tenant-Id. */
export function getTenantUsage(adminApi: Api, tenantId: string, signal?: AbortSignal): Promise<Usage> {
  return adminApi.get('/v1/usage', { headers: { 'X-Tenant-Id': tenantId }, ...(signal ? { signal } : {}) });
}
