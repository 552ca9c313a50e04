// Fills the jobs table with a million rows in seconds by cloning one job the API admitted, in SQL
// (`generate_series` on PostgreSQL, a recursive CTE on SQLite). Cloning a real row, rather than
// writing an INSERT against today's column list, keeps every NOT NULL, CHECK and foreign key
// satisfied whatever the migrations say. What must differ between clones is derived from the
// schema as the database reports it:
// - one column of each unique index the seed row actually occupies (no NULL in its columns) gets a
//   distinct value of the same shape: its last column that is not a foreign key, the primary key
//   first (a text id keeps its length and prefix, its last 7 characters become the
//   clone number; a uuid is drawn anew; an integer is offset); auto-numbered keys get their default;
// - `created_at` / `updated_at` step back one millisecond per clone, so the table has a real
//   history to page through and the seed job stays the newest.
// Clones that would still collide are skipped (ON CONFLICT DO NOTHING / INSERT OR IGNORE) and the
// caller is told how many rows exist.
import { withPgClient, withSqlite, type BenchDatabase } from './database.js';

const TABLE = 'jobs';
const SHIFTED = new Set(['created_at', 'updated_at']);
const CHUNK = 100_000;
const SUFFIX = 7;

/** Inserts `count` clones of the table's only job; returns the table's row count afterwards. */
export async function cloneJobs(database: BenchDatabase, count: number, log: (message: string) => void): Promise<number> {
  if (count >= 10 ** SUFFIX) throw new RangeError(`at most ${10 ** SUFFIX - 1} clones`);
  return database.dialect === 'postgres' ? clonePostgres(database.location, count, log) : cloneSqlite(database.location, count, log);
}

interface PgColumn {
  column_name: string;
  data_type: string;
  column_default: string | null;
  is_identity: string;
  is_generated: string;
}

