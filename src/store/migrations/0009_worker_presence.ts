import type { SqlMigration } from './index.js';

/**
 * Which job types some worker is serving: each worker (an in-process runner, a remote worker through
 * its claims) records, every few seconds, that it is alive and which types it runs. A job's ETA is
 * only promised when a worker has been seen for its type lately (core/eta.ts); without one it is
 * `null`, with the reason. Rows are overwritten in place, one per worker and type, and old ones are
 * deleted by housekeeping.
 */
export const workerPresence: SqlMigration = {
  name: '0009_worker_presence',
  sql: () => [
    `CREATE TABLE worker_presence (
  worker_id TEXT NOT NULL,
  type TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (worker_id, type)
)`,
    `CREATE INDEX worker_presence_seen ON worker_presence (seen_at)`,
  ],
};
