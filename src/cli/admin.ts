import { DEFAULT_DATABASE_URL, type Config } from '../config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { limitFor, meterNames } from '../core/meters.js';
import { createKey, createTenant } from '../core/tenants.js';
import { verify as verifyLedger } from '../core/verify.js';
import { renderKey, renderTenant } from '../http/render.js';
import { builtInModules } from '../job-types/index.js';
import { moduleChecks, moduleMigrations, type JobTypeModule } from '../job-types/module.js';
import { createLogger } from '../logger.js';
import { migrateStore, openStore, type MigrationReport, type Store } from '../store/db.js';
import type { ApiKey, Tenant } from '../store/schema.js';
import { findKey, findTenant, listKeys, listTenants, revokeKey } from '../store/tenants.store.js';
import type { Context } from './commands.js';
import { Failure } from './errors.js';
import { print, printJson, table, when } from './output.js';

interface Deps {
  store: Store;
  config: Config;
  clock: Clock;
  migrations: MigrationReport;
  modules: JobTypeModule[];
}

/** Opens the database, applies pending migrations (as serve does), runs `fn`, closes. */
async function withStore<T>(config: Config, fn: (deps: Deps) => Promise<T>): Promise<T> {
  const store = openStore(config.databaseUrl, { schema: config.databaseSchema, createDirectory: config.databaseUrl === DEFAULT_DATABASE_URL });
  try {
    const modules = builtInModules({ config, store, clock: systemClock, logger: createLogger('silent'), provider: undefined });
    const migrations = await migrateStore(store, moduleMigrations(modules));
    return await fn({ store, config, clock: systemClock, migrations, modules });
  } finally {
    await store.close();
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function migrate({ config, options }: Context) {
  const report = await withStore(config, async ({ migrations }) => migrations);
  if (options.json) return printJson(report);
  print(report.applied.length === 0 ? `Already up to date (${plural(report.total, 'migration')}).` : `Applied ${report.applied.join(', ')} (now ${plural(report.total, 'migration')}).`);
}

export async function verify({ config, options }: Context) {
  const report = await withStore(config, ({ store, modules }) => verifyLedger(store, moduleChecks(modules)));
  if (!report.ok) process.exitCode = 1;
  if (options.json) return printJson(report);
  if (report.ok) return print('OK: every usage counter equals its ledger, every job has its charge, and every delivered result was paid for.');
  const lines = ['The ledger and the counters disagree:'];
  if (report.drift.length > 0) {
    lines.push('', 'Counters that differ from their ledger sum:');
    lines.push(table(['tenant', 'meter', 'period', 'used', 'ledger'], report.drift.map((d) => [d.tenant_id, d.meter, d.period, String(d.used), String(d.ledger)])));
  }
  if (report.keyDrift.length > 0) {
    lines.push('', 'Key budget counters that differ from the sum of their key\'s ledger entries:');
    lines.push(table(['key', 'meter', 'period', 'used', 'ledger'], report.keyDrift.map((d) => [d.key_id, d.meter, d.period, String(d.used), String(d.ledger)])));
  }
  if (report.jobsWithoutCharge.length > 0) lines.push('', `Jobs without their charge: ${report.jobsWithoutCharge.join(', ')}`);
  if (report.inconsistentJobs.length > 0) lines.push('', 'Jobs whose ledger or progress disagrees with their items:', ...report.inconsistentJobs.map((j) => `  ${j.id}: ${j.problem}`));
  if (report.unpaidResults.length > 0) lines.push('', 'Results delivered without being paid for:', ...report.unpaidResults.map((j) => `  ${j.id}: ${j.problem}`));
  if (report.holds.length > 0) lines.push('', 'Holds and item entries that disagree with how their items ended:', ...report.holds.map((j) => `  ${j.id}: ${j.problem}`));
  print(lines.join('\n'));
}

/** Limits in force for the tenant this period: its tier's, with its own overrides on top. */
const limitsOf = (config: Config, tenant: Tenant) =>
  meterNames(config, tenant, [])
    .map((meter) => `${meter} ${limitFor(config, tenant, meter)}`)
    .join(', ') || 'none';

export async function tenantsCreate({ config, options }: Context) {
  const tenant = await withStore(config, (deps) =>
    createTenant(deps, { name: options.name, ...(options.id !== undefined ? { id: options.id } : {}), ...(options.tier !== undefined ? { tier: options.tier } : {}) }),
  );
  if (options.json) return printJson(renderTenant(tenant));
  print(
    [
      `Created tenant ${tenant.id} ("${tenant.name}") on tier ${tenant.tier}; limits: ${limitsOf(config, tenant)}.`,
      `Give it a key with: tollgate keys create --tenant ${tenant.id}`,
    ].join('\n'),
  );
}

async function allTenants(store: Store): Promise<Tenant[]> {
  const all: Tenant[] = [];
  for (;;) {
    const rows = await listTenants(store.db, { ...(all.length ? { after: all[all.length - 1]!.id } : {}), limit: 500 });
    all.push(...rows);
    if (rows.length < 500) return all;
  }
}

export async function tenantsList({ config, options }: Context) {
  const tenants = await withStore(config, ({ store }) => allTenants(store));
  if (options.json) return printJson({ data: tenants.map(renderTenant) });
  if (tenants.length === 0) return print('No tenants yet. Create one with: tollgate tenants create --name "Acme Inc"');
  print(table(['id', 'name', 'tier', 'created', 'limits'], tenants.map((t) => [t.id, t.name, t.tier, when(renderTenant(t).created_at), limitsOf(config, t)])));
}

async function getTenant(store: Store, id: string): Promise<Tenant> {
  const tenant = await findTenant(store.db, id);
  if (!tenant) throw new Failure(`No tenant "${id}". See the tenants with: tollgate tenants list`);
  return tenant;
}

export async function keysCreate({ config, options }: Context) {
  const tenantId = typeof options.tenant === 'string' ? options.tenant : null;
  const created = await withStore(config, async (deps) => {
    if (tenantId !== null) await getTenant(deps.store, tenantId);
    return createKey(deps, tenantId, { role: tenantId === null ? 'admin' : 'tenant', ...(options.name !== undefined ? { name: options.name } : {}) });
  });
  const { key, secret } = created;
  if (options.json) return printJson({ ...renderKey(key), key: secret });
  const label = key.name ? ` ("${key.name}")` : '';
  print(
    [
      tenantId === null ? `Created admin key ${key.id}${label}: it manages every tenant and key.` : `Created key ${key.id}${label} for tenant ${tenantId}.`,
      'The secret, shown this once (Tollgate keeps only its hash):',
      '',
      `  ${secret}`,
      '',
      `Send it as: Authorization: Bearer ${secret}`,
    ].join('\n'),
  );
}

export async function keysList({ config, options }: Context) {
  const tenantId = typeof options.tenant === 'string' ? options.tenant : undefined;
  const keys = await withStore(config, async ({ store }) => {
    if (tenantId !== undefined) await getTenant(store, tenantId);
    return listKeys(store.db, tenantId);
  });
  if (options.json) return printJson({ data: keys.map(renderKey) });
  if (keys.length === 0) {
    return print(
      tenantId === undefined
        ? 'No keys yet. Create one with: tollgate keys create --tenant ID (or --admin)'
        : `Tenant ${tenantId} has no keys yet. Create one with: tollgate keys create --tenant ${tenantId}`,
    );
  }
  const rows = keys.map(renderKey).map((k) => [k.id, k.prefix, k.role, k.tenant_id ?? '-', k.name ?? '-', when(k.created_at), when(k.last_used_at), k.revoked_at ? `revoked ${when(k.revoked_at)}` : 'active']);
  print(table(['id', 'prefix', 'role', 'tenant', 'name', 'created', 'last used', 'status'], rows));
}

export async function keysRevoke({ config, options, args }: Context) {
  const id = args[0]!;
  const outcome = await withStore(config, async ({ store }): Promise<{ revoked: ApiKey } | { found: ApiKey | undefined }> => {
    const revoked = await revokeKey(store.db, id, systemClock.now());
    return revoked ? { revoked } : { found: await findKey(store.db, id) };
  });
  if ('found' in outcome) {
    if (!outcome.found) throw new Failure(`No key ${id}. See the keys with: tollgate keys list`);
    throw new Failure(`Key ${id} was already revoked (${when(renderKey(outcome.found).revoked_at)}).`);
  }
  const key = outcome.revoked;
  if (options.json) return printJson(renderKey(key));
  const owner = key.tenant_id ? `tenant ${key.tenant_id}` : 'admin';
  print(`Revoked key ${key.id} (${key.prefix}…, ${owner}). Running servers refuse it within KEY_CACHE_MS (${config.keyCacheMs} ms).`);
}