async function clonePostgres(url: string, count: number, log: (message: string) => void): Promise<number> {
  return withPgClient(url, async (client) => {
    const schemas = await client.query<{ table_schema: string }>(
      `SELECT table_schema FROM information_schema.tables
        WHERE table_name = $1 AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY table_schema = 'public' DESC, table_schema LIMIT 1`,
      [TABLE],
    );
    const schema = schemas.rows[0]?.table_schema;
    if (schema === undefined) throw new Error(`no "${TABLE}" table in the server's database`);
    const qualified = `${quote(schema)}.${quote(TABLE)}`;
    const columns = (
      await client.query<PgColumn>(
        `SELECT column_name, data_type, column_default, is_identity, is_generated FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
        [schema, TABLE],
      )
    ).rows;
    const indexes = (
      await client.query<UniqueIndex>(
        `SELECT i.indisprimary AS primary, array_agg(a.attname::text ORDER BY k.ord) AS columns
           FROM pg_index i
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = $1::regclass AND i.indisunique
          GROUP BY i.indexrelid, i.indisprimary`,
        [qualified],
      )
    ).rows;
    const foreign = new Set(
      (
        await client.query<{ attname: string }>(
          `SELECT attname FROM pg_attribute
            WHERE attrelid = $1::regclass
              AND attnum IN (SELECT unnest(conkey) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f')`,
          [qualified],
        )
      ).rows.map((row) => row.attname),
    );
    const seeds = await client.query<Record<string, unknown>>(`SELECT ctid::text AS bench_ctid, * FROM ${qualified} LIMIT 2`);
    const seed = seeds.rows[0];
    if (seeds.rows.length !== 1 || seed === undefined) throw new Error(`expected exactly one job to clone, found ${seeds.rows.length}`);
    const varied = columnsToVary(indexes, seed, foreign);

    const targets: string[] = [];
    const values: string[] = [];
    for (const column of columns) {
      const name = column.column_name;
      const value = seed[name];
      const autoNumbered = column.is_identity === 'YES' || (column.column_default ?? '').startsWith('nextval(');
      if (column.is_generated === 'ALWAYS' || (autoNumbered && varied.has(name))) continue;
      targets.push(quote(name));
      values.push(pgExpression(`s.${quote(name)}`, column.data_type, value, varied.has(name), SHIFTED.has(name)));
    }
    const insert =
      `INSERT INTO ${qualified} (${targets.join(', ')}) SELECT ${values.join(', ')} FROM ${qualified} AS s ` +
      `CROSS JOIN generate_series($2::int, $3::int) AS g(n) WHERE s.ctid = $1::tid ON CONFLICT DO NOTHING`;
    for (let first = 1; first <= count; first += CHUNK) {
      const last = Math.min(count, first + CHUNK - 1);
      await client.query(insert, [seed.bench_ctid, first, last]);
      log(`cloned ${last.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} jobs`);
    }
    await client.query(`ANALYZE ${qualified}`);
    const total = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${qualified}`);
    return Number(total.rows[0]?.count ?? 0);
  });
}

interface UniqueIndex {
  primary: boolean;
  columns: string[];
}

/** The columns that must differ between clones so that no unique index rejects them. */
function columnsToVary(indexes: readonly UniqueIndex[], seed: Record<string, unknown>, foreign: ReadonlySet<string>): Set<string> {
  const varied = new Set<string>();
  const primaryFirst = [...indexes].sort((a, b) => Number(b.primary) - Number(a.primary));
  for (const index of primaryFirst) {
    if (index.columns.some((column) => seed[column] === null || seed[column] === undefined)) continue;
    if (index.columns.some((column) => varied.has(column))) continue;
    const candidates = index.columns.filter((column) => !foreign.has(column));
    const chosen = candidates.at(-1);
    if (chosen !== undefined) varied.add(chosen);
  }
  return varied;
}

function pgExpression(source: string, type: string, value: unknown, distinct: boolean, shifted: boolean): string {
  if (value === null || value === undefined) return source;
  if (distinct) {
    if (type === 'uuid') return 'gen_random_uuid()';
    if (/^(smallint|integer|bigint|numeric)$/.test(type)) return `${source} + g.n`;
    if (typeof value === 'string') return textClone(value, `lpad(g.n::text, ${SUFFIX}, '0')`, source, 'left');
    return source;
  }
  if (shifted) {
    if (type.startsWith('timestamp')) return `${source} - g.n * interval '1 millisecond'`;
    if (/^(integer|bigint|numeric|double precision|real)$/.test(type)) return `${source} - g.n`;
  }
  return source;
}

/** The clone number replaces the last characters of a text id, keeping its length and prefix. */
function textClone(value: string, number: string, source: string, dialect: 'left' | 'substr'): string {
  if (value.length <= SUFFIX) return `${source} || '_' || ${number}`;
  return dialect === 'left'
    ? `left(${source}, length(${source}) - ${SUFFIX}) || ${number}`
    : `substr(${source}, 1, length(${source}) - ${SUFFIX}) || ${number}`;
}

interface SqliteColumn {
  name: string;
  type: string;
  pk: number;
  hidden: number;
}

function cloneSqlite(path: string, count: number, log: (message: string) => void): number {
  return withSqlite(path, (db) => {
    const columns = db.prepare(`PRAGMA table_xinfo(${quote(TABLE)})`).all() as SqliteColumn[];
    if (columns.length === 0) throw new Error(`no "${TABLE}" table in the server's database`);
    const primaryKey = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
    const rowidAlias = primaryKey.length === 1 && primaryKey[0]?.type.toUpperCase() === 'INTEGER' ? primaryKey[0].name : undefined;
    const indexes: UniqueIndex[] = [];
    if (primaryKey.length > 0 && rowidAlias === undefined) indexes.push({ primary: true, columns: primaryKey.map((column) => column.name) });
    for (const index of db.prepare(`PRAGMA index_list(${quote(TABLE)})`).all() as { name: string; unique: number; origin: string }[]) {
      if (!index.unique || index.origin === 'pk') continue;
      const names = (db.prepare(`PRAGMA index_info(${quote(index.name)})`).all() as { name: string | null }[]).map((column) => column.name);
      if (names.every((name): name is string => name !== null)) indexes.push({ primary: false, columns: names });
    }
    const foreign = new Set(
      (db.prepare(`PRAGMA foreign_key_list(${quote(TABLE)})`).all() as { from: string }[]).map((key) => key.from),
    );
    const seeds = db.prepare(`SELECT * FROM ${quote(TABLE)} LIMIT 2`).all() as Record<string, unknown>[];
    const seed = seeds[0];
    if (seeds.length !== 1 || seed === undefined) throw new Error(`expected exactly one job to clone, found ${seeds.length}`);
    // The seed is found by its primary key (a WITHOUT ROWID table has no rowid), else by rowid.
    const where = primaryKey.length > 0 ? primaryKey.map((column) => `s.${quote(column.name)} = ?`).join(' AND ') : 's.rowid = ?';
    const whereValues =
      primaryKey.length > 0
        ? primaryKey.map((column) => seed[column.name])
        : [(db.prepare(`SELECT min(rowid) AS id FROM ${quote(TABLE)}`).get() as { id: number }).id];
    const varied = columnsToVary(indexes, seed, foreign);

    const targets: string[] = [];
    const values: string[] = [];
    for (const column of columns) {
      if (column.hidden === 2 || column.hidden === 3 || column.name === rowidAlias) continue;
      targets.push(quote(column.name));
      values.push(
        sqliteExpression(`s.${quote(column.name)}`, seed[column.name], varied.has(column.name), SHIFTED.has(column.name)),
      );
    }
    // better-sqlite3 binds JS numbers as REAL: the counter is cast so that clone 1 reads `1`, not `1.0`.
    const insert = db.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       INSERT OR IGNORE INTO ${quote(TABLE)} (${targets.join(', ')})
       SELECT ${values.join(', ')} FROM seq, ${quote(TABLE)} AS s WHERE ${where}`,
    );
    for (let first = 1; first <= count; first += CHUNK) {
      const last = Math.min(count, first + CHUNK - 1);
      db.transaction(() => insert.run(first, last, ...whereValues))();
      log(`cloned ${last.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} jobs`);
    }
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (db.prepare(`SELECT count(*) AS count FROM ${quote(TABLE)}`).get() as { count: number }).count;
  });
}

function sqliteExpression(source: string, value: unknown, distinct: boolean, shifted: boolean): string {
  if (value === null || value === undefined) return source;
  if (distinct) {
    if (typeof value === 'number' || typeof value === 'bigint') return `${source} + seq.n`;
    if (typeof value === 'string') return textClone(value, `substr('${'0'.repeat(SUFFIX)}' || seq.n, -${SUFFIX}, ${SUFFIX})`, source, 'substr');
    return source;
  }
  if (shifted) {
    if (typeof value === 'number') return `${source} - seq.n`;
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) {
      return `strftime('%Y-%m-%dT%H:%M:%fZ', ${source}, '-' || (seq.n / 1000.0) || ' seconds')`;
    }
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value)) {
      return `datetime(${source}, '-' || seq.n || ' seconds')`;
    }
  }
  return source;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
