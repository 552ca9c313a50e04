/**
 * Cloudflare D1: SQLite behind a binding, with no interactive transactions (`BEGIN` is refused) and
 * one atomic form, `batch()`: its statements run in order, alone on the database, and all of them or
 * none are applied. Reads and the writes that move no money go through Kysely over this driver; the
 * operations that move money or leases are batches of their own (`store/<operation>/d1.ts`), each
 * written so that a statement never depends on a value read by the caller between two others.
 */
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely as KyselyType,
  type QueryResult,
} from 'kysely';
import { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The part of Cloudflare's D1 binding the store uses (workers-types' D1Database has more). */
export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}
export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<D1Result<never>>;
}
export interface D1Result<T> {
  results: T[];
  meta: { changes?: number; last_row_id?: number };
}

export interface D1Store {
  dialect: 'd1';
  db: Kysely<Database>;
  d1: D1Database;
  label: string;
  close(): Promise<void>;
}

export function openD1Store(d1: D1Database, label = 'd1'): D1Store {
  const db = new Kysely<Database>({ dialect: d1Dialect(d1) });
  return { dialect: 'd1', db, d1, label, close: () => db.destroy() };
}

/**
 * A prepared statement from SQL written with `:name` parameters (the SQLite statements' spelling):
 * D1 binds only positional ones, so each name becomes `?n`, the same number for every use of it.
 */
export function prepareNamed(d1: D1Database, text: string, params: Record<string, unknown>): D1PreparedStatement {
  const order: string[] = [];
  const sql = text.replace(/(?<![:\w]):([a-zA-Z_]\w*)/g, (_, key: string) => {
    let index = order.indexOf(key);
    if (index < 0) index = order.push(key) - 1;
    return `?${index + 1}`;
  });
  return d1.prepare(sql).bind(
    ...order.map((key) => {
      if (!(key in params)) throw new Error(`missing parameter ${key} in ${text.slice(0, 80)}`);
      return bindable(params[key]);
    }),
  );
}

/** D1 binds null, numbers, strings and bytes: undefined is NULL, a boolean 0 or 1. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

class D1Connection implements DatabaseConnection {
  constructor(private readonly d1: D1Database) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.d1
      .prepare(query.sql)
      .bind(...query.parameters.map(bindable))
      .all<R>();
    const { changes, last_row_id } = result.meta;
    return {
      rows: result.results ?? [],
      ...(changes !== undefined ? { numAffectedRows: BigInt(changes) } : {}),
      ...(last_row_id !== undefined && last_row_id !== null ? { insertId: BigInt(last_row_id) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not supported on D1');
  }
}

class D1Driver implements Driver {
  readonly #connection: D1Connection;
  constructor(d1: D1Database) {
    this.#connection = new D1Connection(d1);
  }
  async init() {}
  async acquireConnection() {
    return this.#connection;
  }
  // A caller that opens a transaction on D1 has no D1 form yet: failing loudly beats running its
  // statements one by one, unprotected.
  async beginTransaction(): Promise<void> {
    throw new Error('D1 has no interactive transactions: this operation needs a batch form (store/<operation>/d1.ts)');
  }
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

export function d1Dialect(d1: D1Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new D1Driver(d1),
    createIntrospector: (db: KyselyType<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/** The constraint a D1 batch failed on, from D1's message (`… CHECK constraint failed: <name> …`), if any. */
export function failedConstraint(error: unknown): string | undefined {
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  const check = /CHECK constraint failed: (\w+)/.exec(message);
  if (check) return check[1];
  const unique = /UNIQUE constraint failed: ([\w., ]+)/.exec(message);
  return unique ? `unique:${unique[1]!.trim()}` : undefined;
}
