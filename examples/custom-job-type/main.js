// @ts-check
// Starts Tollgate on SQLite with the summarize type, admits a job over HTTP as a tenant would, and
// waits for it to complete. `npm start`; the root project's `npm test` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTollgate } from 'tollgate';
import { summarize } from './summarize.js';

const ADMIN_KEY = process.env.TOLLGATE_ADMIN_KEY ?? 'tg_example_admin_key_0000000000000';
const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-example-'));

const tollgate = await createTollgate({
  config: { DATABASE_URL: `file:${join(dataDir, 'tollgate.db')}`, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', PORT: '0' },
  jobTypes: [summarize],
  // Only this product's type: no echo, lead_evaluation or catalog_optimization.
  builtInTypes: false,
});
try {
  const base = await tollgate.listen({ port: 0, hostname: '127.0.0.1' });
  tollgate.startWorkers();
  console.log(`Tollgate on ${base} with job types: ${tollgate.deps.registry.names().join(', ')}`);

  /** @param {string} method @param {string} path @param {string} key @param {unknown} [body] */
  const call = async (method, path, key, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };

  // An operator makes a tenant with 10 credits and a key for it.
  await call('POST', '/v1/tenants', ADMIN_KEY, { id: 'acme', name: 'Acme', limits: { credits: 10 } });
  const { key } = await call('POST', '/v1/tenants/acme/keys', ADMIN_KEY, { name: 'acme app' });

  // The product's backend asks for a summary on the tenant's behalf: charged at once, answered at once.
  const { job } = await call('POST', '/v1/jobs', key, {
    type: 'summarize',
    input: {
      batch_id: 'weekly-report-42',
      documents: [
        { title: 'Q3', text: 'Revenue grew 12%. Costs were flat.' },
        { title: 'Hiring', text: 'We hired four engineers. Two more start in May.' },
      ],
    },
  });
  console.log(`Admitted ${job.id}: ${job.items_total} items, ${job.cost} credits`);

  let done = job;
  for (let i = 0; i < 400 && ['pending', 'processing'].includes(done.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    done = await call('GET', `/v1/jobs/${job.id}`, key);
  }
  const items = await call('GET', `/v1/jobs/${job.id}/items`, key);
  const usage = await call('GET', '/v1/usage', key);
  console.log(`Job ${done.status}`);
  for (const item of items.data) console.log(`  ${item.seq}: ${JSON.stringify(item.result)}`);
  const credits = usage.meters.find((/** @type {{ name: string }} */ meter) => meter.name === 'credits');
  console.log(`Credits: ${credits.used} used of ${credits.limit}, ${credits.remaining} left`);
  if (done.status !== 'completed') process.exitCode = 1;
} finally {
  await tollgate.close();
  rmSync(dataDir, { recursive: true, force: true });
}
