import type { SqlMigration } from './index.js';

/**
 * Holds: a job type that settles to its actual cost charges a hold at admission and settles each item
 * to what the work used (issue 13).
 *
 * - `jobs.settle` is `fixed` (the cost at admission is the price) or `actual` (it is a hold), and
 *   `jobs.overage` what an actual cost above the hold does (`cap` or `charge`). Both are copied from
 *   the type at admission: changing a type never changes how admitted jobs settle.
 * - `job_items.actual_cost` is what a succeeded item of an `actual` job was charged in the end, and
 *   `uncharged` the part of its reported cost above that (capped).
 * - The ledger gains `release`: the unused part of an item's hold, given back by the settle that
 *   records the item as succeeded, at most once (dedup key `release:<job>:<item>`). An overage that is
 *   charged is a `charge` under `overage:<job>:<item>`.
 */
export const holds: SqlMigration = {
  name: '0007_holds',
  sql: (d) => [
    `ALTER TABLE jobs ADD COLUMN settle TEXT NOT NULL DEFAULT 'fixed' CHECK (settle IN ('fixed', 'actual'))`,
    `ALTER TABLE jobs ADD COLUMN overage TEXT NOT NULL DEFAULT 'cap' CHECK (overage IN ('cap', 'charge'))`,
    `ALTER TABLE job_items ADD COLUMN actual_cost BIGINT`,
    `ALTER TABLE job_items ADD COLUMN uncharged BIGINT NOT NULL DEFAULT 0`,
    // Open holds of a tenant are read per meter and period (GET /v1/usage): the pending and running
    // items of its `actual` jobs.
    `CREATE INDEX job_items_open ON job_items (tenant_id, job_id) WHERE status IN ('pending', 'running')`,
    // On SQLite, processes learn of each other's job changes by reading the jobs changed lately (store/notify.sqlite.ts).
    `CREATE INDEX jobs_updated ON jobs (updated_at)`,
    ...(d.dialect === 'sqlite'
      ? [
          // SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references it).
          `CREATE TABLE ledger_entries_v2 (
  id ${d.serial},
  tenant_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'release', 'adjustment')),
  amount BIGINT NOT NULL,
  job_id TEXT,
  item_id BIGINT,
  reason TEXT,
  dedup_key TEXT,
  created_at BIGINT NOT NULL
)`,
          `INSERT INTO ledger_entries_v2 SELECT id, tenant_id, meter, period, kind, amount, job_id, item_id, reason, dedup_key, created_at FROM ledger_entries`,
          `DROP TABLE ledger_entries`,
          `ALTER TABLE ledger_entries_v2 RENAME TO ledger_entries`,
          `CREATE UNIQUE INDEX ledger_entries_dedup ON ledger_entries (dedup_key)`,
          `CREATE INDEX ledger_entries_tenant ON ledger_entries (tenant_id, id)`,
          `CREATE INDEX ledger_entries_period ON ledger_entries (tenant_id, meter, period)`,
          `CREATE INDEX ledger_entries_job ON ledger_entries (job_id)`,
        ]
      : [
          `ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check`,
          `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('charge', 'refund', 'release', 'adjustment'))`,
        ]),
  ],
};
