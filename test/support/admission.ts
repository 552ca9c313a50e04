import { expect } from 'vitest';
import type { Harness } from './harness.js';

/** POST /v1/jobs for an echo job, in-process. */
export function postEcho(h: Harness, key: string, input: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return h.request('POST', '/v1/jobs', { key, body: { type: 'echo', input }, headers });
}

/** POST /v1/jobs over real HTTP. */
export function fetchJob(url: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Asserts an RFC 9457 problem document with this status and code, and returns its body. */
export async function expectProblem(response: Response, status: number, code: string): Promise<any> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^https?:\/\//), title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
  expect(body.request_id.length).toBeGreaterThan(0);
  return body;
}

/** The usage counter (0 when the row does not exist). */
export async function usedOf(h: Harness, tenantId: string, period?: string, meter = 'credits'): Promise<number> {
  let q = h.tollgate.deps.store.db.selectFrom('usage').select('used').where('tenant_id', '=', tenantId).where('meter', '=', meter);
  if (period) q = q.where('period', '=', period);
  const rows = await q.execute();
  return rows.reduce((sum, r) => sum + Number(r.used), 0);
}

/** SUM(amount) of the tenant's ledger entries. */
export async function ledgerSum(h: Harness, tenantId: string, period?: string): Promise<number> {
  let q = h.tollgate.deps.store.db.selectFrom('ledger_entries').select((eb) => eb.fn.sum<number>('amount').as('s')).where('tenant_id', '=', tenantId);
  if (period) q = q.where('period', '=', period);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.s ?? 0);
}

export async function ledgerEntries(h: Harness, tenantId: string) {
  return h.tollgate.deps.store.db.selectFrom('ledger_entries').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
}

export async function jobCount(h: Harness, tenantId: string): Promise<number> {
  const row = await h.tollgate.deps.store.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
