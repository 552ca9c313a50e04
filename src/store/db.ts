import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrate, type SqlMigration } from './migrations/index.js';
import { SchemaPostgresDialect } from './pg-introspector.js';
import { SqliteHandle, sqliteDialect } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';

interface StoreBase {
  db: Kysely<Database>;
  /** Where it points, with any password removed: safe to log. */
  label: string;
  close(): Promise<void>;
}
export interface SqliteStore extends StoreBase {
  dialect: 'sqlite';
  sqlite: SqliteHandle;
}
export interface PostgresStore extends StoreBase {
  dialect: 'postgres';
  pool: pg.Pool;
  /** The schema the tables live in (tests use one per test). */
  schema: string;
  connectionString: string;
}
export type Store = SqliteStore | PostgresStore;

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to use (created when missing). */
  schema?: string;
  poolSize?: number;
  sqliteSynchronous?: 'OFF' | 'NORMAL' | 'FULL';
}

// BIGINT (int8) and NUMERIC come back as strings from pg; every BIGINT here is an epoch ms or a
// counter well inside 2^53, so numbers are exact.
const pgTypes = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openStore(url: string, options: OpenStoreOptions = {}): Store {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  return openSqlite(url, options);
}

function openSqlite(url: string, options: OpenStoreOptions): SqliteStore {
  const path = url === ':memory:' ? ':memory:' : url.replace(/^file:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path);
  // WAL lets readers in other processes run beside the writer; NORMAL survives a process crash
  // (SIGKILL) without loss, FULL also survives power loss at the cost of an fsync per commit.
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const sqlite = new SqliteHandle(raw);
  const db = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  return { dialect: 'sqlite', db, sqlite, label: `sqlite:${path}`, close: () => db.destroy() };
}

function openPostgres(url: string, options: OpenStoreOptions): PostgresStore {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 20,
    types: pgTypes,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
    // A restarted database kills every connection; idle ones are dropped and replaced lazily.
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an error on an idle client (database restart) would crash the process.
  pool.on('error', () => {});
  // pg-pool listens for errors only while a client is idle: one lent out (a transaction between two
  // statements) whose connection dies emits 'error' to nobody, and that crashes the process. The
  // statement in flight, or the next one, fails instead; the pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }, schema) });
  const label = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { dialect: 'postgres', db, pool, schema, connectionString: url, label, close: () => db.destroy() };
}

/** Create the schema when needed and run every pending migration. Safe to run from several processes. */
export async function migrateStore(store: Store, extra: SqlMigration[] = []): Promise<void> {
  if (store.dialect === 'postgres' && store.schema !== 'public') {
    const client = await store.pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${store.schema}"`);
    } catch (error) {
      // IF NOT EXISTS does not hold against a concurrent CREATE: the loser gets 23505 on
      // pg_namespace. The schema exists then, which is all this needs.
      if ((error as { code?: string }).code !== '23505') throw error;
    } finally {
      client.release();
    }
  }
  const result = await migrate(store.db, store.dialect, extra, store.dialect === 'postgres' ? store.schema : undefined);
  if (result.error) throw result.error;
}
