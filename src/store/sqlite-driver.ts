import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect as KyselyDialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * SQLite has one connection per process; this driver differs from Kysely's stock one in three ways:
 * - transactions are `BEGIN IMMEDIATE`, so a writer waits for the lock up front (busy_timeout) instead of
 *   failing with SQLITE_BUSY when a deferred read transaction tries to upgrade while another process writes;
 * - prepared statements are cached by SQL text (the stock driver prepares every query again);
 * - the connection mutex is exposed as `exclusive()`, so hot paths can run a synchronous better-sqlite3
 *   transaction without interleaving with a Kysely transaction that is awaiting between statements.
 */
export class SqliteHandle {
  #locked: Promise<void> | undefined;
  #unlock: (() => void) | undefined;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly raw: BetterSqlite3.Database) {}

  prepare(sqlText: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sqlText);
    if (!statement) {
      if (this.#statements.size > 500) this.#statements.clear();
      statement = this.raw.prepare(sqlText);
      this.#statements.set(sqlText, statement);
    }
    return statement;
  }

  async lock(): Promise<void> {
    while (this.#locked) await this.#locked;
    this.#locked = new Promise((resolve) => (this.#unlock = resolve));
  }

  unlock(): void {
    const release = this.#unlock;
    this.#locked = undefined;
    this.#unlock = undefined;
    release?.();
  }

  /** Run `fn` alone on the connection; `fn` is synchronous, so it is one uninterrupted unit. */
  async exclusive<T>(fn: (handle: SqliteHandle) => T): Promise<T> {
    await this.lock();
    try {
      return fn(this);
    } finally {
      this.unlock();
    }
  }

  /** A synchronous `BEGIN IMMEDIATE` transaction, for use inside `exclusive`. */
  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }
}

class Connection implements DatabaseConnection {
  constructor(private readonly handle: SqliteHandle) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.handle.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not supported on SQLite');
  }
}

class Sqlite implements Driver {
  readonly #connection: Connection;
  constructor(private readonly handle: SqliteHandle) {
    this.#connection = new Connection(handle);
  }
  async init() {}
  async acquireConnection() {
    await this.handle.lock();
    return this.#connection;
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    this.handle.unlock();
  }
  async destroy() {
    this.handle.raw.close();
  }
}

export function sqliteDialect(handle: SqliteHandle): KyselyDialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new Sqlite(handle),
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
