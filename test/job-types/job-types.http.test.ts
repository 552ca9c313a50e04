import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { usedOf } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { declare } from './support.js';

interface Delivery {
  text: string;
  attempt: number;
  at: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The team's endpoint, on loopback: it verifies every request with the `standardwebhooks` package
 * before it looks at it, and answers by the document's text: `ok` succeeds, `flaky` is unavailable
 * once (503, Retry-After: 1), `bad` is a client error, `slow` outlives the timeout on its first attempt.
 */
async function receiver(secrets: () => string[]) {
  const deliveries: Delivery[] = [];
  const unsigned: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const body = await read(req);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let payload: { item: { input: { text: string }; attempt: number; seq: number } };
      try {
        // Every secret in force must verify on its own: a receiver holds only one of them.
        payload = secrets().map((secret) => new Webhook(secret).verify(body, headers))[0] as typeof payload;
      } catch (error) {
        unsigned.push(String(error));
        res.writeHead(401).end();
        return;
      }
      const { text } = payload.item.input;
      deliveries.push({ text, attempt: payload.item.attempt, at: Date.now(), headers, body });
      // Long enough for the others to arrive while this one is in flight: the concurrency cap is visible.
      await new Promise((r) => setTimeout(r, 30));
      if (text === 'flaky' && payload.item.attempt === 1) return void res.writeHead(503, { 'retry-after': '1' }).end('busy');
      if (text === 'bad') return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unsupported document"}');
      if (text === 'slow' && payload.item.attempt === 1) return void setTimeout(() => res.writeHead(200).end('{}'), 3000);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ summary: `short ${text}`, seq: payload.item.seq }));
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/run`,
    deliveries,
    unsigned,
    maxInFlight: () => maxInFlight,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const summarizeOver = (url: string, concurrency: number) => ({
  input_schema: { type: 'object', required: ['documents'], properties: { documents: { type: 'array', items: { type: 'object', required: ['text'] } } } },
  meter: 'credits',
  cost: { per_item: 1 },
  items: { from: '/documents' },
  max_attempts: 3,
  handler: { kind: 'http', url, timeout_ms: 400, concurrency },
});

async function waitForJob(h: Harness, key: string, id: string, done = (s: string) => !['pending', 'processing'].includes(s)) {
  for (let i = 0; i < 600; i++) {
    const job = await (await h.request('GET', `/v1/jobs/${id}`, { key })).json();
    if (done(job.status)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe.each(DIALECTS)('a type run by an HTTP handler (%s)', (dialect) => {
  let h: Harness;
  let endpoint: Awaited<ReturnType<typeof receiver>>;
  afterEach(async () => {
    await endpoint?.close();
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('signs each request; retries 503 after Retry-After and a timeout; fails a 400 for good and refunds it; runs at most `concurrency` at once', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    let secrets: string[] = [];
    endpoint = await receiver(() => secrets);
    const created = await declare(h, 'summarize', summarizeOver(endpoint.url, 2));
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+\/=]{32,}$/);
    secrets = [created.secret];
    // The secret is shown once: reading the type again never returns it.
    expect(await (await h.request('GET', '/v1/job-types/summarize', { key: ADMIN_KEY })).json()).not.toHaveProperty('secret');

    const t = await h.tenant({ limits: { credits: 10 } });
    const documents = ['ok', 'flaky', 'bad', 'slow', 'ok', 'ok'].map((text) => ({ text }));
    const admitted = await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'summarize', input: { documents } } });
    expect(admitted.status).toBe(201);
    const { job } = await admitted.json();
    expect(await usedOf(h, t.id)).toBe(6);
    h.tollgate.startWorkers({ concurrency: 20, retry: { baseMs: 1, capMs: 5 } });

    const finished = await waitForJob(h, t.key, job.id);
    expect(finished).toMatchObject({ status: 'partially_completed', result: { succeeded: 5, failed: 1, cancelled: 0 } });
    // The 400 failed its item for good: one credit refunded, the rest paid for.
    expect(await usedOf(h, t.id)).toBe(5);
    const items = (await (await h.request('GET', `/v1/jobs/${job.id}/items`, { key: t.key })).json()).data;
    expect(items.map((i: any) => [i.status, i.result, i.attempts])).toEqual([
      ['succeeded', { summary: 'short ok', seq: 0 }, 1],
      ['succeeded', { summary: 'short flaky', seq: 1 }, 2],
      ['failed', null, 1],
      ['succeeded', { summary: 'short slow', seq: 3 }, 2],
      ['succeeded', { summary: 'short ok', seq: 4 }, 1],
      ['succeeded', { summary: 'short ok', seq: 5 }, 1],
    ]);
    expect(items[2].error).toMatch(/400/);

    expect(endpoint.unsigned).toEqual([]);
    const flaky = endpoint.deliveries.filter((d) => d.text === 'flaky');
    expect(flaky.map((d) => d.attempt)).toEqual([1, 2]);
    // Retry-After: 1 is honoured although the backoff alone would retry within 5 ms.
    expect(flaky[1]!.at - flaky[0]!.at).toBeGreaterThanOrEqual(950);
    expect(endpoint.deliveries.filter((d) => d.text === 'slow').map((d) => d.attempt)).toEqual([1, 2]);
    expect(endpoint.deliveries.filter((d) => d.text === 'bad')).toHaveLength(1);
    expect(endpoint.maxInFlight()).toBeLessThanOrEqual(2);
    // One id per attempt, so that the endpoint can tell a redelivery of the same attempt.
    const ids = endpoint.deliveries.map((d) => d.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('signs with both secrets while a rotation overlaps, and a changed handler applies to the next claim', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    let secrets: string[] = [];
    endpoint = await receiver(() => secrets);
    const created = await declare(h, 'summarize', summarizeOver(endpoint.url, 4));
    const rotated = await (await h.request('POST', '/v1/job-types/summarize/rotate-secret', { key: ADMIN_KEY })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    // The receiver checks each request against the old and the new secret separately.
    secrets = [created.secret, rotated.secret];

    const t = await h.tenant({ limits: { credits: 10 } });
    h.tollgate.startWorkers({ retry: { baseMs: 1, capMs: 5 } });
    const first = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'summarize', input: { documents: [{ text: 'ok' }] } } })).json();
    expect(await waitForJob(h, t.key, first.job.id)).toMatchObject({ status: 'completed' });
    expect(endpoint.unsigned).toEqual([]);
    expect(endpoint.deliveries[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);

    // Point the type at an address that refuses connections: the next item is retried, never charged twice.
    const replaced = await h.request('PUT', '/v1/job-types/summarize', { key: ADMIN_KEY, body: summarizeOver('http://127.0.0.1:9/run', 4) });
    expect(replaced.status).toBe(200);
    const second = await (await h.request('POST', '/v1/jobs', { key: t.key, body: { type: 'summarize', input: { documents: [{ text: 'ok' }] } } })).json();
    const failed = await waitForJob(h, t.key, second.job.id);
    expect(failed).toMatchObject({ status: 'failed' });
    const [item] = (await (await h.request('GET', `/v1/jobs/${second.job.id}/items`, { key: t.key })).json()).data;
    expect(item).toMatchObject({ status: 'failed', attempts: 3 });
    expect(endpoint.deliveries).toHaveLength(1);
    expect(await usedOf(h, t.id)).toBe(1);
  });
});
