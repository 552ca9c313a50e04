import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { getJson, products, putCollections, putProducts, verifyAndClose } from './support.js';

describe.each(DIALECTS)('catalog (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    const current = h;
    h = undefined as never;
    await verifyAndClose(current);
  });

  it('upserts 10,000 products in one request and pages through them', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const list = Array.from({ length: 10_000 }, (_, i) => ({
      id: `sku-${String(i).padStart(5, '0')}`,
      title: `Product ${i}`,
      description: i % 2 ? null : `Description ${i}`,
      attributes: { color: 'red', size: String(i % 5) },
      collectionIds: [`c${i % 3}`],
    }));
    const started = performance.now();
    expect(await putProducts(h, t.key, list)).toEqual({ upserted: 10_000 });
    expect(performance.now() - started).toBeLessThan(10_000);

    let cursor: string | null = null;
    const seen: string[] = [];
    do {
      const page: { status: number; body: any } = await getJson(h, t.key, `/api/catalog/products?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 1000);
    expect(seen.slice(0, 3)).toEqual(['sku-00000', 'sku-00001', 'sku-00002']);
    expect(new Set(seen).size).toBe(1000);

    // A second upsert replaces the products it names and leaves the rest.
    expect(await putProducts(h, t.key, [{ id: 'sku-00001', title: 'Renamed', attributes: { color: 'green' } }])).toEqual({ upserted: 1 });
    const { body } = await getJson(h, t.key, '/api/catalog/products?limit=2');
    expect(body.data).toEqual([
      { id: 'sku-00000', title: 'Product 0', description: 'Description 0', attributes: { color: 'red', size: '0' }, collectionIds: ['c0'], updatedAt: expect.any(String) },
      // collectionIds left out: memberships stay.
      { id: 'sku-00001', title: 'Renamed', description: null, attributes: { color: 'green' }, collectionIds: ['c1'], updatedAt: expect.any(String) },
    ]);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('searches title and description case-insensitively, beyond ASCII, with LIKE characters taken literally', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    await putProducts(h, t.key, [
      { id: 'a', title: 'Linen Shirt', description: 'Breathable' },
      { id: 'b', title: 'Wool scarf', description: 'Soft LINEN blend' },
      { id: 'c', title: 'ÄRMEL-Pulli', description: null },
      { id: 'd', title: '100% cotton tee', description: 'under_score' },
      { id: 'e', title: 'Canvas bag' },
    ]);
    const search = async (q: string) => (await getJson(h, t.key, `/api/catalog/products?search=${encodeURIComponent(q)}`)).body.data.map((p: { id: string }) => p.id);
    expect(await search('linen')).toEqual(['a', 'b']);
    expect(await search('ärmel')).toEqual(['c']);
    expect(await search('%')).toEqual(['d']);
    expect(await search('_')).toEqual(['d']);
    expect(await search('')).toEqual(['a', 'b', 'c', 'd', 'e']);
    const paged = await getJson(h, t.key, '/api/catalog/products?search=a&limit=2');
    expect(paged.body.data.map((p: { id: string }) => p.id)).toEqual(['a', 'b']);
    const next = await getJson(h, t.key, `/api/catalog/products?search=a&limit=2&cursor=${paged.body.nextCursor}`);
    expect(next.body.data.map((p: { id: string }) => p.id)).toEqual(['e']);
    expect(next.body.nextCursor).toBeNull();
  });

  it('keeps collection membership in one place whichever side sends it', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    await putProducts(h, t.key, [...products(3), { id: 'p4', title: 'Hat', collectionIds: ['summer'] }]);
    expect(await putCollections(h, t.key, [{ id: 'summer', title: 'Summer', productIds: ['p1', 'p2', 'ghost'] }, { id: 'all', title: 'All', productIds: ['p1', 'p2', 'p3'] }])).toEqual({ upserted: 2 });
    expect((await getJson(h, t.key, '/api/catalog/collections')).body).toEqual({
      data: [
        { id: 'all', title: 'All', productCount: 3 },
        // 'ghost' is not a product (yet); p4's own membership was replaced by the collection's list.
        { id: 'summer', title: 'Summer', productCount: 2 },
      ],
    });
    await putProducts(h, t.key, [{ id: 'p1', title: 'linen shirt 1', collectionIds: [] }, { id: 'ghost', title: 'Now synced' }]);
    expect((await getJson(h, t.key, '/api/catalog/collections')).body.data).toEqual([
      { id: 'all', title: 'All', productCount: 2 },
      { id: 'summer', title: 'Summer', productCount: 2 },
    ]);
    const listed = (await getJson(h, t.key, '/api/catalog/products')).body.data;
    expect(Object.fromEntries(listed.map((p: any) => [p.id, p.collectionIds]))).toEqual({ ghost: ['summer'], p1: [], p2: ['all', 'summer'], p3: ['all'], p4: [] });
  });

  it('keeps each instance to its own catalog; an admin key acts for one with X-Tenant-Id', async () => {
    h = await createHarness(dialect);
    const a = await h.tenant();
    const b = await h.tenant();
    await putProducts(h, a.key, products(2));
    await putCollections(h, a.key, [{ id: 'c1', title: 'Mine', productIds: ['p1'] }]);
    expect((await getJson(h, b.key, '/api/catalog/products')).body.data).toEqual([]);
    expect((await getJson(h, b.key, '/api/catalog/collections')).body.data).toEqual([]);
    // The same ids in another instance are other products.
    await putProducts(h, b.key, [{ id: 'p1', title: 'Theirs' }]);
    expect((await getJson(h, a.key, '/api/catalog/products')).body.data.map((p: any) => p.title)).toEqual(['linen shirt 1', 'linen shirt 2']);
    // B cannot start a job on A's products or collections.
    const job = await h.request('POST', '/api/jobs', { key: b.key, body: { sourceScope: 'collections', collectionIds: ['c1'], attributes: ['title'], language: 'en' } });
    expect(await job.json()).toMatchObject({ code: 'VALIDATION_ERROR', message: 'Unknown collection ids: c1' });

    const asAdmin = await getJson(h, ADMIN_KEY, '/api/catalog/products', { 'x-tenant-id': b.id });
    expect(asAdmin.body.data.map((p: any) => p.title)).toEqual(['Theirs']);
    const notNamed = await getJson(h, ADMIN_KEY, '/api/catalog/products');
    expect(notNamed).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR', field: 'X-Tenant-Id' } });
    const spoof = await getJson(h, b.key, '/api/catalog/products', { 'x-tenant-id': a.id });
    expect(spoof).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const unauthenticated = await h.request('GET', '/api/catalog/products');
    expect(unauthenticated.status).toBe(401);
  });

  it('rejects malformed catalog bodies with one message naming the field', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const put = async (path: string, body: unknown) => {
      const response = await h.request('PUT', path, { key: t.key, body });
      return { status: response.status, body: await response.json() };
    };
    const cases: [string, unknown, string, string][] = [
      ['/api/catalog/products', {}, 'products must be a list of products', 'products'],
      ['/api/catalog/products', { products: [{ title: 'x' }] }, 'products[0].id must be a non-empty string of at most 255 characters', 'products[0].id'],
      ['/api/catalog/products', { products: [{ id: 'a', title: 'x' }, { id: 'b' }] }, 'products[1].title must be a string of at most 1000 characters', 'products[1].title'],
      ['/api/catalog/products', { products: [{ id: 'a', title: 'x', attributes: { color: { r: 1 } } }] }, 'products[0].attributes.color must be a string, number or boolean', 'products[0].attributes.color'],
      ['/api/catalog/products', { products: Array.from({ length: 10_001 }, (_, i) => ({ id: `${i}`, title: '' })) }, 'At most 10000 products per request; this one has 10001', 'products'],
      ['/api/catalog/collections', { collections: [{ id: 'c', title: 'C', productIds: 'p1' }] }, 'collections[0].productIds must be a list of product ids (non-empty strings of at most 255 characters)', 'collections[0].productIds'],
    ];
    for (const [path, body, message, field] of cases) {
      expect(await put(path, body)).toEqual({ status: 400, body: { error: 'Validation failed', code: 'VALIDATION_ERROR', message, field } });
    }
    expect(await put('/api/catalog/products', '{nope')).toEqual({ status: 400, body: { error: 'Validation failed', code: 'VALIDATION_ERROR', message: 'Request body must be valid JSON' } });
    expect((await getJson(h, t.key, '/api/catalog/products?limit=0')).body).toMatchObject({ message: 'limit must be an integer between 1 and 200', field: 'limit' });
    expect((await getJson(h, t.key, '/api/catalog/products?cursor=garbage')).body).toMatchObject({ code: 'VALIDATION_ERROR', field: 'cursor' });
    // Numbers and booleans are kept as text; null drops the attribute; the last of two entries with one id wins.
    await put('/api/catalog/products', { products: [{ id: 'a', title: 'first' }, { id: 'a', title: 'second', attributes: { weight: 2, organic: true, color: null } }] });
    expect((await getJson(h, t.key, '/api/catalog/products')).body.data).toMatchObject([{ id: 'a', title: 'second', attributes: { weight: '2', organic: 'true' } }]);
  });
});
