import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../config.js';
import type { D1Store } from './d1.js';
import type { Database } from './schema.js';
import { migrate, type MigrationSet } from './migrations/index.js';
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
/** D1 (Cloudflare Workers) is opened by the edge entry alone (store/d1.ts): this file imports Node's drivers. */
export type Store = SqliteStore | PostgresStore | D1Store;
/** A store Node opens (openStore): SQLite or PostgreSQL. */
export type NodeStore = SqliteStore | PostgresStore;

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to use (created when missing). */
  schema?: string;
  poolSize?: number;
  sqliteSynchronous?: 'OFF' | 'NORMAL' | 'FULL';
  /**
   * SQLite only: create the file's directory when it is missing. Meant for the default ./data
   * alone: any other missing directory is more likely a typo than a wish, so it is refused.
   */
  createDirectory?: boolean;
}

/**
 * The database cannot be opened or reached, for a reason its operator can fix: `reason` says what
 * happened, `hint` what to check. Callers add where they were pointed (the CLI names DATABASE_URL).
 */
export class DatabaseUnreachable extends Error {
  constructor(
    readonly dialect: Dialect,
    readonly reason: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}. ${hint}`, options);
    this.name = 'DatabaseUnreachable';
  }
}

// BIGINT (int8) and NUMERIC come back as strings from pg; every BIGINT here is an epoch ms or a
// counter well inside 2^53, so numbers are exact.
const pgTypes = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openStore(url: string, options: OpenStoreOptions = {}): NodeStore {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  return openSqlite(url, options);
}

/** The file a SQLite URL names (`file:<path>`), or undefined for PostgreSQL and `:memory:`. */
export function sqliteFile(url: string): string | undefined {
  if (url === ':memory:' || /^postgres(ql)?:\/\//.test(url)) return undefined;
  return url.replace(/^file:/, '');
}

function openSqlite(url: string, options: OpenStoreOptions): SqliteStore {
  const path = sqliteFile(url) ?? ':memory:';
  if (path !== ':memory:' && !existsSync(dirname(path))) {
    if (!options.createDirectory) {
      throw new DatabaseUnreachable('sqlite', `the directory ${dirname(path)} does not exist`, `Create it first (mkdir -p ${dirname(path)}), or use a file in an existing directory`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path);
    // WAL lets readers in other processes run beside the writer; NORMAL survives a process crash
    // (SIGKILL) without loss, FULL also survives power loss at the cost of an fsync per commit.
    raw.pragma('journal_mode = WAL');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
      throw new DatabaseUnreachable('sqlite', 'the file cannot be opened for writing', `Check that ${dirname(path)} is a writable directory and ${path} a writable file`, { cause: error });
    }
    if (code === 'SQLITE_NOTADB') throw new DatabaseUnreachable('sqlite', 'the file is not a SQLite database', 'Point at a Tollgate database, or at a file that does not exist yet', { cause: error });
    throw error;
  }
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
  const label = redactUrl(url);
  return { dialect: 'postgres', db, pool, schema, connectionString: url, label, close: () => db.destroy() };
}

/**
 * Why a PostgreSQL connection failed, in words an operator can act on; undefined for an error that
 * is not about reaching the server (a failing statement).
 */
export function explainPostgresFailure(error: unknown): DatabaseUnreachable | undefined {
  const e = error as { code?: string; message?: string; hostname?: string } | null;
  const code = e?.code;
  const message = String(e?.message ?? '');
  const because = (reason: string, hint: string) => new DatabaseUnreachable('postgres', reason, hint, { cause: error });
  if (code === 'ECONNREFUSED') return because('connection refused', 'Is the server running and reachable?');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return because(e?.hostname ? `host ${e.hostname} not found` : 'host not found', 'Check the host name');
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /timeout exceeded when trying to connect|connection timeout/i.test(message)) {
    return because('no answer (timed out)', 'Is the server running, and reachable from here (host, port, firewall)?');
  }
  if (code === 'ECONNRESET' || /Connection terminated/i.test(message)) {
    return because('the server closed the connection', 'Is it a PostgreSQL server, and does it accept this client (pg_hba.conf, SSL)?');
  }
  if (code === '28P01' || code === '28000') return because(message, 'Check the user name and password');
  if (code === '3D000') return because(message, 'Create the database (createdb), or fix its name');
  if (code === '57P03') return because('the server is starting up or shutting down', 'Try again in a moment');
  if (code === '53300') return because('the server has no connection slots left', 'Lower the pool size of other clients, or raise max_connections');
  return undefined;
}

export interface MigrationReport {
  /** The migrations this call applied, in order (none when another process got there first). */
  applied: string[];
  /** How many migrations the database now has. */
  total: number;
}

/** Create the schema when needed and run every pending migration. Safe to run from several processes. */
export async function migrateStore(store: NodeStore, sets: MigrationSet[] = []): Promise<MigrationReport> {
  try {
    return await migrateReachable(store, sets);
  } catch (error) {
    throw (store.dialect === 'postgres' && explainPostgresFailure(error)) || error;
  }
}

async function migrateReachable(store: NodeStore, sets: MigrationSet[]): Promise<MigrationReport> {
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
  return migrate(store.db, store.dialect, sets, store.dialect === 'postgres' ? store.schema : undefined);
}
