import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

/**
 * Hono's SmartRouter takes the first router that accepts every route. One route RegExpRouter cannot
 * take (a capturing group in a parameter's pattern, a pattern beside a static sibling) moves the whole
 * app onto the TrieRouter, which matches each request slower.
 */
describe('routing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(() => h?.close());

  it('every route fits the RegExpRouter', async () => {
    expect((await h.request('GET', '/healthz')).status).toBe(200);
    expect((h.app.router as { name: string }).name).toBe('SmartRouter + RegExpRouter');
    // The merged /docs route still serves both our init.js and Swagger UI's files.
    expect((await h.request('GET', '/docs/init.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await h.request('GET', '/docs/swagger-ui.css')).status).toBe(200);
  });
});
