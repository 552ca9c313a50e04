/**
 * Admit: charge a tenant's allowance and store the job, its items and the charge's ledger entry, in
 * one transaction: all of it or none.
 *
 * Invariants:
 * - usage MUST change only together with its ledger entry, in this transaction: the charge and its
 *   `charge` entry are written by one transaction (on PostgreSQL, one statement), or neither is.
 * - A charge never takes usage past the limit: the conditional upsert on the usage row decides, under
 *   that row's lock (`used + cost <= limit`). Nothing is read, decided, then written.
 * - A job is charged at most once: its entry carries the unique dedup key `charge:<job>`.
 * - One pending or processing job per tenant, type and subject: the partial unique index
 *   `jobs_active_subject` refuses a second, and its charge goes back with it, unseen.
 * - A key budget is charged in the same transaction as the tenant's allowance, by the same kind of
 *   conditional upsert on the key's `key_usage` row (`key_usage_pkey`: one row per key, meter and
 *   period); both fit or nothing is written. The charge entry names the key: key usage = its ledger.
 *   Lock order: the usage row, then the key's usage row, then the job.
 * - A refused admission writes nothing; an Idempotency-Key is completed in the same transaction.
 *
 * - A batch of admissions written together is decided exactly as its admissions taken one after
 *   another in arrival order: a refusal consumes nothing, a duplicate of an earlier admission of the
 *   batch is a duplicate.
 *
 * sql.ts holds the statements both dialects share. sqlite.ts group-commits in-process (a transaction
 * per batch, a savepoint per admission); pg.ts runs one statement for an admission alone, and
 * pg-batch.ts one set-based statement for a batch (Idempotency-Keys completed in its transaction).
 * `tollgate_admit_batch` (migration 0004), the PL/pgSQL loop batches took before, is frozen history
 * and no longer called.
 */
import type { Store } from '../db.js';
import { admitOnD1 } from './d1.js';
import { admitOnPostgres } from './pg.js';
import { admitOnSqlite } from './sqlite.js';

/** Everything admission writes, decided before the transaction opens. */
export interface AdmissionPlan {
  jobId: string;
  tenantId: string;
  type: string;
  subject: string | null;
  input: string;
  cost: number;
  meter: string;
  period: string;
  /** The tier defaults of every tier, as JSON `{tier: {meter: limit}}`; the tenant's override wins. */
  tierLimits: string;
  /** The `usage.threshold` percentages, as JSON `{tier: [percent, …], "*": [percent, …]}`. */
  thresholds: string;
  requestedBy: string | null;
  /** The key whose budget is charged too: set only when the request's key has a budget on `meter`. */
  keyId: string | null;
  maxAttempts: number;
  /** Copied from the type: how the job's items settle (`actual`: `cost` is a hold). */
  settle: 'fixed' | 'actual';
  overage: 'cap' | 'charge';
  now: number;
  /** `[input, cost]` of each item, in order. Never empty. Serialised by the store, in chunks where that helps. */
  items: [unknown, number][];
  itemsTotal: number;
  idempotency?: {
    key: string;
    token: string;
    expiresAt: number;
    /** The admission's outcome (JSON) for replays, given the usage after the charge; stored in the admission transaction. */
    outcome: (used: number) => string;
  };
}

export type AdmissionRow =
  | { ok: true; used: number }
  /** Refused: nothing was written. `activeJobId` names a pending or processing job with the same subject. */
  /**
   * The charge did not fit. `held` is the part of `used` that is open holds (over `heldItems` items),
   * read after the refusal to tell a spent allowance from one that settling holds may free.
   */
  | { ok: false; reason: 'limit'; used: number; limit: number; held: number; heldItems: number }
  /** The tenant's allowance had room; the key's budget did not. */
  | { ok: false; reason: 'key_limit'; used: number; limit: number }
  | { ok: false; reason: 'duplicate'; activeJobId: string }
  | { ok: false; reason: 'tenant_missing' }
  /** The idempotency lock was taken over (it expired while this request ran): nothing was written. */
  | { ok: false; reason: 'idempotency_lost' };

/**
 * Charge, insert the job, its items and the ledger entry, all or nothing. The database decides:
 * a conditional upsert on the usage row refuses an over-limit charge, and the partial unique index
 * `jobs_active_subject` refuses a duplicate.
 */
export function admit(store: Store, plan: AdmissionPlan): Promise<AdmissionRow> {
  if (store.dialect === 'd1') return admitOnD1(store, plan);
  return store.dialect === 'sqlite' ? admitOnSqlite(store, plan) : admitOnPostgres(store, plan);
}
