import { sql, Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { Dialect } from '../db.js';
import { core } from './0001_core.js';
import { admissionBatch } from './0004_admission_batch.js';
import { jobTypes } from './0006_job_types.js';
import { holds } from './0007_holds.js';
import { keyBudgets } from './0008_key_budgets.js';

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

const dialectSql: Record<Dialect, DialectSql> = {
  sqlite: { dialect: 'sqlite', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { dialect: 'postgres', serial: 'BIGSERIAL PRIMARY KEY' },
};

/** Job types append their own migrations (leads, catalog) through `extraMigrations`. */
export const coreMigrations: SqlMigration[] = [core, admissionBatch, jobTypes, holds, keyBudgets];

function toKysely(m: SqlMigration, dialect: Dialect): Migration {
  return {
    async up(db) {
      const text = m.sql(dialectSql[dialect]);
      const statements = (Array.isArray(text) ? text : text.split(/;\s*\n/)).map((s) => s.trim()).filter(Boolean);
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

export async function migrate(db: Kysely<any>, dialect: Dialect, extra: SqlMigration[] = [], schema?: string): Promise<MigrationResultSet> {
  const all = [...coreMigrations, ...extra].sort((a, b) => a.name.localeCompare(b.name));
  const migrator = new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => Object.fromEntries(all.map((m) => [m.name, toKysely(m, dialect)])) },
  });
  return migrator.migrateToLatest();
}
