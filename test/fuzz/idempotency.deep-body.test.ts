import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/admission.js';
import { TollgateError } from '../../src/core/errors.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

// Found by http.fuzz.test.ts: POST /api/jobs fingerprints the raw body for its Idempotency-Key; a
// field nested 10,000 deep parsed fine, then overflowed the stack while being canonicalised: 500.
describe.each(DIALECTS)('an Idempotency-Key with a deeply nested body (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('is refused as invalid (400), admitting and charging nothing', async () => {
    const t = await h.tenant({ limits: { credits: 100 } });
    await h.request('PUT', '/api/catalog/products', { key: t.key, body: { products: [{ id: 'p1', title: 'A shirt', attributes: { color: 'blue' } }] } });
    const body = `{"sourceScope":"products","productIds":["p1"],"attributes":["title"],"language":"en","extra":${deepObject(10_000)}}`;
    const response = await h.request('POST', '/api/jobs', { key: t.key, body, headers: { 'idempotency-key': 'deep-1' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    const usage = await (await h.request('GET', '/v1/usage', { key: t.key })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'credits')).toMatchObject({ used: 0 });
    expect(await h.verify()).toMatchObject({ ok: true });
  });

  it('fingerprint() refuses it with validation_failed rather than a RangeError', () => {
    expect(() => fingerprint('echo', JSON.parse(deepObject(50_000)))).toThrow(TollgateError);
    expect(fingerprint('echo', JSON.parse(deepObject(100)))).toMatch(/^[0-9a-f]{64}$/);
  });
});
