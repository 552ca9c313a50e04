/**
 * The admission's guarantees on D1, hammered over real HTTP into workerd: each admission is one
 * batch judged by the database (store/admit/d1.ts), never read-then-write.
 */
import { afterEach, expect, it } from 'vitest';
import { createLead, createSite, expectVerified, startEdge, type Edge } from './support.js';

let edge: Edge | undefined;
afterEach(async () => {
  if (edge) await expectVerified(edge).finally(() => edge!.close());
  edge = undefined;
});

it('200 concurrent admissions for a tenant with 20 units left: exactly 20 admitted; used = ledger = jobs', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_hot', { credits: 50 });
  // 30 of the 50 spent first, so 20 are left.
  const spent = await edge.request('POST', '/v1/jobs', { key: s.key, body: { type: 'echo', input: { items: 30 } } });
  expect(spent.status).toBe(201);

  const responses = await Promise.all(
    Array.from({ length: 200 }, () => edge!.request('POST', '/v1/jobs', { key: s.key, body: { type: 'echo', input: { items: 1 } } })),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((x) => x === 201)).toHaveLength(20);
  // credits are a `credits` meter: refused as 402 insufficient_credits.
  expect(statuses.filter((x) => x === 402)).toHaveLength(180);
  await Promise.all(responses.map((r) => r.body?.cancel()));

  expect(await edge.query(`SELECT used FROM usage WHERE tenant_id = 'site_hot'`)).toEqual([{ used: 50 }]);
  expect(await edge.query(`SELECT SUM(amount) AS total, COUNT(*) AS n FROM ledger_entries WHERE tenant_id = 'site_hot'`)).toEqual([{ total: 50, n: 21 }]);
  expect(await edge.query(`SELECT SUM(cost) AS total, COUNT(*) AS n FROM jobs WHERE tenant_id = 'site_hot'`)).toEqual([{ total: 50, n: 21 }]);
});

it('50 concurrent requests on one lead: one job, 49 × 409 naming it, one charge', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const lead = await createLead(edge, s);
  const responses = await Promise.all(
    Array.from({ length: 50 }, () =>
      edge!.request('POST', `/api/ops/leads/${lead.id}/ai-evaluation`, { key: s.key, headers: { 'X-Site-Id': s.id, 'X-User-Id': 'u' }, body: {} }),
    ),
  );
  const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
  const created = bodies.filter((b) => b.status === 201);
  expect(created).toHaveLength(1);
  const jobId = created[0]!.body.data.job_id;
  const conflicts = bodies.filter((b) => b.status === 409);
  expect(conflicts).toHaveLength(49);
  for (const c of conflicts) expect(c.body).toStrictEqual({ success: false, error: 'JobAlreadyPending', message: 'An evaluation is already in progress for this lead', job_id: jobId });
  expect(await edge.query(`SELECT id FROM jobs`)).toEqual([{ id: jobId }]);
  expect(await edge.query(`SELECT used FROM usage`)).toEqual([{ used: 1 }]);
});
