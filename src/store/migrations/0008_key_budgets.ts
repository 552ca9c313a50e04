import type { SqlMigration } from './index.js';

/**
 * Budgets per key (issue 13 §4): a tenant key may carry its own monthly limits per meter, a budget
 * inside its tenant's allowance.
 *
 * - `api_keys.limits` is JSON `{meter: limit}`, like `tenants.limits`; `{}` is no budget.
 * - `key_usage` counts what a key's budget has been charged, per key, meter and period. Its primary key
 *   is the row an admission's conditional upsert decides under, as `usage`'s is for the tenant.
 * - `jobs.key_id` and `ledger_entries.key_id` name the key whose budget a job was charged to (null: no
 *   budget on its meter when it was admitted). Refunds and releases follow the job's key, so
 *   `key_usage.used` = SUM(amount) of the ledger entries with that key, meter and period.
 */
export const keyBudgets: SqlMigration = {
  name: '0008_key_budgets',
  sql: () => [
    `ALTER TABLE api_keys ADD COLUMN limits TEXT NOT NULL DEFAULT '{}'`,
    `CREATE TABLE key_usage (
  key_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  period TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  used BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, meter, period)
)`,
    `ALTER TABLE jobs ADD COLUMN key_id TEXT`,
    `ALTER TABLE ledger_entries ADD COLUMN key_id TEXT`,
    // `tollgate verify` sums a key's entries per meter and period.
    `CREATE INDEX ledger_entries_key ON ledger_entries (key_id, meter, period) WHERE key_id IS NOT NULL`,
  ],
};
