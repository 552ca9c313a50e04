import type { Store } from '../store/db.js';
import { findInconsistentJobs, findJobsWithoutCharge } from '../store/jobs.store.js';
import { findDrift, type Drift } from '../store/ledger.store.js';

export interface VerifyReport {
  ok: boolean;
  /** Counters that differ from their ledger sum. */
  drift: Drift[];
  /** Jobs that exist without their charge. */
  jobsWithoutCharge: string[];
  /** Jobs whose net ledger or progress counters disagree with their items (a missing or double refund). */
  inconsistentJobs: { id: string; problem: string }[];
}

/** The invariants the ledger promises. `tollgate verify` prints this and exits non-zero unless ok. */
export async function verify(store: Store): Promise<VerifyReport> {
  const [drift, jobsWithoutCharge, inconsistentJobs] = await Promise.all([findDrift(store.db), findJobsWithoutCharge(store.db), findInconsistentJobs(store.db)]);
  return { ok: drift.length === 0 && jobsWithoutCharge.length === 0 && inconsistentJobs.length === 0, drift, jobsWithoutCharge, inconsistentJobs };
}
