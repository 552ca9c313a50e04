/**
 * Work on the edge: the Cron Trigger claims under a lease, runs and settles in batches; a run that
 * died leaves leases the next run takes over, settled once; cancel refunds once.
 */
import { afterEach, expect, it } from 'vitest';
import { createLead, createSite, expectVerified, requestEvaluation, startEdge, type Edge } from './support.js';

let edge: Edge | undefined;
afterEach(async () => {
  if (edge) await expectVerified(edge).finally(() => edge!.close());
  edge = undefined;
});

it('the cron claims and completes pending jobs, in batches, each item once', async () => {
  edge = await startEdge({ WORKER_BATCH_SIZE: '7' });
  const s = await createSite(edge, 'site_abc', { credits: 1000 });
  const jobs = [];
  for (let i = 0; i < 5; i++) jobs.push((await (await edge.request('POST', '/v1/jobs', { key: s.key, body: { type: 'echo', input: { items: 10 } } })).json()).job.id);
  const lead = await createLead(edge, s);
  expect((await requestEvaluation(edge, s, lead.id)).status).toBe(201);
  // A permanent failure is refunded, once.
  const failing = (await (await edge.request('POST', '/v1/jobs', { key: s.key, body: { type: 'echo', input: { items: 2, fail: 'permanent' } } })).json()).job.id;

  await edge.cron();
  expect(await edge.query(`SELECT status, COUNT(*) AS n FROM job_items GROUP BY status ORDER BY status`)).toEqual([
    { status: 'failed', n: 2 },
    { status: 'succeeded', n: 51 },
  ]);
  expect(await edge.query(`SELECT MAX(attempts) AS a FROM job_items`)).toEqual([{ a: 1 }]);
  for (const id of jobs) expect((await (await edge.request('GET', `/v1/jobs/${id}`, { key: s.key })).json()).status).toBe('completed');
  expect((await (await edge.request('GET', `/v1/jobs/${failing}`, { key: s.key })).json()).status).toBe('failed');
  expect(await edge.query(`SELECT used FROM usage WHERE meter = 'credits'`)).toEqual([{ used: 50 }]);
  expect(await edge.query(`SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'refund'`)).toEqual([{ n: 2 }]);
  expect(await edge.query(`SELECT COUNT(*) AS n FROM evaluations`)).toEqual([{ n: 1 }]);

  // A second run finds nothing to do and changes nothing.
  await edge.cron();
  expect(await edge.query(`SELECT COUNT(*) AS n FROM ledger_entries`)).toEqual([{ n: 9 }]);
});

it('a job whose lease expired (its run died) is taken over by the next run and settled once', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc');
  const lead = await createLead(edge, s);
  const job = (await (await requestEvaluation(edge, s, lead.id)).json()).data.job_id;
  // What a run killed after its claim leaves behind: the item running, attempt 1, under a lease that ran out.
  await edge.query(`UPDATE job_items SET status = 'running', attempts = 1, locked_by = 'cron_dead', locked_until = 1 WHERE job_id = ?`, job);
  await edge.query(`UPDATE jobs SET status = 'processing' WHERE id = ?`, job);

  await edge.cron();
  expect(await edge.query(`SELECT status, attempts, locked_by FROM job_items WHERE job_id = ?`, job)).toEqual([{ status: 'succeeded', attempts: 2, locked_by: null }]);
  expect(await edge.query(`SELECT status, items_done, items_failed FROM jobs WHERE id = ?`, job)).toEqual([{ status: 'completed', items_done: 1, items_failed: 0 }]);
  expect(await edge.query(`SELECT COUNT(*) AS n FROM evaluations WHERE job_id = ?`, job)).toEqual([{ n: 1 }]);
  expect(await edge.query(`SELECT kind, amount FROM ledger_entries`)).toEqual([{ kind: 'charge', amount: 1 }]);
});

it('cancel refunds once: ten concurrent cancels, one 200, nine 409, one refund, usage back to zero', async () => {
  edge = await startEdge();
  const s = await createSite(edge, 'site_abc', { credits: 100 });
  const job = (await (await edge.request('POST', '/v1/jobs', { key: s.key, body: { type: 'echo', input: { items: 12 } } })).json()).job.id;
  const responses = await Promise.all(Array.from({ length: 10 }, () => edge!.request('POST', `/v1/jobs/${job}/cancel`, { key: s.key })));
  const statuses = responses.map((r) => r.status).sort();
  await Promise.all(responses.map((r) => r.body?.cancel()));
  expect(statuses).toEqual([200, ...Array(9).fill(409)]);
  expect(await edge.query(`SELECT kind, amount FROM ledger_entries ORDER BY id`)).toEqual([
    { kind: 'charge', amount: 12 },
    { kind: 'refund', amount: -12 },
  ]);
  expect(await edge.query(`SELECT used FROM usage`)).toEqual([{ used: 0 }]);
  expect(await edge.query(`SELECT status, items_cancelled FROM jobs`)).toEqual([{ status: 'cancelled', items_cancelled: 12 }]);

  // Nothing is left for the cron, and another tenant cannot cancel what is not theirs.
  await edge.cron();
  const other = await createSite(edge, 'site_other', { credits: 10 });
  const theirs = (await (await edge.request('POST', '/v1/jobs', { key: other.key, body: { type: 'echo', input: { items: 1 } } })).json()).job.id;
  expect((await edge.request('POST', `/v1/jobs/${theirs}/cancel`, { key: s.key })).status).toBe(404);
  expect(await edge.query(`SELECT status FROM jobs WHERE id = ?`, theirs)).toEqual([{ status: 'pending' }]);
});
