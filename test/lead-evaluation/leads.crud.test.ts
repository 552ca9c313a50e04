import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { createLead, getJson, ISO, site, USER, verifyAndClose } from './support.js';

const FULL = {
  name: 'Grace Renter',
  email: 'grace@example.com',
  phone: '+44 20 7946 0000',
  move_in_date: '2030-02-01',
  monthly_income: 5250.5,
  desired_rent: 1800,
  household_size: 3,
  desired_bedrooms: 2,
  employment_status: 'self_employed',
  has_pets: true,
  pets: 'a cat',
  notes: 'Prefers a ground floor',
  status: 'contacted',
};

const LEAD_KEYS = [
  'created_at',
  'created_by',
  'desired_bedrooms',
  'desired_rent',
  'email',
  'employment_status',
  'has_pets',
  'household_size',
  'id',
  'latest_evaluation',
  'monthly_income',
  'move_in_date',
  'name',
  'notes',
  'pets',
  'phone',
  'site_id',
  'status',
  'updated_at',
];

describe.each(DIALECTS)('leads API (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => verifyAndClose(h));

  it('creates, reads and patches a lead in the seed envelope', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant({ id: 'site_abc' });

    const response = await h.request('POST', '/api/ops/leads', { key: t.key, headers: site(t.id), body: FULL });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(Object.keys(created).sort()).toEqual(['data', 'success']);
    expect(Object.keys(created.data).sort()).toEqual(LEAD_KEYS);
    expect(created.data).toStrictEqual({
      ...FULL,
      id: expect.stringMatching(/^lead_[0-9A-Za-z]{16}$/),
      site_id: 'site_abc',
      created_by: USER,
      created_at: ISO,
      updated_at: ISO,
      latest_evaluation: null,
    });
    expect(response.headers.get('location')).toBe(`/api/ops/leads/${created.data.id}`);

    expect(await getJson(h, t, `/api/ops/leads/${created.data.id}`)).toStrictEqual({ status: 200, body: created });

    const patched = await h.request('PATCH', `/api/ops/leads/${created.data.id}`, {
      key: t.key,
      headers: site(t.id),
      body: { status: 'qualified', has_pets: null, pets: null, monthly_income: 6000 },
    });
    expect(patched.status).toBe(200);
    const after = (await patched.json()).data;
    expect(after).toStrictEqual({ ...created.data, status: 'qualified', has_pets: null, pets: null, monthly_income: 6000, updated_at: ISO });
    expect((await getJson(h, t, `/api/ops/leads/${created.data.id}`)).body.data).toStrictEqual(after);
  });

  it('defaults what is not given: null fields, status new; an import may keep its own id once', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const lead = await createLead(h, t, { id: 'lead_123', name: 'Only a name' });
    expect(lead).toMatchObject({ id: 'lead_123', status: 'new', email: null, has_pets: null, monthly_income: null, move_in_date: null });

    const again = await h.request('POST', '/api/ops/leads', { key: t.key, headers: site(t.id), body: { id: 'lead_123', name: 'Twice' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ success: false, error: 'LeadAlreadyExists' });
    // Lead ids are per site: another site may use the same one, and learns nothing about the first.
    const other = await h.tenant();
    expect((await createLead(h, other, { id: 'lead_123', name: 'Elsewhere' })).site_id).toBe(other.id);
    expect((await getJson(h, t, '/api/ops/leads/lead_123')).body.data.name).toBe('Only a name');
  });

  it('rejects invalid leads with a ValidationError listing every field', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const post = (body: unknown) => h.request('POST', '/api/ops/leads', { key: t.key, headers: site(t.id), body });

    const invalid = await post({
      name: '',
      move_in_date: '2025-02-30',
      monthly_income: -1,
      household_size: 0,
      desired_bedrooms: 1.5,
      employment_status: 'astronaut',
      has_pets: 'yes',
      status: 'hot',
      id: 'not-a-lead-id',
      surname: 'unknown field',
    });
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'errors', 'message', 'success']);
    expect(body).toMatchObject({ success: false, error: 'ValidationError', message: expect.any(String) });
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['(body)', 'desired_bedrooms', 'employment_status', 'has_pets', 'household_size', 'id', 'monthly_income', 'move_in_date', 'name', 'status'].sort(),
    );
    for (const e of body.errors) expect(Object.keys(e).sort()).toEqual(['message', 'path']);

    for (const bad of [undefined, '{oops', [], 'null']) {
      const response = await post(bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false, error: 'ValidationError', errors: [expect.objectContaining({ path: '(body)' })] });
    }

    const lead = await createLead(h, t);
    const patch = (body: unknown) => h.request('PATCH', `/api/ops/leads/${lead.id}`, { key: t.key, headers: site(t.id), body });
    expect(await (await patch({})).json()).toMatchObject({ error: 'ValidationError' });
    expect(await (await patch({ name: null })).json()).toMatchObject({ error: 'ValidationError', errors: [{ path: 'name' }] });
    expect(await (await patch({ id: 'lead_other' })).json()).toMatchObject({ error: 'ValidationError' });
    const empty = await h.tollgate.deps.store.db.selectFrom('jobs').select('id').execute();
    expect(empty).toHaveLength(0);
  });

  it('pages newest first with a cursor, filters by status, and keeps sites apart', async () => {
    const clock = fixedClock('2026-03-01T12:00:00Z');
    h = await createHarness(dialect, { clock });
    const t = await h.tenant();
    const other = await h.tenant();
    await createLead(h, other, { name: 'Not yours' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createLead(h, t, { name: `Lead ${i}`, status: i % 3 === 0 ? 'archived' : 'new' })).id);
      clock.advance(i === 3 ? 0 : 1000); // leads 3 and 4 share a timestamp
    }
    // Newest first; the tie is broken by id, also descending.
    const expected = [...ids].reverse();
    if (ids[3]! > ids[4]!) [expected[2], expected[3]] = [expected[3]!, expected[2]!];

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const { status, body } = await getJson(h, t, `/api/ops/leads?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['data', 'next_cursor', 'success']);
      seen.push(...body.data.map((l: { id: string }) => l.id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(expected);

    const archived = await getJson(h, t, '/api/ops/leads?status=archived');
    expect(archived.body.data.map((l: { name: string }) => l.name)).toEqual(['Lead 6', 'Lead 3', 'Lead 0']);
    expect(archived.body.next_cursor).toBeNull();
    expect((await getJson(h, t, '/api/ops/leads?status=')).body.data).toHaveLength(7);

    for (const query of ['status=hot', 'limit=0', 'limit=101', 'cursor=bogus']) {
      const { status, body } = await getJson(h, t, `/api/ops/leads?${query}`);
      expect([status, body.error]).toEqual([400, 'ValidationError']);
    }
  });

  it('answers missing headers with 400, another site with 404, and lets an admin key act for a site', async () => {
    h = await createHarness(dialect);
    const t = await h.tenant();
    const other = await h.tenant();
    const lead = await createLead(h, t);
    const missing = { success: false, error: 'Missing required headers' };
    for (const [method, path] of [['GET', '/api/ops/leads'], ['POST', '/api/ops/leads'], ['GET', `/api/ops/leads/${lead.id}`], ['PATCH', `/api/ops/leads/${lead.id}`]] as const) {
      const response = await h.request(method, path, { key: t.key, headers: { 'X-Site-Id': t.id }, ...(method === 'GET' ? {} : { body: { name: 'x' } }) });
      expect([response.status, await response.json()]).toStrictEqual([400, missing]);
    }

    const notFound = { success: false, error: 'LeadNotFound', message: 'Lead not found or access denied' };
    const viaOtherSite = await h.request('GET', `/api/ops/leads/${lead.id}`, { key: t.key, headers: site(other.id) });
    expect([viaOtherSite.status, await viaOtherSite.json()]).toStrictEqual([404, notFound]);
    const otherKey = await h.request('GET', `/api/ops/leads/${lead.id}`, { key: other.key, headers: site(other.id) });
    expect([otherKey.status, await otherKey.json()]).toStrictEqual([404, notFound]);
    const patchOther = await h.request('PATCH', `/api/ops/leads/${lead.id}`, { key: other.key, headers: site(other.id), body: { name: 'Mine now' } });
    expect([patchOther.status, await patchOther.json()]).toStrictEqual([404, notFound]);
    const listOther = await h.request('GET', '/api/ops/leads', { key: t.key, headers: site(other.id) });
    expect([listOther.status, (await listOther.json()).error]).toEqual([404, 'SiteNotFound']);
    const createOther = await h.request('POST', '/api/ops/leads', { key: t.key, headers: site(other.id), body: { name: 'x' } });
    expect(createOther.status).toBe(404);

    const asAdmin = await h.request('GET', '/api/ops/leads', { key: ADMIN_KEY, headers: site(t.id) });
    expect((await asAdmin.json()).data.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    const unauthorized = await h.request('GET', '/api/ops/leads', { key: 'test-token', headers: site(t.id) });
    expect(unauthorized.status).toBe(401);
    expect((await getJson(h, t, `/api/ops/leads/${lead.id}`)).body.data.name).toBe(lead.name);
  });
});
