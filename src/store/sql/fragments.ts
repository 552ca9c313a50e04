/**
 * SQL fragments: each rule that more than one statement applies, written once. A rule whose
 * spelling differs between the dialects is written here over the few words that differ and made
 * concrete in fragments.sqlite.ts and fragments.pg.ts, which both implement `Fragments`. Every
 * fragment takes the SQL expressions it applies to (an alias, a `:param`, a PL/pgSQL variable), so
 * each statement keeps its own names.
 */

/** The rules every dialect spells in its own words. */
export interface Fragments {
  /** A named parameter: PostgreSQL casts it to `pgType` where it cannot infer the type; SQLite needs no cast. */
  param(name: string, pgType: string): string;
  /**
   * A tenant's limit on a meter: the tenant's override, else its tier's default, else 0 (a meter nobody
   * configured admits nothing). `tenant` is the alias of a `tenants` row; `tierLimits` is JSON
   * `{tier: {meter: limit}}`. core/meters.ts `limitFor` is the same rule in TypeScript, for display only.
   */
  effectiveLimit(tenant: string, meter: string, tierLimits: string): string;
  /** A key's budget on a meter (`key` is the alias of an `api_keys` row), or NULL when it has none. */
  keyLimit(key: string, meter: string): string;
  /**
   * Start-time fair queuing: where a new job's items start in virtual time. After the tenant's own
   * pending items, but never before the head of the whole queue, so a tenant with a long backlog
   * cannot push a newcomer further back than one claim batch.
   */
  fairStart(tenant: string): string;
  /** The job roll-up (see `jobRollUpOver`): the SET list of an UPDATE of `jobs`. */
  jobRollUp(counts: RollUpCounts): string;
}

export interface RollUpCounts {
  /** The alias of the `jobs` row, or '' when the UPDATE has none. */
  job: string;
  /** Items of the job that succeeded and failed in this settle. */
  done: string;
  failed: string;
  /** The result of a one-item job's item, and the error of a failed item. */
  oneResult: string;
  lastError: string;
  now: string;
}

export function fairStartOver(greatest: string, tenant: string): string {
  return `${greatest}(
    COALESCE((SELECT MAX(vtime) FROM job_items WHERE tenant_id = ${tenant} AND status = 'pending'), 0) + 1,
    COALESCE((SELECT MIN(vtime) FROM job_items WHERE status = 'pending'), 0))`;
}

/**
 * The job roll-up: a job's counters, status, result and error after a settle. Once every item has
 * ended (succeeded, failed or cancelled) the job ends: completed when none failed, failed when none
 * succeeded, else partially completed; its result is the one item's result, or the counts.
 * `jsonObject` builds the counts in the dialect's JSON, as text.
 */
export function jobRollUpOver(jsonObject: (pairs: string) => string, c: RollUpCounts): string {
  const col = (name: string) => (c.job ? `${c.job}.${name}` : name);
  const done = `${col('items_done')} + ${c.done}`;
  const failed = `${col('items_failed')} + ${c.failed}`;
  const ended = `${done} + ${failed} + ${col('items_cancelled')}`;
  return `items_done = ${done},
    items_failed = ${failed},
    status = CASE
      WHEN ${ended} < ${col('items_total')} THEN ${col('status')}
      WHEN ${failed} = 0 THEN 'completed'
      WHEN ${done} = 0 THEN 'failed'
      ELSE 'partially_completed' END,
    finished_at = CASE WHEN ${ended} >= ${col('items_total')} THEN ${c.now} ELSE ${col('finished_at')} END,
    result = CASE
      WHEN ${ended} < ${col('items_total')} THEN ${col('result')}
      WHEN ${col('items_total')} = 1 THEN ${c.oneResult}
      ELSE ${jsonObject(`'succeeded', ${done}, 'failed', ${failed}, 'cancelled', ${col('items_cancelled')}`)} END,
    error = COALESCE(${c.lastError}, ${col('error')}),
    updated_at = ${c.now}`;
}

/*
 * Dedup keys. `ledger_entries.dedup_key` is unique, so a movement written under a key that exists
 * already is refused (ON CONFLICT DO NOTHING): each charge and refund happens at most once. The
 * same keys in TypeScript and in SQL, the prefixes written once.
 */
const CHARGE = 'charge:';
const REFUND = 'refund:';
const RELEASE = 'release:';
const OVERAGE = 'overage:';

/** A job's charge at admission. */
export const chargeKeySql = (jobId: string) => `'${CHARGE}' || ${jobId}`;
/** A failed item's refund, at settle. */
export const itemRefundKeySql = (jobId: string, itemId: string) => `'${REFUND}' || ${jobId} || ':' || ${itemId}`;
/** The refund of a cancelled job's unfinished items (one per job: a job is cancelled once). */
export const cancelRefundKey = (jobId: string) => `${REFUND}${jobId}`;
/** The unused part of an item's hold, given back when it succeeds (settle to actual). */
export const itemReleaseKeySql = (jobId: string, itemId: string) => `'${RELEASE}' || ${jobId} || ':' || ${itemId}`;
/** An actual cost above the hold, charged when the allowance has room (overage `charge`). */
export const itemOverageKeySql = (jobId: string, itemId: string) => `'${OVERAGE}' || ${jobId} || ':' || ${itemId}`;
