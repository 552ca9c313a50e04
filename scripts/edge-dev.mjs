// `npm run edge:dev`: the Worker in workerd (`wrangler dev --local`) on PORT (default 8787), with a
// local D1 kept under .wrangler/, migrated from migrations/d1 first. TOLLGATE_ADMIN_KEY and the other
// variables of README's Configuration are passed through as the Worker's variables. The Cron Trigger
// does not fire by itself locally: `curl localhost:8787/__scheduled` runs it once (--test-scheduled).
import { spawn, spawnSync } from 'node:child_process';

const wrangler = new URL('../node_modules/.bin/wrangler', import.meta.url).pathname;
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1' };
// EDGE_PERSIST_TO: keep the local D1 there instead of .wrangler/ (the benchmark starts from an empty one).
const persist = process.env.EDGE_PERSIST_TO ? ['--persist-to', process.env.EDGE_PERSIST_TO] : [];
const migrated = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'tollgate', '--local', ...persist], { stdio: 'inherit', env });
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

const passed = ['TOLLGATE_ADMIN_KEY', 'LOG_LEVEL', 'TOLLGATE_TIERS', 'TOLLGATE_METERS', 'WORKER_BATCH_SIZE', 'WORKER_LEASE_MS', 'TENANT_MAX_CONCURRENCY', 'KEY_CACHE_MS', 'DEMO_SEED'];
const vars = passed.filter((name) => process.env[name]).flatMap((name) => ['--var', `${name}:${process.env[name]}`]);
const args = ['dev', '--local', '--port', process.env.PORT ?? '8787', '--ip', process.env.HOST ?? '127.0.0.1', '--test-scheduled', ...persist, ...vars];
const dev = spawn(wrangler, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));
