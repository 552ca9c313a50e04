import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { postJob, products, putCollections, putProducts } from './support.js';

describe.each(DIALECTS)('POST /api/jobs validation (%s)', (dialect) => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    ({ key } = await h.tenant({ limits: { credits: 100 } }));
    await putProducts(h, key, products(3));
    await putCollections(h, key, [{ id: 'c1', title: 'Summer', productIds: ['p1'] }, { id: 'empty', title: 'Nothing yet' }]);
  });
  afterEach(async () => expect((await h.verify()).ok).toBe(true));
  afterAll(() => h?.close());

  const valid = { sourceScope: 'products', productIds: ['p1'], attributes: ['title'], language: 'en' };
  const cases: [string, unknown, string, string | undefined][] = [
    ['no attributes at all', {}, 'At least one attribute must be selected', 'attributes'],
    ['an empty attribute list', { ...valid, attributes: [] }, 'At least one attribute must be selected', 'attributes'],
    ['attributes that are not a list', { ...valid, attributes: 'title' }, 'attributes must be a list of attribute names', 'attributes'],
    [
      'an unknown attribute',
      { ...valid, attributes: ['title', 'foo'] },
      'Unknown attribute "foo". Allowed: title, description, seo_title, seo_description, tags, alt_text',
      'attributes',
    ],
    ['no sourceScope', { ...valid, sourceScope: undefined }, 'sourceScope must be "products" or "collections"', 'sourceScope'],
    ['another sourceScope', { ...valid, sourceScope: 'catalog' }, 'sourceScope must be "products" or "collections"', 'sourceScope'],
    ['no products', { ...valid, productIds: undefined }, 'At least one product must be selected', 'productIds'],
    ['an empty product list', { ...valid, productIds: [] }, 'At least one product must be selected', 'productIds'],
    ['no collections', { ...valid, sourceScope: 'collections', collectionIds: [] }, 'At least one collection must be selected', 'collectionIds'],
    [
      'product ids that are not strings',
      { ...valid, productIds: [1, 2] },
      'productIds must be a list of product ids (non-empty strings of at most 255 characters)',
      'productIds',
    ],
    ['no language', { ...valid, language: undefined }, 'language must be a BCP-47 tag such as "en" or "de-CH"', 'language'],
    ['a language that is no tag', { ...valid, language: 'English please' }, 'language must be a BCP-47 tag such as "en" or "de-CH"', 'language'],
    ['a prompt that is not text', { ...valid, prompt: 42 }, 'prompt must be a string', 'prompt'],
    ['a prompt over 2000 characters', { ...valid, prompt: 'x'.repeat(2001) }, 'prompt must be at most 2000 characters', 'prompt'],
    ['unknown product ids', { ...valid, productIds: ['p1', 'nope1', 'p2', 'nope2'] }, 'Unknown product ids: nope1, nope2', 'productIds'],
    ['unknown collection ids', { ...valid, sourceScope: 'collections', collectionIds: ['c1', 'c9'] }, 'Unknown collection ids: c9', 'collectionIds'],
    ['collections without products', { ...valid, sourceScope: 'collections', collectionIds: ['empty'] }, 'The selected collections contain no products', 'collectionIds'],
    ['a body that is not an object', [1, 2], 'Request body must be a JSON object', undefined],
  ];

  it.each(cases)('answers 400 VALIDATION_ERROR for %s', async (_, body, message, field) => {
    const response = await postJob(h, key, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Validation failed', code: 'VALIDATION_ERROR', message, ...(field ? { field } : {}) });
  });

  it('answers a body that is not JSON in the same envelope', async () => {
    for (const body of ['{"attributes": [', 'not json', '']) {
      const response = await postJob(h, key, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'Validation failed', code: 'VALIDATION_ERROR', message: 'Request body must be valid JSON' });
    }
  });

  it('names at most 20 unknown ids and counts the rest', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `x${i}`);
    const response = await postJob(h, key, { ...valid, productIds: ids });
    expect((await response.json()).message).toBe(`Unknown product ids: ${ids.slice(0, 20).join(', ')} and 5 more`);
  });

  it('charges nothing and stores no job for a refused request', async () => {
    const credits = await (await h.request('GET', '/api/credits', { key })).json();
    expect(credits).toMatchObject({ creditsTotal: 100, creditsUsed: 0, remaining: 100 });
    expect((await (await h.request('GET', '/api/jobs', { key })).json()).jobs).toEqual([]);
    expect((await h.verify()).ok).toBe(true);
  });
});
