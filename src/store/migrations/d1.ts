import type { SqlMigration } from './index.js';

/**
 * What D1 adds to the SQLite schema: the referees its batches need, since a batch cannot look at a
 * statement's result before running the next one (store/d1.ts). Applied after every other migration
 * (scripts/d1-migrations.ts), on D1 only: on SQLite and PostgreSQL the statements move usage
 * themselves, and these triggers would move it twice.
 *
 * - `d1_refusals` holds no row, ever: a statement that inserts one (an admission over the limit, an
 *   Idempotency-Key lost meanwhile) fails its CHECK, and the whole batch with it, writing nothing.
 * - `ledger_entries_move_usage`: usage and key usage move with each ledger entry as it is inserted,
 *   by its amount, in the same statement. An entry refused by its dedup key (ON CONFLICT DO NOTHING)
 *   fires nothing, so a refund or a charge written twice moves usage once.
 */
export const d1Referees: SqlMigration = {
  name: '0001_referees',
  sql: () => [
    `CREATE TABLE d1_refusals (
  over_limit TEXT,
  idempotency_lost TEXT,
  CONSTRAINT admission_over_limit CHECK (over_limit IS NULL),
  CONSTRAINT admission_idempotency_lost CHECK (idempotency_lost IS NULL)
)`,
    `CREATE TRIGGER ledger_entries_move_usage AFTER INSERT ON ledger_entries
FOR EACH ROW
BEGIN
  INSERT INTO usage (tenant_id, meter, period, used, updated_at)
  VALUES (NEW.tenant_id, NEW.meter, NEW.period, NEW.amount, NEW.created_at)
  ON CONFLICT (tenant_id, meter, period) DO UPDATE SET used = used + excluded.used, updated_at = excluded.updated_at;
  INSERT INTO key_usage (key_id, meter, period, tenant_id, used, updated_at)
  SELECT NEW.key_id, NEW.meter, NEW.period, NEW.tenant_id, NEW.amount, NEW.created_at WHERE NEW.key_id IS NOT NULL
  ON CONFLICT (key_id, meter, period) DO UPDATE SET used = used + excluded.used, updated_at = excluded.updated_at;
END`,
  ],
};
