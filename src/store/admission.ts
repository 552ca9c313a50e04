import type { Store } from './db.js';
import { admitOnPostgres } from './admission.pg.js';
import { admitOnSqlite } from './admission.sqlite.js';

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
  requestedBy: string | null;
  maxAttempts: number;
  now: number;
  /** JSON array of `[input, cost]`, one per item, in order. Never empty. */
  items: string;
  itemsTotal: number;
  idempotency?: {
    key: string;
    token: string;
    expiresAt: number;
    /** Renders the response stored for replays, written in the admission transaction. */
    render: (admitted: { used: number }) => { status: number; body: string };
  };
}

export type AdmissionRow =
  | { ok: true; used: number }
  /** Refused: nothing was written. `activeJobId` names a pending or processing job with the same subject. */
  | { ok: false; reason: 'limit'; used: number; limit: number }
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
  return store.dialect === 'sqlite' ? admitOnSqlite(store, plan) : admitOnPostgres(store, plan);
}
