import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

type Command = { kind: 'admit'; items: number; subject: string | undefined } | { kind: 'cancel'; pick: number } | { kind: 'limit'; value: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({
      kind: fc.constant('admit' as const),
      items: fc.integer({ min: 1, max: 5 }),
      subject: fc.option(fc.constantFrom('lead_1', 'lead_2'), { nil: undefined }),
    }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('limit' as const), value: fc.integer({ min: 0, max: 30 }) }), weight: 1 },
);

/**
 * Admission as a user would describe it: a job for a subject that already has an active job is a
 * duplicate; otherwise it fits in what remains or it does not; a cancel refunds once.
 */
interface Model {
  limit: number;
  used: number;
  jobs: { id: string; cost: number; subject: string | undefined; active: boolean }[];
}

describe.each(DIALECTS)('admission against a model (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('answers every admit / cancel / set-limit sequence as the model does, and used always equals the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.array(command, { maxLength: 25 }), async (initialLimit, commands) => {
        // A tenant per run: runs share the database, never a counter.
        const tenant = await h.tenant({ limits: { credits: initialLimit } });
        const model: Model = { limit: initialLimit, used: 0, jobs: [] };

        for (const cmd of commands) {
          if (cmd.kind === 'admit') {
            const input = { items: cmd.items, ...(cmd.subject ? { subject: cmd.subject } : {}) };
            const response = await h.request('POST', '/v1/jobs', { key: tenant.key, body: { type: 'echo', input } });
            const body = await response.json();
            const duplicate = cmd.subject !== undefined ? model.jobs.find((j) => j.active && j.subject === cmd.subject) : undefined;
            const fits = model.used + cmd.items <= model.limit;
            expect(response.status).toBe(duplicate ? 409 : fits ? 201 : 402);
            if (duplicate) {
              expect(body).toMatchObject({ code: 'job_already_active', job_id: duplicate.id });
            } else if (fits) {
              model.used += cmd.items;
              model.jobs.push({ id: body.job.id, cost: cmd.items, subject: cmd.subject, active: true });
              expect(body.meter.used).toBeLessThanOrEqual(model.limit);
            } else {
              expect(body).toMatchObject({ code: 'insufficient_credits', used: model.used, required: cmd.items });
            }
          } else if (cmd.kind === 'cancel') {
            const job = model.jobs[cmd.pick % Math.max(1, model.jobs.length)];
            if (!job) continue;
            const response = await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key });
            expect(response.status).toBe(job.active ? 200 : 409);
            if (job.active) model.used -= job.cost;
            job.active = false;
          } else {
            const response = await h.request('PATCH', `/v1/tenants/${tenant.id}`, { key: ADMIN_KEY, body: { limits: { credits: cmd.value } } });
            expect(response.status).toBe(200);
            model.limit = cmd.value;
          }

          const usage = await (await h.request('GET', '/v1/usage', { key: tenant.key })).json();
          expect(usage.meters.find((m: { name: string }) => m.name === 'credits')).toMatchObject({ used: model.used, limit: model.limit });
          expect(await h.verify()).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 25 },
    );
  });
});
