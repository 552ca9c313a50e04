import { sql, Migrator, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { core } from './0001_core.js';
import { admissionBatch } from './0004_admission_batch.js';
import { jobTypes } from './0006_job_types.js';
import { holds } from './0007_holds.js';
import { keyBudgets } from './0008_key_budgets.js';
import { workerPresence } from './0009_worker_presence.js';
import { webhooks } from './0010_webhooks.js';

/** The few type spellings that differ between the dialects; everything else is shared SQL. */
export interface DialectSql {
  dialect: Dialect;
  serial: string;
}

/**
 * A migration written once as SQL for both dialects. Migrations are forward-only. A string is split
 * into statements at `;` line ends; an array is taken as whole statements (function bodies).
 */
export interface SqlMigration {
  name: string;
  sql: (d: DialectSql) => string | string[];
}

export const dialectSql: Record<Dialect, DialectSql> = {
  sqlite: { dialect: 'sqlite', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { dialect: 'postgres', serial: 'BIGSERIAL PRIMARY KEY' },
};

/** The core's migrations, in one sequence, recorded in Kysely's default table (`kysely_migration`). */
export const coreMigrations: SqlMigration[] = [core, admissionBatch, jobTypes, holds, keyBudgets, workerPresence, webhooks];

/**
 * Migrations a job type module recorded in the core's sequence before each owner had one of its own.
 * Frozen history: they keep their names and their place in `kysely_migration`, so a database that
 * applied them never sees them again; every later migration of a module is in its own namespace.
 */
const SHARED_SEQUENCE = new Set(['0002_leads', '0003_catalog', '0005_lead_evaluations_on_settle']);

/** A module's migrations: numbered by the module itself (`0001_…`), recorded in its own table. */
export interface MigrationSet {
  /** The module's name (its job type's): `[a-z][a-z0-9_]*`. Its table is `tollgate_migrations_<owner>`. */
  owner: string;
  migrations: SqlMigration[];
}

export interface MigrateOutcome {
  /** Applied by this call, in order; a module's as `<owner>/<name>`. */
  applied: string[];
  total: number;
}

/** A string is split into statements at `;` line ends; an array is taken as whole statements. */
function statementsOf(m: SqlMigration, d: DialectSql): string[] {
  const text = m.sql(d);
  return (Array.isArray(text) ? text : text.split(/;\s*\n/)).map((s) => s.trim()).filter(Boolean);
}

function toKysely(m: SqlMigration, dialect: Dialect): Migration {
  return {
    async up(db) {
      const statements = statementsOf(m, dialectSql[dialect]);
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * The core's sequence first, then each module's in its own table, in the order given: a module's
 * migration may rely on every core migration, never the other way round. Each sequence is applied
 * under Kysely's migration lock, so concurrent starts are safe.
 */
export async function migrate(db: Kysely<any>, dialect: Dialect, sets: MigrationSet[] = [], schema?: string): Promise<MigrateOutcome> {
  const { shared, owned } = sequences(sets);
  const applied: string[] = [];
  const run = async (migrations: SqlMigration[], table?: string, prefix = '') => {
    const migrator = new Migrator({
      db,
      ...(schema ? { migrationTableSchema: schema } : {}),
      ...(table ? { migrationTableName: table, migrationLockTableName: `${table}_lock` } : {}),
      provider: { getMigrations: async () => Object.fromEntries(migrations.map((m) => [m.name, toKysely(m, dialect)])) },
    });
    const result = await migrator.migrateToLatest();
    if (result.error) throw result.error;
    for (const r of result.results ?? []) if (r.status === 'Success') applied.push(prefix + r.migrationName);
  };
  await run([...coreMigrations, ...shared]);
  for (const set of owned) if (set.migrations.length > 0) await run(set.migrations, `tollgate_migrations_${set.owner}`, `${set.owner}/`);
  return { applied, total: coreMigrations.length + sets.reduce((n, set) => n + set.migrations.length, 0) };
}

/** The core's sequence (with the modules' frozen shared migrations) and each module's own, checked. */
function sequences(sets: MigrationSet[]) {
  const shared = sets.flatMap((set) => set.migrations.filter((m) => SHARED_SEQUENCE.has(m.name)));
  const owned = sets.map((set) => ({ ...set, migrations: set.migrations.filter((m) => !SHARED_SEQUENCE.has(m.name)) }));
  for (const set of owned) checkSet(set);
  return { shared, owned };
}

/**
 * Every migration in the order `migrate` applies them, each named `<owner>/<name>` (`core/…` for the
 * core's sequence): what the D1 migration files are generated from (scripts/d1-migrations.ts).
 */
export function orderedMigrations(sets: MigrationSet[]): { id: string; statements: (d: DialectSql) => string[] }[] {
  const { shared, owned } = sequences(sets);
  return [
    ...[...coreMigrations, ...shared].map((m) => ({ id: `core/${m.name}`, statements: (d: DialectSql) => statementsOf(m, d) })),
    ...owned.flatMap((set) => set.migrations.map((m) => ({ id: `${set.owner}/${m.name}`, statements: (d: DialectSql) => statementsOf(m, d) }))),
  ];
}

function checkSet(set: MigrationSet) {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(set.owner)) throw new Error(`migrations of "${set.owner}": an owner is [a-z][a-z0-9_]*, at most 41 characters`);
  for (const m of set.migrations) {
    if (!/^\d{4}_[a-z0-9_]+$/.test(m.name)) throw new Error(`migration "${m.name}" of ${set.owner}: a name is NNNN_words (0001_create_things)`);
  }
  const names = set.migrations.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new Error(`migrations of ${set.owner}: two migrations share a name`);
}
