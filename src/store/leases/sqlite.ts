import type { SqliteStore } from '../db.js';

// SQLite has one writer and no round trips: each operation is one synchronous transaction, and a
// loop of cached prepared statements inside it costs what one multi-row statement would.
// The SQL mirrors pg.ts beside it step by step; read that file for the reasoning.

const EXTEND = `UPDATE job_items SET locked_until = :until WHERE id = :id AND status = 'running' AND locked_by = :worker RETURNING id`;

const RELEASE = `
UPDATE job_items SET status = 'pending', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = :now
WHERE id = :id AND status = 'running' AND locked_by = :worker RETURNING id`;

export function extendOnSqlite(store: SqliteStore, worker: string, ids: number[], until: number): Promise<number[]> {
  return store.sqlite.exclusive((h) =>
    h.transaction(() => ids.filter((id) => h.prepare(EXTEND).get({ id, worker, until }) !== undefined)),
  );
}

export function releaseOnSqlite(store: SqliteStore, worker: string, ids: number[], now: number): Promise<number[]> {
  return store.sqlite.exclusive((h) => h.transaction(() => ids.filter((id) => h.prepare(RELEASE).get({ id, worker, now }) !== undefined)));
}
