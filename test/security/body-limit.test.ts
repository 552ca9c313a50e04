import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';

const LIMIT = 2048;
const BULK = 64 * 1024;

/** A JSON body of exactly `bytes` bytes: an echo job with a message of the right length. */
const echoOfSize = (bytes: number) => {
  const shell = JSON.stringify({ type: 'echo', input: { message: '' } });
  return JSON.stringify({ type: 'echo', input: { message: 'x'.repeat(bytes - shell.length) } });
};
const productsOfSize = (bytes: number) => {
  const product = (i: number) => ({ id: `p${i}`, title: 'A product with a long enough title to weigh something', attributes: { color: 'blue' } });
  const list = [];
  while (JSON.stringify({ products: list }).length < bytes) list.push(product(list.length));
  return JSON.stringify({ products: list });
};

/** POST over real HTTP with Transfer-Encoding: chunked (no Content-Length to check up front). */
function chunked(base: string, path: string, key: string, body: string, method = 'POST') {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const url = new URL(path, base);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
    req.end();
  });
}

describe.each(DIALECTS)('request body limits (%s)', (dialect) => {
  let h: Harness;
  let base: string;
  let t: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect, { env: { BODY_LIMIT_BYTES: String(LIMIT), BULK_BODY_LIMIT_BYTES: String(BULK) } });
    base = await h.listen();
    t = await h.tenant({ limits: { credits: 100 } });
  });
  afterAll(() => h?.close());

  it('/v1 takes a body of BODY_LIMIT_BYTES and answers 413 payload_too_large to one byte more, sized or chunked', async () => {
    expect(echoOfSize(LIMIT).length).toBe(LIMIT);
    expect((await h.request('POST', '/v1/jobs', { key: t.key, body: echoOfSize(LIMIT) })).status).toBe(201);
    await expectProblem(await h.request('POST', '/v1/jobs', { key: t.key, body: echoOfSize(LIMIT + 1) }), 413, 'payload_too_large');
    const overHttp = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: echoOfSize(LIMIT * 10) });
    await expectProblem(overHttp, 413, 'payload_too_large');
    const streamed = await chunked(base, '/v1/jobs', t.key, echoOfSize(LIMIT * 10));
    expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    await expectProblem(await h.request('PATCH', `/v1/tenants/${t.id}`, { key: t.key, body: JSON.stringify({ name: 'x'.repeat(LIMIT) }) }), 413, 'payload_too_large');
    // Nothing was admitted by the refused requests.
    const usage = await (await h.request('GET', '/v1/usage', { key: t.key })).json();
    expect(usage.meters.find((m: { name: string }) => m.name === 'credits').used).toBe(1);
  });

  it('closes the connection after a 413 (Connection: close), so that a pooled client\'s next request succeeds', async () => {
    const post = (body: string) => fetch(`${base}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body });
    for (const size of [LIMIT + 1, LIMIT * 10, 8 * 1024 * 1024]) {
      const refused = await post(echoOfSize(size));
      expect(refused.status, `${size}`).toBe(413);
      expect(refused.headers.get('connection')).toBe('close');
      await refused.text();
      // fetch's pool: the next request must not land on the socket the server is closing.
      expect((await post(echoOfSize(100))).status, `after ${size}`).toBe(201);
    }
    // One socket, kept alive: the 413's socket ends, and the agent opens another for what follows.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL('/v1/jobs', base);
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await send(echoOfSize(100))).toBe(201);
      expect(await send(echoOfSize(LIMIT * 4))).toBe(413);
      expect(await send(echoOfSize(100))).toBe(201);
    } finally {
      agent.destroy();
    }
  });

  it('/api answers 413 in the seed envelope; the catalog sync (PUT /api/catalog/*) takes up to BULK_BODY_LIMIT_BYTES', async () => {
    const big = JSON.stringify({ sourceScope: 'products', productIds: Array.from({ length: 400 }, (_, i) => `p${i}`), attributes: ['title'], language: 'en' });
    expect(big.length).toBeGreaterThan(LIMIT);
    const refused = await h.request('POST', '/api/jobs', { key: t.key, body: big });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: expect.any(String), code: 'PAYLOAD_TOO_LARGE' });

    const bulk = productsOfSize(BULK / 2);
    expect(bulk.length).toBeGreaterThan(LIMIT * 10);
    const synced = await h.request('PUT', '/api/catalog/products', { key: t.key, body: bulk });
    expect(synced.status).toBe(200);
    const streamed = await chunked(base, '/api/catalog/products', t.key, bulk, 'PUT');
    expect(streamed.status).toBe(200);
    const tooBig = await h.request('PUT', '/api/catalog/products', { key: t.key, body: productsOfSize(BULK + 1000) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // The bulk allowance is the catalog sync's only: a POST elsewhere under /api/catalog is not one.
    expect((await h.request('POST', '/api/catalog/products', { key: t.key, body: bulk })).status).toBe(413);
  });
});
