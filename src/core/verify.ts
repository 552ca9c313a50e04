import type { Kysely } from 'kysely';
import type { Store } from '../store/db.js';
import { findHoldProblems } from '../store/holds.store.js';
import { findInconsistentJobs, findJobsWithoutCharge, findUnpaidResults } from '../store/jobs.store.js';
import { findDrift, findKeyDrift, type Drift, type KeyDrift } from '../store/ledger.store.js';
import type { Database } from '../store/schema.js';

export interface Finding {
  id: string;
  problem: string;
}

/** A job type's own invariant over its own tables (a result it keeps there was paid for…). */
export type VerifyCheck = (db: Kysely<Database>) => Promise<Finding[]>;

export interface VerifyReport {
  ok: boolean;
  /** Counters that differ from their ledger sum. */
  drift: Drift[];
  /** Key budget counters that differ from the sum of the ledger entries naming their key. */
  keyDrift: KeyDrift[];
  /** Jobs that exist without their charge. */
  jobsWithoutCharge: string[];
  /** Jobs whose net ledger or progress counters disagree with their items (a missing or double refund). */
  inconsistentJobs: Finding[];
  /** Results delivered without being paid for: an item or a job type's record of it that did not settle as succeeded and charged. */
  unpaidResults: Finding[];
  /** Items whose own entries disagree with how they ended (a hold not settled to its actual cost, a release or refund twice), and meters holding more than they use. */
  holds: Finding[];
}

/** The invariants the ledger promises. `tollgate verify` reports this (as is with --json) and exits 1 unless ok. */
export async function verify(store: Store, checks: VerifyCheck[] = []): Promise<VerifyReport> {
  const [holds, drift, keyDrift, jobsWithoutCharge, inconsistentJobs, unpaid, ...typeFindings] = await Promise.all([
    findHoldProblems(store.db),
    findDrift(store.db),
    findKeyDrift(store.db),
    findJobsWithoutCharge(store.db),
    findInconsistentJobs(store.db),
    findUnpaidResults(store.db),
    ...checks.map((check) => check(store.db)),
  ]);
  const unpaidResults = [...unpaid, ...typeFindings.flat()];
  return {
    ok: drift.length === 0 && keyDrift.length === 0 && jobsWithoutCharge.length === 0 && inconsistentJobs.length === 0 && unpaidResults.length === 0 && holds.length === 0,
    drift,
    keyDrift,
    jobsWithoutCharge,
    inconsistentJobs,
    unpaidResults,
    holds,
  };
}
