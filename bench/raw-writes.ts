// The same-run baseline for draining: how fast this database, on this machine, right now, takes
// plain batched row updates from one client. Settling an item costs at least one such row write
// (claim and settle are two), so items/s ÷ rows/s says how much of the database's raw write speed
// the worker turns into drained items, whatever the machine's noise is today.
import { withPgClient, withSqlite, type BenchDatabase } from './database.js';

const TABLE = 'bench_raw_updates';

/** Rows per second of `UPDATE … WHERE id BETWEEN` in batches of `batch`, each batch its own transaction. */
export async function rawUpdateRate(database: BenchDatabase, rows: number, batch = 100): Promise<number> {
  return database.dialect === 'postgres' ? postgresRate(database.location, rows, batch) : sqliteRate(database.location, rows, batch);
}

async function postgresRate(url: string, rows: number, batch: number): Promise<number> {
  return withPgClient(url, async (client) => {
    await client.query(`CREATE TABLE ${TABLE} (id integer PRIMARY KEY, state text NOT NULL, updated_at timestamptz)`);
    try {
      await client.query(`INSERT INTO ${TABLE} SELECT n, 'queued', NULL FROM generate_series(1, $1::int) AS n`, [rows]);
      await client.query(`ANALYZE ${TABLE}`);
      const begun = performance.now();
      for (let first = 1; first <= rows; first += batch) {
        await client.query(`UPDATE ${TABLE} SET state = 'completed', updated_at = now() WHERE id BETWEEN $1 AND $2`, [
          first,
          first + batch - 1,
        ]);
      }
      return (rows / (performance.now() - begun)) * 1000;
    } finally {
      await client.query(`DROP TABLE ${TABLE}`);
    }
  });
}

function sqliteRate(path: string, rows: number, batch: number): number {
  return withSqlite(path, (db) => {
    // The settings a server on this file is expected to use; the baseline must not be handicapped.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT)`);
    try {
      db.prepare(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
         INSERT INTO ${TABLE} SELECT n, 'queued', NULL FROM seq`,
      ).run(rows);
      const update = db.prepare(
        `UPDATE ${TABLE} SET state = 'completed', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE id BETWEEN ? AND ?`,
      );
      const begun = performance.now();
      for (let first = 1; first <= rows; first += batch) update.run(first, first + batch - 1);
      return (rows / (performance.now() - begun)) * 1000;
    } finally {
      db.exec(`DROP TABLE ${TABLE}`);
    }
  });
}
