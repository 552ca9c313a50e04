/**
 * The main flow through `tollgate/client`, typed end to end: an admin creates a tenant and its key;
 * the tenant admits a job (safely retried with an Idempotency-Key), reads it back and its usage.
 *
 *   TOLLGATE_URL=http://127.0.0.1:8787 TOLLGATE_ADMIN_KEY=… npx tsx main.ts
 */
import { createTollgateClient } from 'tollgate/client';

const baseUrl = process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8787';
const admin = createTollgateClient({ baseUrl, key: process.env.TOLLGATE_ADMIN_KEY ?? '' });

const created = await admin.POST('/v1/tenants', { body: { name: 'Typed client example', limits: { credits: 100 } } });
if (!created.data) throw new Error(`creating the tenant: ${created.response.status} ${created.error?.detail}`);
const tenantId: string = created.data.id;
console.log(`tenant ${tenantId} at ${created.response.headers.get('location')}`);

const key = await admin.POST('/v1/tenants/{id}/keys', { params: { path: { id: tenantId } }, body: { role: 'tenant' } });
if (!key.data) throw new Error(`creating the key: ${key.error?.detail}`);
const tenant = createTollgateClient({ baseUrl, key: key.data.key });

const admit = () =>
  tenant.POST('/v1/jobs', {
    params: { header: { 'idempotency-key': '"example order 1"' } },
    body: { type: 'echo', input: { items: 3 } },
  });
const first = await admit();
const again = await admit();
if (!first.data || !again.data) throw new Error(`admitting: ${(first.error ?? again.error)?.code}`);
const job = first.data.job;
console.log(`admitted ${job.id} (${job.type}, ${job.items_total} items, cost ${job.cost}); replayed: ${again.response.headers.get('idempotent-replayed')} ${again.data.job.id === job.id}`);

const read = await tenant.GET('/v1/jobs/{id}', { params: { path: { id: job.id } } });
if (!read.data) throw new Error(`reading the job: ${read.error?.code}`);
console.log(`status ${read.data.status}, ${read.data.progress.percent}% done`);

const usage = await tenant.GET('/v1/usage');
const credits = usage.data?.meters.find((m) => m.name === 'credits');
console.log(`credits used ${credits?.used} of ${credits?.limit}`);

const missing = await tenant.GET('/v1/jobs/{id}', { params: { path: { id: 'job_nope' } } });
console.log(`a missing job: ${missing.response.status} ${missing.error?.code}`);
