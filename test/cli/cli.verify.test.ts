import { afterEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/period.js';
import { postEcho } from '../support/admission.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { databaseEnv, runTollgate } from '../support/server.js';

describe.each(DIALECTS)('tollgate verify (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  it('exits 0 on a clean database, and non-zero naming the tenant, meter and period once a counter drifts', async () => {
    h = await createHarness(dialect);
    const honest = await h.tenant({ id: 'honest-shop', limits: { credits: 10 } });
    const drifting = await h.tenant({ id: 'drifting-shop', limits: { credits: 10 } });
    for (const tenant of [honest, drifting]) expect((await postEcho(h, tenant.key, { items: 3 })).status).toBe(201);
    const { job } = await (await postEcho(h, drifting.key, { items: 2 })).json();
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: drifting.key })).status).toBe(200);

    const [clean, cleanJson] = await Promise.all([runTollgate(['verify'], databaseEnv(h)), runTollgate(['verify', '--json'], databaseEnv(h))]);
    expect(clean).toMatchObject({ code: 0, stderr: '', stdout: 'OK: every usage counter equals its ledger, every job has its charge, and every delivered result was paid for.\n' });
    expect(JSON.parse(cleanJson.stdout)).toMatchObject({ ok: true, drift: [] });

    // Someone edits a counter behind the ledger's back.
    await h.tollgate.deps.store.db
      .updateTable('usage')
      .set((eb) => ({ used: eb('used', '+', 4) }))
      .where('tenant_id', '=', drifting.id)
      .where('meter', '=', 'credits')
      .execute();

    const [drift, text] = await Promise.all([runTollgate(['verify', '--json'], databaseEnv(h)), runTollgate(['verify'], databaseEnv(h))]);
    expect(drift.code).toBe(1);
    expect(text.code).toBe(1);
    const period = periodOf(h.clock.now());
    expect(text.stdout).toMatch(new RegExp(`^drifting-shop +credits +${period} +7 +3$`, 'm'));
    expect(text.stdout).not.toContain('honest-shop');
    expect(drift.stdout).not.toContain('honest-shop');
    expect(JSON.parse(drift.stdout)).toMatchObject({
      ok: false,
      drift: [{ tenant_id: 'drifting-shop', meter: 'credits', period, used: 7, ledger: 3 }],
    });
  });
});
