import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { CSP, DOCS_SECURE_HEADERS, everyRequest, SECURE_HEADERS } from './every-request.js';

/** The headers Hono's secureHeaders sets with the options the app used before it wrote them out. */
async function honoSecureHeaders(contentSecurityPolicy: typeof CSP): Promise<[string, string][]> {
  const app = new Hono();
  app.use(secureHeaders({ xFrameOptions: 'DENY', referrerPolicy: 'no-referrer', crossOriginEmbedderPolicy: false, contentSecurityPolicy }));
  app.get('/', (c) => c.body(null, 204));
  return [...(await app.request('/')).headers];
}

const sorted = (headers: [string, string][]) => [...headers].sort(([a], [b]) => a.localeCompare(b));

describe('every request', () => {
  it('sends exactly the security headers of Hono secureHeaders, strict and for /docs', async () => {
    expect(sorted(SECURE_HEADERS)).toEqual(sorted(await honoSecureHeaders(CSP)));
    expect(sorted(DOCS_SECURE_HEADERS)).toEqual(sorted(await honoSecureHeaders({ ...CSP, styleSrc: ["'self'", "'unsafe-inline'"] })));
  });

  it("keeps a client's sane X-Request-Id and replaces anything else", async () => {
    const app = new Hono<{ Variables: { requestId: string } }>();
    app.use(everyRequest());
    app.get('/', (c) => c.text(c.get('requestId')));
    const idOf = async (sent?: string) => {
      const response = await app.request('/', { headers: sent === undefined ? {} : { 'x-request-id': sent } });
      const body = await response.text();
      expect(response.headers.get('x-request-id')).toBe(body);
      return body;
    };
    expect(await idOf('trace-1=a_b')).toBe('trace-1=a_b');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(256), 'semi;colon']) expect(await idOf(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
