// Every server the harness starts gets a database of its own, created here and dropped after, so
// one figure's rows (a million jobs, twenty thousand settled items) never slow another's.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface BenchDatabase {
  dialect: Dialect;
  /** What the server gets as DATABASE_URL. */
  url: string;
  /** PostgreSQL: a connection string for the bench's own SQL; SQLite: the file path. */
  location: string;
  drop(): Promise<void>;
}

export interface DatabaseSettings {
  runId: string;
  /** Admin connection (trust auth) used to create and drop the per-run databases. */
  pgAdminUrl: string;
  /** Directory for SQLite files (gitignored). */
  workDir: string;
}

let sequence = 0;
// Databases not dropped yet, so that an interrupted run can still drop what it created.
const live = new Set<BenchDatabase>();

export async function createDatabase(dialect: Dialect, settings: DatabaseSettings, label: string): Promise<BenchDatabase> {
  sequence += 1;
  const slug = `${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${sequence}`;
  const created = dialect === 'sqlite' ? createSqlite(settings, slug) : await createPostgres(settings, slug);
  const database: BenchDatabase = {
    ...created,
    async drop() {
      live.delete(database);
      await created.drop();
    },
  };
  live.add(database);
  return database;
}

/**
 * Tracks something else this run made (a peer's schema, its Redis keys) like a database: `drop`
 * runs once, when the returned function is called or when an interrupted run drops everything.
 */
export function trackDroppable(drop: () => Promise<void>): () => Promise<void> {
  const item: BenchDatabase = {
    dialect: 'postgres',
    url: '',
    location: '',
    async drop() {
      if (!live.delete(item)) return;
      await drop();
    },
  };
  live.add(item);
  return () => item.drop();
}

export async function dropAllDatabases(): Promise<void> {
  await Promise.allSettled([...live].map((database) => database.drop()));
}

/**
 * How the server is told to use a SQLite file. `BENCH_SQLITE_URL` overrides the convention,
 * with `{path}` standing for the absolute file path (e.g. `sqlite:{path}`).
 */
export function sqliteDatabaseUrl(path: string): string {
  const template = process.env.BENCH_SQLITE_URL ?? 'file:{path}';
  return template.replace('{path}', path);
}

function createSqlite(settings: DatabaseSettings, slug: string): BenchDatabase {
  const directory = join(settings.workDir, settings.runId);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${slug}.db`);
  return {
    dialect: 'sqlite',
    url: sqliteDatabaseUrl(path),
    location: path,
    async drop() {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    },
  };
}

async function createPostgres(settings: DatabaseSettings, slug: string): Promise<BenchDatabase> {
  const name = `tollgate_bench_${settings.runId}_${slug}`.slice(0, 63);
  await withPgClient(settings.pgAdminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(settings.pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    location: url.toString(),
    async drop() {
      await withPgClient(settings.pgAdminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function withSqlite<T>(path: string, use: (db: Database.Database) => T): T {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** `SELECT version()` of the admin connection, or why it could not be read. */
export async function postgresVersion(pgAdminUrl: string): Promise<string> {
  try {
    return await withPgClient(pgAdminUrl, async (client) => {
      const result = await client.query<{ version: string }>('SELECT version()');
      return result.rows[0]?.version ?? 'unknown';
    });
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  } finally {
    db.close();
  }
}

export async function postgresReachable(pgAdminUrl: string): Promise<boolean> {
  try {
    await withPgClient(pgAdminUrl, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}
