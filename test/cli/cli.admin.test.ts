import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { databaseEnv, runTollgate } from '../support/server.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(DIALECTS)('tollgate tenants / keys (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('says when there are no tenants or keys yet, and how to make one', async () => {
    h = await createHarness(dialect);
    const env = databaseEnv(h);
    const [tenants, keys, tenantsJson] = await Promise.all([
      runTollgate(['tenants', 'list'], env),
      runTollgate(['keys', 'list'], env),
      runTollgate(['tenants', 'list', '--json'], env),
    ]);
    expect(tenants).toMatchObject({ code: 0, stderr: '', stdout: 'No tenants yet. Create one with: tollgate tenants create --name "Acme Inc"\n' });
    expect(keys).toMatchObject({ code: 0, stderr: '', stdout: 'No keys yet. Create one with: tollgate keys create --tenant ID (or --admin)\n' });
    expect(JSON.parse(tenantsJson.stdout)).toEqual({ data: [] });
  });

  it('creates and lists tenants as text or as the API JSON, and says why one cannot be created', async () => {
    h = await createHarness(dialect);
    const env = databaseEnv(h);

    const created = await runTollgate(['tenants', 'create', '--name', 'CLI Shop', '--id', 'cli-shop', '--tier', 'pro'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe(
      'Created tenant cli-shop ("CLI Shop") on tier pro; limits: credits 10000, lead_evaluations 1000.\nGive it a key with: tollgate keys create --tenant cli-shop\n',
    );

    const [json, listed, listedJson, duplicate, badTier] = await Promise.all([
      runTollgate(['tenants', 'create', '--name', 'Second', '--id', 'second', '--json'], env),
      runTollgate(['tenants', 'list'], env),
      runTollgate(['tenants', 'list', '--json'], env),
      runTollgate(['tenants', 'create', '--name', 'Again', '--id', 'cli-shop'], env),
      runTollgate(['tenants', 'create', '--name', 'Gold', '--tier', 'gold'], env),
    ]);
    // The API's shape: ISO times, limits parsed.
    expect(JSON.parse(json.stdout)).toEqual({ id: 'second', name: 'Second', tier: 'free', limits: {}, max_concurrency: null, created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ID +NAME +TIER +CREATED +LIMITS$/m);
    expect(listed.stdout).toMatch(/^cli-shop +CLI Shop +pro +\d{4}-\d\d-\d\d \d\d:\d\d UTC +credits 10000, lead_evaluations 1000$/m);
    const data = JSON.parse(listedJson.stdout).data as { id: string; created_at: string; limits: unknown }[];
    expect(data.map((t) => t.id).filter((id) => id !== 'second')).toEqual(['cli-shop']);
    expect(data[0]).toMatchObject({ created_at: expect.stringMatching(ISO), limits: {} });
    expect(duplicate).toMatchObject({ code: 1, stdout: '', stderr: 'Tenant "cli-shop" already exists.\n' });
    expect(badTier.code).toBe(2);
    expect(badTier.stderr).toContain('Invalid --tier: must be one of: free, pro.');
  });

  it('creates a tenant key and an admin key that work, lists them, and revokes one', async () => {
    h = await createHarness(dialect);
    const env = databaseEnv(h);
    expect((await h.request('POST', '/v1/tenants', { key: ADMIN_KEY, body: { id: 'cli-shop', name: 'CLI Shop', tier: 'pro' } })).status).toBe(201);

    const [key, admin, noTenant] = await Promise.all([
      runTollgate(['keys', 'create', '--tenant', 'cli-shop', '--name', 'from the cli'], env),
      runTollgate(['keys', 'create', '--admin', '--name', 'ops', '--json'], env),
      runTollgate(['keys', 'create', '--tenant', 'nobody'], env),
    ]);
    expect(noTenant).toMatchObject({ code: 1, stdout: '', stderr: 'No tenant "nobody". See the tenants with: tollgate tenants list\n' });
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout).toMatch(/^Created key key_\S+ \("from the cli"\) for tenant cli-shop\.$/m);
    const secret = /^ {2}(tg_[0-9A-Za-z]{32})$/m.exec(key.stdout)?.[1];
    expect(await (await h.request('GET', '/v1/me', { key: secret })).json()).toMatchObject({ tenant: { id: 'cli-shop', tier: 'pro' } });
    expect((await h.request('POST', '/v1/jobs', { key: secret, body: { type: 'echo', input: {} } })).status).toBe(201);

    const issued = JSON.parse(admin.stdout);
    expect(issued).toEqual({
      id: expect.stringMatching(/^key_/),
      tenant_id: null,
      prefix: issued.key.slice(0, 9),
      role: 'admin',
      name: 'ops',
      created_at: expect.stringMatching(ISO),
      last_used_at: null,
      revoked_at: null,
      job_types: null,
      limits: {},
      key: expect.stringMatching(/^tg_[0-9A-Za-z]{32}$/),
    });
    expect((await h.request('GET', '/v1/tenants', { key: issued.key })).status).toBe(200);

    const [all, mine] = await Promise.all([runTollgate(['keys', 'list'], env), runTollgate(['keys', 'list', '--tenant', 'cli-shop', '--json'], env)]);
    expect(all.stdout).toMatch(/^ID +PREFIX +ROLE +TENANT +NAME +CREATED +LAST USED +STATUS$/m);
    expect(all.stdout).toMatch(new RegExp(`^${issued.id} +${issued.prefix} +admin +- +ops +.* active$`, 'm'));
    expect(all.stdout).toMatch(/^key_\S+ +tg_\S+ +tenant +cli-shop +from the cli +.* active$/m);
    const keys = JSON.parse(mine.stdout).data as { id: string; tenant_id: string; created_at: string }[];
    expect(keys).toEqual([expect.objectContaining({ tenant_id: 'cli-shop', name: 'from the cli', created_at: expect.stringMatching(ISO) })]);

    const revoked = await runTollgate(['keys', 'revoke', keys[0]!.id, '--json'], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: keys[0]!.id, tenant_id: 'cli-shop', revoked_at: expect.stringMatching(ISO) });
    expect((await h.request('GET', '/v1/me', { key: secret })).status).toBe(401);
  });
});
