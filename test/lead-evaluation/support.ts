import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';

export const USER = 'user_xyz';

/** The seed's headers for a site. */
export const site = (siteId: string, userId = USER): Record<string, string> => ({ 'X-Site-Id': siteId, 'X-User-Id': userId });

export interface TestSite {
  id: string;
  key: string;
}

/** A complete, strong application: the local model scores it 100 on the harness clock's day. */
export function strongLead(today: Date, overrides: Record<string, unknown> = {}) {
  const moveIn = new Date(today.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  return {
    name: 'Ada Tenant',
    email: 'ada@example.com',
    phone: '+1 555 010 0000',
    move_in_date: moveIn,
    monthly_income: 6000,
    desired_rent: 2000,
    household_size: 2,
    desired_bedrooms: 1,
    employment_status: 'employed',
    has_pets: false,
    ...overrides,
  };
}

export async function createLead(h: Harness, s: TestSite, body: Record<string, unknown> = { name: 'A lead' }): Promise<any> {
  const response = await h.request('POST', '/api/ops/leads', { key: s.key, headers: site(s.id), body });
  expect(response.status).toBe(201);
  return (await response.json()).data;
}

/** Leads written straight into the table: for tests that need many and test something else. */
export async function insertLeads(h: Harness, tenantId: string, n: number): Promise<string[]> {
  const now = h.clock.now();
  const rows = Array.from({ length: n }, (_, i) => ({
    tenant_id: tenantId,
    id: `lead_bulk${String(i).padStart(4, '0')}`,
    name: `Lead ${i}`,
    status: 'new',
    created_at: now,
    updated_at: now,
  }));
  await (h.tollgate.deps.store.db as any).insertInto('leads').values(rows).execute();
  return rows.map((r) => r.id);
}

export function requestEvaluation(h: Harness, s: TestSite, leadId: string, body?: unknown, headers = site(s.id)): Promise<Response> {
  return h.request('POST', `/api/ops/leads/${leadId}/ai-evaluation`, { key: s.key, headers, ...(body !== undefined ? { body } : {}) });
}

/** POST …/ai-evaluation over real HTTP. */
export function fetchEvaluation(url: string, s: TestSite, leadId: string, body: unknown = {}): Promise<Response> {
  return fetch(`${url}/api/ops/leads/${leadId}/ai-evaluation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', ...site(s.id) },
    body: JSON.stringify(body),
  });
}

export async function getJson(h: Harness, s: TestSite, path: string): Promise<{ status: number; body: any }> {
  const response = await h.request('GET', path, { key: s.key, headers: site(s.id) });
  return { status: response.status, body: await response.json() };
}

export { until } from '../support/until.js';

export const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

/** Every test ends with the ledger's invariants intact (`tollgate verify`), then drops its database. */
export async function verifyAndClose(h: Harness | undefined): Promise<void> {
  if (!h) return;
  try {
    expect(await h.verify()).toMatchObject({ ok: true });
  } finally {
    await h.close();
  }
}
