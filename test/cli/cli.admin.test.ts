import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { databaseEnv, runTollgate } from '../support/server.js';

describe.each(DIALECTS)('tollgate tenants / keys (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('creates and lists tenants, creates a key that works, and revokes it', async () => {
    h = await createHarness(dialect);
    const env = databaseEnv(h);

    const created = await runTollgate(['tenants', 'create', '--name', 'CLI Shop', '--id', 'cli-shop', '--tier', 'pro'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'cli-shop', name: 'CLI Shop', tier: 'pro' });

    const [listed, key, duplicate] = await Promise.all([
      runTollgate(['tenants', 'list'], env),
      runTollgate(['keys', 'create', '--tenant', 'cli-shop', '--name', 'from the cli'], env),
      runTollgate(['tenants', 'create', '--name', 'Again', '--id', 'cli-shop'], env),
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^cli-shop\tpro\tCLI Shop$/m);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('cli-shop');

    expect(key.code, key.stderr).toBe(0);
    const issued = JSON.parse(key.stdout);
    expect(issued).toMatchObject({ id: expect.stringMatching(/^key_/), role: 'tenant', tenant_id: 'cli-shop', key: expect.stringMatching(/^tg_[0-9A-Za-z]{32}$/) });
    expect(await (await h.request('GET', '/v1/me', { key: issued.key })).json()).toMatchObject({ tenant: { id: 'cli-shop', tier: 'pro' } });
    expect((await h.request('POST', '/v1/jobs', { key: issued.key, body: { type: 'echo', input: {} } })).status).toBe(201);

    const revoked = await runTollgate(['keys', 'revoke', issued.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(issued.id);
    expect((await h.request('GET', '/v1/me', { key: issued.key })).status).toBe(401);
  });
});
